import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModernOnlyServer, type RunningModernServer } from '../electron/lanes/inspector/test-support/modern-server';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

describe.skipIf(!chromiumPath)('choosing the MCP revision in Setup', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let server: RunningModernServer;

  beforeAll(async () => {
    server = await startModernOnlyServer(['echo', 'add']);
    web = await startWebHost();
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await server?.close();
  });

  it('legacy is refused by a 2026-07-28-only server with the reason named; auto lists its tools and the lane header says which revision', async () => {
    const { page } = browser;
    await page.getByTestId('setup-server').fill(server.url);
    for (const lane of ['Playground (Responses)', 'Realtime']) await page.getByRole('checkbox', { name: lane, exact: true }).uncheck();

    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/failed/);
    await expect.poll(() => page.getByTestId('lane-inspector').textContent()).toContain('-32022');
    await expect.poll(() => page.getByTestId('finding-mcp.no-shared-revision').textContent(), { timeout: 30_000 }).toContain('share no MCP protocol revision');

    await page.getByTestId('toggle-setup').click();
    await page.getByTestId('setup-protocol').selectOption('auto');
    await page.getByTestId('setup-protocol').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'protocol-setup.png') });
    await page.getByText('retired, today').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'protocol-setup-openai.png') });
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toBe('ok · 2 tools');
    await expect.poll(() => page.getByTestId('lane-inspector').textContent()).toContain('MCP 2026-07-28');
    await expect.poll(() => page.locator('.trow', { hasText: 'server/discover' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'protocol-auto.png') });
  });

  it('the demo menu starts a 2026-07-28-only server: the Inspector reaches it, the hosted lanes get 400 and the finding says why; the frame inspector explains _meta and the cache hint', async () => {
    const { page } = browser;
    if (!(await page.getByTestId('run-demo').isVisible())) await page.getByTestId('toggle-setup').click();
    await page.getByTestId('demo-server').selectOption('modern');
    await page.getByTestId('demo-server').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'demo-server-menu.png') });
    await page.getByTestId('run-demo').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    await expect.poll(() => page.getByTestId('lane-inspector').textContent()).toContain('MCP 2026-07-28');
    for (const lane of ['playground', 'realtime']) await expect.poll(() => page.getByTestId(`lane-status-${lane}`).textContent(), { timeout: 30_000 }).toMatch(/failed/);
    await page.getByTestId('tab-findings').click();
    await expect.poll(() => page.getByTestId('finding-mcp.hosted-era-gap').textContent(), { timeout: 30_000 }).toContain('HTTP 400');

    await page.locator('.trow', { hasText: 'server/discover → result' }).first().click();
    const fields = page.getByTestId('era-fields');
    await expect.poll(() => fields.textContent()).toContain('result.supportedVersions');
    expect(await fields.textContent()).toContain('cache hint');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'era-fields-result.png') });
    await page.getByRole('button', { name: /Go to request/ }).click();
    await expect.poll(() => fields.textContent()).toContain('io.modelcontextprotocol/protocolVersion');
    expect(await fields.textContent()).toContain('MCP-Protocol-Version');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'era-fields-request.png') });
  });
});
