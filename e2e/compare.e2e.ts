import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';
import { runDemoWithGeneratedSessionUpdate } from './support/setup';

describe.skipIf(!chromiumPath)('the Compare view', () => {
  const app = appUnderTest();

  it('compares the fixed run with the reported one: Realtime from failed to 10 tools, the session.type finding resolved', async () => {
    const { browser } = app;
    const { page } = browser;
    await runDemoWithGeneratedSessionUpdate(page);
    await page.getByTestId('tab-compare').click();
    const choice = page.getByTestId('compare-with');
    await expect.poll(() => choice.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The newest other run is the Demo's first, with the reporter's own session.update.
    expect(await choice.locator('option').first().textContent()).toMatch(/^custom_mcp_server · run /);
    await page.getByTestId('compare-run').click();
    await expect.poll(() => page.getByTestId('compare-headline').textContent(), { timeout: 30_000 }).toMatch(/^Differences: 10 added, .*1 resolved/);
    const realtime = page.getByTestId('compare-lane-realtime');
    expect(await realtime.textContent()).toContain('status: failed → ok');
    expect(await realtime.textContent()).toContain('added 10: fetch_user_id_details');
    expect(await page.getByTestId('compare-findings').textContent()).toContain('resolved: realtime.session-type-missing');
    // The Inspector saw the same server both times: no section for it.
    expect(await page.getByTestId('compare-lane-inspector').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'compare.png') });
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
