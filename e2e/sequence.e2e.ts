import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';
import { runDemoWithGeneratedSessionUpdate } from './support/setup';

describe.skipIf(!chromiumPath)('the Sequence view after the Demo', () => {
  const app = appUnderTest();

  it('draws each lane as arrows between its participants, and a click on an arrow inspects that frame', async () => {
    const { page } = app.browser;
    await runDemoWithGeneratedSessionUpdate(page);
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 60_000 }).toMatch(/conversation\.item\.done/);
    await page.getByTestId('view-sequence').click();
    const svg = page.getByTestId('sequence-svg');
    // The Inspector lane: initialize and tools/list go out to the MCP server, their results come back.
    await page.getByTestId('sequence-lane-inspector').click();
    await expect.poll(() => svg.locator('.sq-msg[data-label="initialize"]').count()).toBeGreaterThan(0);
    expect(await svg.locator('.sq-msg[data-label="tools/list"]').count()).toBeGreaterThan(0);
    expect(await svg.locator('.sq-msg[data-label="tools/list result"]').count()).toBeGreaterThan(0);
    expect(await svg.locator('.sq-head text').allTextContents()).toEqual(['Parallax Inspector', 'MCP server']);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'sequence-inspector.png') });

    // The Realtime lane: session.update out, the mcp_list_tools.* events back from OpenAI.
    await page.getByTestId('sequence-lane-realtime').click();
    await expect.poll(() => svg.locator('.sq-msg[data-label="session.update"]').count()).toBe(1);
    expect(await svg.locator('.sq-head text').allTextContents()).toEqual(['Parallax Realtime', 'OpenAI (local emulator)', 'MCP server']);
    for (const type of ['mcp_list_tools.in_progress', 'mcp_list_tools.completed']) {
      expect(await svg.locator(`.sq-msg[data-label="${type}"]`).count()).toBe(1);
    }
    const completed = svg.locator('.sq-msg[data-label="mcp_list_tools.completed"]');
    const seq = await completed.getAttribute('data-seq');
    await completed.click();
    await expect.poll(() => page.locator('.inspector-title').textContent()).toContain(`#${seq} · realtime · ws · received`);
    await expect.poll(() => svg.locator('.sq-msg.selected').getAttribute('data-seq')).toBe(seq);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'sequence-realtime.png') });

    // Export SVG saves the drawn diagram as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sequence-export').click()]);
    expect(download.suggestedFilename()).toBe('parallax-sequence-realtime.svg');
    expect(app.browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });

  it('tells each lane\'s story under the verdict, each clause a link to its frames', async () => {
    const { page } = app.browser;
    await page.getByTestId('tab-findings').click();
    const inspector = page.getByTestId('story-inspector');
    await expect.poll(() => inspector.textContent()).toMatch(/connected over legacy SSE, negotiated \d{4}-\d{2}-\d{2}( \(offered [^)]+\))?, listed 10 tools in 1 page/);
    const realtime = page.getByTestId('story-realtime');
    expect(await realtime.textContent()).toContain('OpenAI imported 10 tools from custom_mcp_server at conversation.item.done');
    const imported = realtime.locator('button.story-clause', { hasText: 'OpenAI imported 10 tools' });
    const seq = await imported.getAttribute('data-seqs');
    await imported.click();
    // The Sequence view (still shown) marks the frame the clause names.
    await expect.poll(() => page.getByTestId('sequence-svg').locator('.sq-msg.selected').getAttribute('data-seq')).toBe(seq);
    expect(await page.getByTestId('sequence-svg').locator('.sq-msg.selected').getAttribute('data-label')).toBe('conversation.item.done (mcp_list_tools)');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'stories.png') });
    expect(app.browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
