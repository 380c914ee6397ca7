import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

// At a laptop's size: the Demo, then the time-scaled view and the arrangement of the panes.
describe.skipIf(!chromiumPath)('the overview at 1280x800', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;

  beforeAll(async () => {
    web = await startWebHost();
    browser = await openBrowser({ width: 1280, height: 800 });
    await browser.page.goto(web.host.url);
    await browser.page.getByTestId('run-demo').click();
    await browser.page.getByTestId('verdict').filter({ hasText: 'conversation.item.done' }).waitFor({ timeout: 40_000 });
    for (const lane of ['inspector', 'playground', 'realtime']) {
      await browser.page.getByTestId(`lane-status-${lane}`).filter({ hasText: /ok|failed|skipped/ }).waitFor({ timeout: 30_000 });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('folds Setup away after the Demo and shows at least 25 timeline rows without horizontal scrolling', async () => {
    const { page } = browser;
    expect(await page.locator('.setup').isVisible()).toBe(false);
    // Rows fully inside the timeline's visible box.
    const visibleRows = await page.evaluate(() => {
      const body = document.querySelector('[data-testid="timeline"]');
      if (!body) return 0;
      const box = body.getBoundingClientRect();
      return [...body.querySelectorAll('.trow')].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= box.top - 0.5 && b.bottom <= box.bottom + 0.5;
      }).length;
    });
    expect(visibleRows).toBeGreaterThanOrEqual(25);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'overview-rows-1280.png') });
  });

  it('draws every lane on one time axis: exchanges and pairs as bars, events as ticks; a click on the canvas inspects the frame', async () => {
    const { page } = browser;
    await page.getByTestId('view-time').click();
    const canvas = page.getByTestId('time-canvas');
    await expect.poll(() => canvas.getAttribute('data-drawn').then(Number)).toBeGreaterThan(20);
    // The seed's tools/list request is drawn as a bar as long as its round trip.
    const bar = page.getByTestId('time-items').locator('button[data-kind="bar"]', { hasText: 'tools/list' });
    await expect.poll(() => bar.count()).toBe(1);
    const seq = Number(await bar.getAttribute('data-seq'));
    const label = await bar.textContent();
    expect(label).toMatch(/tools\/list \d+ ms$/);
    expect(await page.getByTestId('time-items').locator('button[data-kind="tick"]', { hasText: 'mcp_list_tools.completed' }).count()).toBeGreaterThan(0);
    // Hit testing on the canvas itself, at the bar's drawn position.
    const box = await canvas.boundingBox();
    const x = Number(await bar.getAttribute('data-x'));
    const y = Number(await bar.getAttribute('data-y'));
    if (!box) throw new Error('no canvas box');
    await page.mouse.move(box.x + x, box.y + y);
    await expect.poll(() => page.getByTestId('time-hover').textContent()).toContain(`#${seq} tools/list`);
    await page.mouse.click(box.x + x, box.y + y);
    await expect.poll(() => page.getByTestId('tab-frame').textContent()).toBe(`Frame #${seq}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'overview-time-1280.png') });
  });

  it('zooms about the pointer, pans by dragging and fits the whole capture again', async () => {
    const { page } = browser;
    const windowText = () => page.getByTestId('time-window').textContent();
    const whole = await windowText();
    const box = await page.getByTestId('time-canvas').boundingBox();
    if (!box) throw new Error('no canvas box');
    await page.mouse.move(box.x + box.width / 2, box.y + 150);
    await page.mouse.wheel(0, -600);
    await expect.poll(windowText).not.toBe(whole);
    const zoomed = await windowText();
    await page.mouse.move(box.x + box.width / 2, box.y + 150);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 200, box.y + 150, { steps: 5 });
    await page.mouse.up();
    await expect.poll(windowText).not.toBe(zoomed);
    await page.getByTestId('time-fit').click();
    await expect.poll(windowText).toBe(whole);
  });

  it('resizes, moves, swaps and hides the pane, and remembers the layout after a reload', async () => {
    const { page } = browser;
    const pane = page.getByTestId('detail-pane');
    const before = (await pane.boundingBox())?.width ?? 0;
    const handle = page.getByTestId('pane-splitter');
    const hb = await handle.boundingBox();
    if (!hb) throw new Error('no splitter');
    await page.mouse.move(hb.x + 2, hb.y + 100);
    await page.mouse.down();
    await page.mouse.move(hb.x - 118, hb.y + 100, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await pane.boundingBox())?.width ?? 0)).toBe(Math.round(before + 120));
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Math.round((await pane.boundingBox())?.width ?? 0)).toBe(Math.round(before + 100));

    await page.getByTestId('pane-swap').click();
    await expect.poll(async () => ((await pane.boundingBox())?.x ?? 1)).toBe(0);
    await page.getByTestId('pane-placement').click();
    await expect.poll(async () => Math.round((await pane.boundingBox())?.width ?? 0)).toBe(1280);

    await page.reload();
    await page.getByTestId('detail-pane').waitFor();
    // Below and swapped: above the timeline, as wide as the window, the time view still chosen.
    const after = await page.getByTestId('detail-pane').boundingBox();
    const main = await page.locator('.main-pane').boundingBox();
    expect(Math.round(after?.width ?? 0)).toBe(1280);
    expect((after?.y ?? 0) < (main?.y ?? 0)).toBe(true);
    expect(await page.getByTestId('view-time').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('pane-collapse').click();
    await expect.poll(() => page.getByTestId('detail-pane').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'overview-collapsed-1280.png') });
    await page.getByTestId('pane-collapse').click();
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
