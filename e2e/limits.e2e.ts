import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileHttpServer } from '../electron/lanes/inspector/test-support/hostile-server';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';
import { setupInspectorOnly } from './support/setup';
import { startWebHost } from './support/web-host';

/**
 * A server whose tools/list answer is far larger than any client should hold, probed from the app
 * with limits lowered in Setup: the Inspector lane stops at message-bytes and says so, the finding
 * names the limit and its frames, and the inspector shows the clipped frame's head, the gap, its
 * tail and its hash instead of pretending the frame is whole.
 */
describe.skipIf(!chromiumPath)('Limits in the app', () => {
  let server: Awaited<ReturnType<typeof startHostileHttpServer>>;

  beforeAll(async () => {
    server = await startHostileHttpServer({ kind: 'huge', bytes: 12 * 1024 * 1024 });
  });
  afterAll(async () => {
    await server?.close();
  });
  // Registered after the file's own hooks: the fixtures start first and stop last, as before.
  const app = appUnderTest();

  it('stops a 12 MiB answer at the message-bytes set in Setup, names the limit, and shows the clipped frame', async () => {
    const { page } = app.browser;
    await setupInspectorOnly(page, server.url);
    await page.locator('.setup-limits > summary').click();
    await page.getByTestId('setup-limit-message-bytes').fill('lots');
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.locator('.setup-limits .field-error').textContent()).toContain('message-bytes: "lots" is not a size');
    await page.getByTestId('setup-limit-message-bytes').fill('2MiB');
    await page.getByTestId('setup-limit-frame-bytes').fill('256KiB');
    await page.locator('.setup-limits').screenshot({ path: path.join(SCREENSHOT_DIR, 'setup-limits.png') });
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/failed/);

    await page.getByTestId('tab-findings').click();
    const finding = page.locator('li.finding', { has: page.getByTestId('finding-capture.limit-exceeded') });
    await expect.poll(() => finding.textContent(), { timeout: 15_000 }).toMatch(/exceeded message-bytes \(2 MiB\)/);
    expect(await finding.textContent()).toContain('stopped reading an answer at message-bytes');
    await finding.locator('.finding-evidence .chip').first().click();
    // The chip marks the frames in the timeline; the clipped body is the first of them.
    const marked = page.locator('.trow.evidence').first();
    await expect.poll(() => marked.count()).toBeGreaterThan(0);
    await marked.click();

    const inspector = page.getByTestId('frame-inspector');
    await expect.poll(() => inspector.getByTestId('clipped-note').textContent(), { timeout: 15_000 }).toMatch(/Clipped at capture: .* had arrived when reading stopped/);
    expect(await inspector.getByTestId('clipped-note').textContent()).toMatch(/SHA-256 of every byte: [0-9a-f]{64}/);
    await inspector.getByRole('tab', { name: 'Raw' }).click();
    const raw = inspector.locator('pre.raw');
    expect((await raw.textContent())?.startsWith('{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"huge"')).toBe(true);
    await expect.poll(() => raw.locator('.clip-gap').textContent()).toMatch(/not kept/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'limits-clipped-frame.png') });
    expect(app.browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });

  it('takes its defaults from the settings file in the data folder, and names a broken one before any probe starts', async () => {
    const { page } = app.browser;
    // A fresh app: its data folder holds nothing but the settings file.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-settings-'));
    const settingsFile = path.join(dataDir, 'settings.json');
    await writeFile(settingsFile, JSON.stringify({ limits: { messageBytes: 'lots', jsonDepht: 5 } }));
    const fresh = await startWebHost(dataDir);
    try {
      await page.goto(fresh.host.url);
      const start = async () => {
        await setupInspectorOnly(page, server.url);
        await page.locator('.setup-limits > summary').click();
      };
      await start();
      await expect.poll(() => page.getByTestId('settings-file-error').textContent()).toMatch(/^the settings file .*settings\.json has problems: .*messageBytes: "lots" is not a size.*jsonDepht/);
      await page.getByTestId('run-probe').click();
      await expect.poll(() => page.getByTestId('setup-error').textContent()).toMatch(/settings\.json has problems: .* Fix or remove it, then start the probe again\./);
      await page.locator('.setup-limits').screenshot({ path: path.join(SCREENSHOT_DIR, 'setup-limits-settings-error.png') });

      await writeFile(settingsFile, JSON.stringify({ limits: { messageBytes: '2MiB', frameBytes: '256KiB' } }));
      await page.reload();
      await start();
      await expect.poll(() => page.getByTestId('settings-file').textContent()).toBe(`Defaults from ${settingsFile}`);
      expect(await page.getByTestId('setup-limit-message-bytes').getAttribute('placeholder')).toBe('2 MiB');
      expect(await page.getByTestId('setup-limit-message-bytes').inputValue()).toBe('');
      await page.locator('.setup-limits').screenshot({ path: path.join(SCREENSHOT_DIR, 'setup-limits-settings-file.png') });
      await page.getByTestId('run-probe').click();
      await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/failed/);
      await page.getByTestId('tab-findings').click();
      const finding = page.locator('li.finding', { has: page.getByTestId('finding-capture.limit-exceeded') });
      await expect.poll(() => finding.textContent(), { timeout: 15_000 }).toMatch(/exceeded message-bytes \(2 MiB\)/);
      expect(app.browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
    } finally {
      await fresh.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
