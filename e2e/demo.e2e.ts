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
    // Ctrl+Enter in Setup runs the probe, as the shortcuts list says; here it must refuse.
    await page.getByTestId('setup-server').press('Control+Enter');
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
    // The Claude lane posts to the emulator's Messages endpoint, whose MCP connector lists the seed's tools.
    await expect.poll(() => page.getByTestId('lane-status-claude').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    expect(await page.getByTestId('setup-anthropic-base-url').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Nobody scrolled: the timeline followed the live run to its end.
    expect(await page.getByTestId('timeline-resume').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'demo.png') });
  });

  it('shows where the Realtime API delivers the tools, then the seed app\'s own session.update and its findings', async () => {
    const { page } = browser;
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 30_000 }).toMatch(/arrive at conversation\.item\.done \(seq \d+\), never on mcp_list_tools\.completed/);

    // Setup folded away when the run started; it opens again with what the Demo filled in.
    expect(await page.locator('.setup').isVisible()).toBe(false);
    await page.getByTestId('toggle-setup').click();
    // The seed's client sends its session.update without session.type, exactly as pasted.
    const url = await page.getByTestId('setup-server').inputValue();
    await page.getByTestId('session-update-custom').check();
    await page.getByTestId('session-update').fill(JSON.stringify({ type: 'session.update', session: { tools: [{ type: 'mcp', server_label: 'seed', server_url: url, require_approval: 'never' }] } }));
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-realtime').textContent(), { timeout: 30_000 }).toMatch(/failed/);
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 30_000 }).toContain('session.type');
    await page.getByTestId('tab-findings').click();
    const findings = page.getByTestId('findings').locator('li');
    await expect.poll(() => findings.count()).toBeGreaterThan(0);
    // A finding with evidence marks its frames in the timeline.
    const withEvidence = page.locator('.finding', { has: page.locator('.chip') }).first();
    await withEvidence.locator('.finding-head').click();
    await expect.poll(() => page.locator('.trow.evidence').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'findings.png') });

    await page.getByTestId('tab-tools').click();
    const rows = page.getByTestId('tool-matrix').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(10);
    await rows.first().click();
    await expect.poll(() => page.getByTestId('tool-side-by-side').locator('section').count()).toBe(4);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tool-matrix.png') });
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
