import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../electron/emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { chromiumPath, openBrowser, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

/**
 * The hostile fixture through every lane, in the browser UI: its names and descriptions carry
 * payloads that each leave a mark if they ever run or parse as HTML (a dialog, the page title,
 * window.__pwned, a [data-pwned] node, a request for a "pwned" URL). None may appear, the page
 * must keep answering clicks, and memory must stay within a generous bound of where it started.
 */

// The engine runs in this process; a forced collection makes its heap figure mean something.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const engineHeap = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};
async function rendererHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

const MIB = 1024 * 1024;
/** The fixture's largest payload (a 1 MB description) crosses each of three lanes a few times. */
const GROWTH_ALLOWED = 100 * MIB;

describe.skipIf(!chromiumPath)('hostile server payloads in the renderer', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let fixture: RunningFixtureServer;
  let emulator: RunningEmulator;
  let cdp: CDPSession;
  const marks: string[] = [];

  beforeAll(async () => {
    fixture = await startFixtureServer({ profile: 'hostile' });
    emulator = await startEmulator({ allowPrivateNetwork: true });
    web = await startWebHost();
    // Any key works with the emulator; without one the hosted lanes would be skipped.
    await web.engine.dispatch('setApiKey', { key: 'sk-parallax-local-emulator' });
    browser = await openBrowser();
    const { page } = browser;
    page.on('dialog', (dialog) => {
      marks.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => { if (/pwned/i.test(request.url())) marks.push(`request: ${request.url()}`); });
    page.on('console', (message) => { if (/pwned/i.test(message.text())) marks.push(`console: ${message.text()}`); });
    cdp = await page.context().newCDPSession(page);
    await page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await emulator?.close();
    await fixture?.close();
  });

  it('probes the hostile fixture through all lanes; no payload runs anywhere, memory stays bounded, clicks still answer', async () => {
    const { page } = browser;
    await page.getByTestId('filter').waitFor();
    const engineBefore = engineHeap();
    const rendererBefore = await rendererHeap(cdp);

    await page.getByTestId('setup-server').fill(fixture.url);
    await page.getByPlaceholder('https://api.openai.com/v1').fill(emulator.baseUrl);
    await page.getByPlaceholder(/^wss:\/\/api\.openai\.com/).fill(emulator.realtimeUrl);
    await page.getByTestId('run-probe').click();
    for (const lane of ['inspector', 'playground', 'realtime']) {
      await expect.poll(() => page.getByTestId(`lane-status-${lane}`).textContent(), { timeout: 60_000 }).not.toMatch(/idle|running/);
    }
    expect(await page.getByTestId('lane-status-inspector').textContent()).toMatch(/5 tools/);

    // Every frame of the tools/list answers in the inspector, raw text and all.
    const answers = page.locator('.trow', { hasText: /tools\/list|mcp_list_tools/ });
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const shown = Math.min(await answers.count(), 8);
    for (let i = 0; i < shown; i++) {
      await answers.nth(i).click();
      await page.getByTestId('frame-inspector').waitFor();
    }
    // The garbage frames too (invalid JSON-RPC, invalid UTF-8).
    await page.getByTestId('filter').fill('invalid');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toMatch(/^[1-9]\d* of /);
    const invalidSeq = await page.locator('.trow').first().getAttribute('data-seq');
    await page.locator(`.trow[data-seq="${invalidSeq}"]`).click();
    await page.getByTestId('filter').fill('');

    await page.getByTestId('tab-findings').click();
    await expect.poll(() => page.getByTestId('tab-findings').textContent(), { timeout: 60_000 }).toMatch(/Findings \(\d+\)/);
    const findings = page.getByTestId('findings').locator('.finding-head');
    for (let i = 0; i < await findings.count(); i++) await findings.nth(i).click();
    await page.getByTestId('tab-tools').click();
    const rows = page.getByTestId('tool-matrix').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(5);
    // The HTML tool's definitions side by side: its name shows as text, not as markup.
    const htmlTool = rows.filter({ hasText: '<script>alert("name")</script>' });
    await expect.poll(() => htmlTool.count()).toBeGreaterThan(0);
    await htmlTool.first().click();
    await expect.poll(() => page.getByTestId('tool-side-by-side').textContent()).toMatch(/data-pwned=\\?"img\\?"/);
    for (let i = 0; i < await rows.count(); i++) await rows.nth(i).click();

    // Give anything that might have been injected time to load and fire.
    await page.waitForTimeout(500);
    const inPage = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      title: document.title,
      nodes: document.querySelectorAll('[data-pwned], script:not([src]), iframe').length,
    }));
    expect(inPage).toEqual({ pwned: null, title: expect.not.stringMatching(/pwned/i) as string, nodes: 0 });
    expect(marks).toEqual([]);

    // Still responsive: a click switches the tab.
    await page.getByTestId('tab-findings').click();
    await expect.poll(() => page.getByTestId('tab-findings').getAttribute('aria-selected')).toBe('true');

    const rendererGrowth = (await rendererHeap(cdp)) - rendererBefore;
    const engineGrowth = engineHeap() - engineBefore;
    console.log(`hostile probe: renderer heap +${(rendererGrowth / MIB).toFixed(1)} MiB, engine heap +${(engineGrowth / MIB).toFixed(1)} MiB`);
    expect(rendererGrowth).toBeLessThan(GROWTH_ALLOWED);
    expect(engineGrowth).toBeLessThan(GROWTH_ALLOWED);
    expect(browser.problems.filter((p) => /pwned|Content Security Policy/i.test(p))).toEqual([]);
  });
});
