import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

describe.skipIf(!chromiumPath)('the shell in Chromium, engine in Node', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let session: BrowserSession;

  beforeAll(async () => {
    web = await startWebHost();
    session = await openBrowser();
  });
  afterAll(async () => {
    await session?.close();
    await web?.close();
  });

  it('shows where the engine runs, read through the typed contract', async () => {
    const { page } = session;
    await page.goto(web.host.url);
    const status = page.getByTestId('engine-connection');
    await expect.poll(() => status.textContent()).toContain(`pid ${process.pid}`);
    expect(await status.textContent()).toContain(`Node ${process.versions.node}`);
    expect(await status.textContent()).toContain('browser host');
  });

  it('clicking "Check engine" makes a round trip and shows the engine\'s answer', async () => {
    const { page } = session;
    const before = (await web.engine.dispatch('ping', { text: 'from the test' }));
    const servedBefore = before.ok ? (before.value as { served: number }).served : -1;
    await page.getByTestId('engine-check').click();
    const result = page.getByTestId('engine-check-result');
    await expect.poll(() => result.textContent()).toMatch(/Engine answered in [\d.]+ ms \(request #\d+\)/);
    const served = Number(/#(\d+)/.exec((await result.textContent()) ?? '')?.[1]);
    expect(served).toBeGreaterThan(servedBefore);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'shell.png') });
  });

  it('loads with no CSP violation or page error', () => {
    expect(session.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });

  it('without the token the page says so and the engine stays unreachable', async () => {
    const other = await openBrowser();
    try {
      await other.page.goto(web.host.origin);
      await expect.poll(() => other.page.getByTestId('engine-connection').textContent()).toContain('No access token');
      await other.page.getByTestId('engine-check').click();
      await new Promise((r) => setTimeout(r, 500));
      expect(await other.page.getByTestId('engine-check-result').textContent()).not.toContain('Engine answered');
    } finally {
      await other.close();
    }
  });
});
