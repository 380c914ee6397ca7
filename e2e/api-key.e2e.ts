import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../electron/emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

/** Only this key opens the emulator, so lanes that list tools prove the key was used. */
const API_KEY = 'sk-e2e-secret-3c9d2f7a1b604e58';

describe.skipIf(!chromiumPath)('the OpenAI key in the UI', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let seed: RunningFixtureServer;
  let emulator: RunningEmulator;
  const fromEngine: string[] = [];

  beforeAll(async () => {
    seed = await startFixtureServer({ profile: 'seed' });
    emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
    web = await startWebHost();
    browser = await openBrowser();
    browser.page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => fromEngine.push(String(payload))));
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await emulator?.close();
    await seed?.close();
  });

  it('is written once, used by the hosted lanes, and never comes back to the page', async () => {
    const { page } = browser;
    await page.getByTestId('key-input').fill(API_KEY);
    await page.getByTestId('key-status').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('key-status').textContent()).toContain('set');
    expect(await page.getByTestId('key-input').inputValue()).toBe('');
    // The Claude lane's key is its own entry in the same write-only store.
    await expect.poll(() => page.getByTestId('key-status-anthropic').textContent()).toMatch(/not set|No Anthropic key/i);
    await page.getByTestId('key-input-anthropic').fill(API_KEY);
    await page.getByTestId('key-status-anthropic').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('key-status-anthropic').textContent()).toContain('set');
    expect(await page.getByTestId('key-input-anthropic').inputValue()).toBe('');

    await page.getByTestId('setup-server').fill(seed.url);
    await page.getByPlaceholder('https://api.openai.com/v1').fill(emulator.baseUrl);
    await page.getByTestId('setup-anthropic-base-url').fill(emulator.anthropicBaseUrl);
    const claude = page.getByRole('checkbox', { name: 'Claude (Messages API)' });
    if (!(await claude.isChecked())) await claude.check();
    await page.getByTestId('key-status-anthropic').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'setup-keys.png') });
    await page.getByTestId('run-probe').click();
    for (const lane of ['inspector', 'playground', 'realtime', 'claude']) {
      await expect.poll(() => page.getByTestId(`lane-status-${lane}`).textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    }

    const state = await page.evaluate(() => JSON.stringify({
      html: document.documentElement.outerHTML,
      local: { ...localStorage },
      session: { ...sessionStorage },
      inputs: [...document.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value),
    }));
    expect(state).not.toContain(API_KEY);
    expect(fromEngine.length).toBeGreaterThan(0);
    expect(fromEngine.join('\n')).not.toContain(API_KEY);
    const captures = await readdir(path.join(web.dataDir, 'captures'));
    for (const file of captures) expect(await readFile(path.join(web.dataDir, 'captures', file), 'utf8')).not.toContain(API_KEY);
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
