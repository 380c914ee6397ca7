import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';
import { setupInspectorOnly } from './support/setup';

describe.skipIf(!chromiumPath)('the Call pane\'s history', () => {
  let server: RunningFixtureServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-history-'));
    server = await startFixtureServer({ profile: 'forms', transport: 'streamable-http' });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });
  // Registered after the file's own hooks: the fixtures start first and stop last, as before.
  const app = appUnderTest();

  const entries = () => app.browser.page.getByTestId('call-history-entry');
  const sessionOf = async (index: number) => (await entries().nth(index).getAttribute('data-session')) ?? '';

  async function book(name: string, city: string): Promise<void> {
    const { page } = app.browser;
    await page.getByTestId('call-field.patient.name').fill(name);
    await page.getByTestId('call-field.patient.address.city').fill(city);
    await page.getByTestId('call-run').click();
    await expect.poll(() => page.getByTestId('call-result-inspector').textContent(), { timeout: 30_000 }).toContain(`visit for ${name} in ${city}`);
  }

  it('lists two calls newest first, and Re-run of the first fills the form, runs it again in a new session and lists that too', async () => {
    const { page } = app.browser;
    await setupInspectorOnly(page, server.url);
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/^ok/);
    await page.getByTestId('tab-call').click();
    await page.getByTestId('call-tool').selectOption('book_visit');
    await page.getByTestId('call-field.urgency').selectOption('urgent');
    await page.getByTestId('call-field.notes-null').check();
    await book('Ada', 'Leeds');
    await book('Bob', 'York');

    await expect.poll(() => entries().count()).toBe(2);
    expect(await entries().nth(0).getByTestId('call-history-arguments').textContent()).toContain('"Bob"');
    expect(await entries().nth(1).getByTestId('call-history-arguments').textContent()).toContain('"Ada"');
    for (const i of [0, 1]) {
      expect(await entries().nth(i).getByTestId('call-history-target').textContent()).toBe('tools/call book_visit');
      expect(await entries().nth(i).getByTestId('call-history-lane-inspector').textContent()).toBe('Inspector: result');
    }
    const [bob, ada] = [await sessionOf(0), await sessionOf(1)];
    expect(bob).not.toBe(ada);
    // The newest call's session is the one on screen; the other opens its own.
    expect(await entries().nth(0).getByTestId('call-history-current').count()).toBe(1);
    expect(await entries().nth(1).getByTestId('call-history-open').count()).toBe(1);

    await entries().nth(1).getByTestId('call-history-rerun').click();
    await expect.poll(() => page.getByTestId('call-result-inspector').textContent(), { timeout: 30_000 }).toContain('visit for Ada in Leeds');
    await expect.poll(() => entries().count()).toBe(3);
    const rerun = await sessionOf(0);
    expect([ada, bob]).not.toContain(rerun);
    expect(await entries().nth(0).getByTestId('call-history-arguments').textContent()).toContain('"Ada"');
    expect(await entries().nth(0).getByTestId('call-history-current').count()).toBe(1);
    // The form holds what ran again.
    expect(await page.getByTestId('call-field.patient.name').inputValue()).toBe('Ada');
    expect(await page.getByTestId('call-field.patient.address.city').inputValue()).toBe('Leeds');
    await page.getByTestId('call-history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-history.png') });
  });

  it('opens an entry\'s session from its capture, and lists a capture someone sent, which re-runs against this server', async () => {
    const { page } = app.browser;
    // Bob's call, opened from its entry: its capture replays, and the history is still all there.
    await entries().nth(1).getByTestId('call-history-open').click();
    await expect.poll(() => page.getByTestId('session-title').textContent(), { timeout: 30_000 }).toContain('replay');
    await page.getByTestId('tab-call').click();
    await expect.poll(() => entries().count()).toBe(3);
    await expect.poll(() => entries().nth(1).getByTestId('call-history-current').count()).toBe(1);

    // A copy of Ada's capture, as a colleague would send it, opened by path.
    const sent = path.join(dir, 'from-a-colleague.parallax');
    const adaCapture = await entries().nth(2).getByTestId('call-history-open').getAttribute('title');
    await copyFile(adaCapture ?? '', sent);
    await page.getByTestId('open-capture').click();
    await page.getByTestId('capture-path').fill(sent);
    await page.getByTestId('capture-path').press('Enter');
    await expect.poll(() => page.getByTestId('session-title').textContent(), { timeout: 30_000 }).toContain('from-a-colleague.parallax');
    await page.getByTestId('tab-call').click();
    await expect.poll(() => entries().count(), { timeout: 30_000 }).toBe(4);
    const fromCapture = entries().nth(0);
    expect(await fromCapture.textContent()).toContain('from a capture');
    expect(await fromCapture.getByTestId('call-history-lane-inspector').textContent()).toBe('Inspector: ok');
    await page.getByTestId('call-history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-history-capture.png') });

    await fromCapture.getByTestId('call-history-rerun').click();
    await expect.poll(() => page.getByTestId('call-result-inspector').textContent(), { timeout: 30_000 }).toContain('visit for Ada in Leeds');
    await expect.poll(() => entries().count()).toBe(5);
    expect(await page.getByTestId('session-title').textContent()).not.toContain('from-a-colleague');
    expect(await entries().nth(0).getByTestId('call-history-current').count()).toBe(1);
  });
});
