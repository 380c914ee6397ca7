import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer } from '../electron/fixtures/fixture-server';
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

    // Four lanes of frames: narrow the timeline so the discover exchange is on screen.
    await page.getByTestId('filter').fill('method:server/discover');
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

  it('compares two revisions side by side: a split deployment gives the legacy lane 9 tools and the 2026-07-28 lane 10, with the finding and each list tagged with its revision and cache hint', async () => {
    const { page } = browser;
    const split = await startFixtureServer({ profile: 'seed', transport: 'streamable-http', era: 'split', options: { toolsTtlMs: 60_000 } });
    try {
      if (!(await page.getByTestId('run-probe').isVisible())) await page.getByTestId('toggle-setup').click();
      await page.getByTestId('setup-server').fill(split.url);
      for (const lane of ['Playground (Responses)', 'Realtime', 'Claude (Messages API)']) await page.getByRole('checkbox', { name: lane, exact: true }).uncheck();
      await page.getByTestId('setup-protocol').selectOption('legacy');
      await page.getByTestId('setup-compare-protocol').selectOption('2026-07-28');
      await page.getByTestId('setup-compare-protocol').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'protocol-compare-setup.png') });
      await page.getByTestId('run-probe').click();

      await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toBe('ok · 9 tools');
      await expect.poll(() => page.getByTestId('lane-status-era').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
      expect(await page.getByTestId('lane-inspector').textContent()).toContain('MCP 2025-11-25');
      expect(await page.getByTestId('lane-era').textContent()).toContain('MCP 2026-07-28');
      await page.getByTestId('tab-findings').click();
      const finding = page.getByTestId('finding-mcp.era-lists-differ');
      await expect.poll(() => finding.textContent(), { timeout: 30_000 }).toContain('2025-11-25 (9) and 2026-07-28 (10)');
      await finding.click();
      await expect.poll(() => page.locator('li.finding', { has: finding }).textContent()).toContain('only over 2026-07-28: get_insurance_coverage');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'protocol-compare-finding.png') });

      await page.getByTestId('tab-tools').click();
      await expect.poll(() => page.getByTestId('provenance-era').textContent()).toBe('MCP 2026-07-28 · cache hint ttl 60 s, private');
      expect(await page.getByTestId('provenance-inspector').textContent()).toBe('MCP 2025-11-25');
      const row = page.locator('table.matrix tr', { hasText: 'get_insurance_coverage' });
      expect(await row.locator('td[data-state]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-state')))).toEqual(['absent', 'present']);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'protocol-compare-tools.png') });
    } finally {
      await split.close();
    }
  });
});
