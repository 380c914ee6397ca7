import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

describe.skipIf(!chromiumPath)('recording proxies from the UI', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let fixture: RunningFixtureServer;

  beforeAll(async () => {
    fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
    web = await startWebHost();
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await fixture?.close();
  });

  it('starts a proxy, shows its address, records what a client sends through it in the Server lane, and stops it', async () => {
    const { page } = browser;
    const panel = page.getByTestId('proxy-panel');
    await panel.getByLabel('MCP server URL').fill(fixture.url);
    await page.getByTestId('proxy-start').click();
    const address = panel.locator('.proxy-list code').first();
    await expect.poll(() => address.textContent()).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const proxyUrl = new URL(new URL(fixture.url).pathname, (await address.textContent()) ?? '').toString();

    // A real MCP request through the proxy, from outside the page.
    const answer = await fetch(proxyUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'User-Agent': 'e2e-client/1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '1' } } }),
    });
    expect(answer.status).toBe(200);
    await answer.text();
    await expect.poll(() => page.getByTestId('lane-server').count()).toBe(1);
    await expect.poll(() => page.locator('.trow', { hasText: 'initialize' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'proxies.png') });
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => panel.textContent()).toContain('No proxy running.');
  });
});
