import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../electron/emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';

const API_KEY = 'sk-parallax-call-lanes-e2e-5c5c5c5c';
const HOSTED = ['playground', 'realtime', 'claude'] as const;
const LANES = ['inspector', ...HOSTED] as const;

/** Runs a probe through every lane against `openaiBaseUrl` and waits for each lane to list the tools. */
async function probeAllLanes(page: Page, openaiBaseUrl: string): Promise<void> {
  // Setup folds away once a probe runs; its button brings it back.
  if (!(await page.getByTestId('run-probe').isVisible())) await page.getByTestId('toggle-setup').click();
  await page.getByPlaceholder('https://api.openai.com/v1').fill(openaiBaseUrl);
  await page.getByTestId('run-probe').click();
  for (const lane of LANES) await expect.poll(() => page.getByTestId(`lane-status-${lane}`).textContent(), { timeout: 30_000 }).toMatch(/^ok/);
}

/** Fills book_visit's nested, enum and nullable form, ticks every lane and calls. */
async function callBookVisitEverywhere(page: Page): Promise<void> {
  await page.getByTestId('tab-call').click();
  await page.getByTestId('call-tool').selectOption('book_visit');
  await page.getByTestId('call-field.patient.name').fill('Ada');
  await page.getByTestId('call-field.patient.address.city').fill('Leeds');
  await page.getByTestId('call-field.urgency').selectOption('urgent');
  await page.getByTestId('call-field.notes-null').check();
  for (const lane of HOSTED) await page.getByTestId(`call-lane-${lane}`).check();
  await page.getByTestId('call-run').click();
}

describe.skipIf(!chromiumPath)('one call through every lane at once', () => {
  let server: RunningFixtureServer;
  let emulator: RunningEmulator;
  let timingOut: RunningEmulator;

  beforeAll(async () => {
    server = await startFixtureServer({ profile: 'forms', transport: 'streamable-http' });
    emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
    // The same API, except that every tools/call it makes for the model is abandoned as timed out.
    timingOut = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY, faults: ['call-timeout'] });
  });
  afterAll(async () => {
    await Promise.all([emulator?.close(), timingOut?.close(), server?.close()]);
  });
  // Registered after the file's own hooks: the fixtures start first and stop last, as before.
  const app = appUnderTest();

  it('shows the direct tools/call beside each hosted client\'s call of the same tool, and says they agree', async () => {
    const { page } = app.browser;
    for (const [input, status] of [['key-input', 'key-status'], ['key-input-anthropic', 'key-status-anthropic']] as const) {
      await page.getByTestId(input).fill(API_KEY);
      await page.getByTestId(status).getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByTestId(status).textContent()).toContain('set');
    }
    await page.getByTestId('setup-server').fill(server.url);
    await page.getByTestId('setup-anthropic-base-url').fill(emulator.anthropicBaseUrl);
    const claude = page.getByRole('checkbox', { name: 'Claude (Messages API)' });
    if (!(await claude.isChecked())) await claude.check();
    await probeAllLanes(page, emulator.baseUrl);
    await callBookVisitEverywhere(page);
    for (const lane of LANES) {
      await expect.poll(() => page.getByTestId(`call-outcome-${lane}`).textContent(), { timeout: 60_000 }).toBe('result');
      // The hosted clients relay the server's text: the same visit in every lane.
      expect(await page.getByTestId(`call-result-${lane}`).textContent()).toContain('visit for Ada in Leeds');
    }
    await expect.poll(() => page.getByTestId('call-same').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('call-same').textContent()).toContain('got the same text');
    expect(await page.getByTestId('call-differences').count()).toBe(0);
    await page.getByTestId('call-results').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-all-lanes.png') });
  });

  it('explains, with the frames, a call that answers in the Inspector and fails in Realtime', async () => {
    const { page } = app.browser;
    await probeAllLanes(page, timingOut.baseUrl);
    await callBookVisitEverywhere(page);
    await expect.poll(() => page.getByTestId('call-outcome-realtime').textContent(), { timeout: 60_000 }).toBe('failed');
    expect(await page.getByTestId('call-outcome-inspector').textContent()).toBe('result');
    const differences = page.getByTestId('call-differences');
    await expect.poll(() => differences.count(), { timeout: 30_000 }).toBe(1);
    const text = await differences.textContent();
    expect(text).toContain('book_visit');
    // Claude's calls go to the first emulator, which answers them: only the OpenAI lanes time out.
    expect(text).toContain('answered in Inspector and Claude, failed in Playground and Realtime');
    expect(text).toContain('Every lane sent the same arguments');
    // The finding's frames are the calls' own: choosing it marks them in the timeline.
    await differences.getByTestId('finding-calls.results-differ').click();
    await expect.poll(() => page.locator('.trow.evidence').count()).toBeGreaterThan(1);
    await page.getByTestId('tab-call').click();
    await differences.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-lanes-differ.png') });
    // The same finding is in the session's findings, for the verdict, bundles and `parallax diagnose`.
    await page.getByTestId('tab-findings').click();
    expect(await page.getByTestId('finding-calls.results-differ').count()).toBe(1);
    expect(app.browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
