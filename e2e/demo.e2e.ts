import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

describe.skipIf(!chromiumPath)('the demo and the Setup screen', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;

  beforeAll(async () => {
    web = await startWebHost();
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('names what is wrong with a setup before anything runs', async () => {
    const { page } = browser;
    await page.getByTestId('setup-server').fill('ftp://example.com');
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('neither an http(s) URL nor a stdio');
    expect(web.engine.session().source).toBe('none');
    await page.getByTestId('setup-server').fill('http://127.0.0.1:9/mcp');
    await expect.poll(() => page.getByTestId('setup-local-warning').textContent()).toContain('127.0.0.1 is only reachable from this machine');
  });

  it('one click on Demo probes the seed server through every lane and fills the timeline', async () => {
    const { page } = browser;
    await page.getByTestId('run-demo').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    await expect.poll(() => page.getByTestId('session-title').textContent()).toContain('local emulator');
    expect(await page.getByTestId('setup-server').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sse$/);
    await expect.poll(() => page.locator('.trow', { hasText: 'tools/list → result' }).count()).toBeGreaterThan(0);
    // Every lane the demo chose has finished one way or another, each saying why.
    for (const lane of ['playground', 'realtime']) {
      await expect.poll(() => page.getByTestId(`lane-status-${lane}`).textContent(), { timeout: 30_000 }).not.toMatch(/idle|running/);
    }
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'demo.png') });
  });
});
