import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureJournal } from '../electron/capture/journal';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

const FRAMES = 200;
/** Original gap between frames: 200 frames span 19.9 s, about 2 s at 10x. */
const GAP_MS = 100;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Frame i (seq i + 1) is on the realtime lane when i % 3 === 0, else on the inspector lane. */
async function writeCapture(file: string): Promise<void> {
  const journal = await CaptureJournal.create(file, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date(T0).toISOString(), lanes: [{ lane: 'inspector' }, { lane: 'realtime' }], emulated: true });
  for (let i = 0; i < FRAMES; i++) {
    const t = T0 + i * GAP_MS;
    if (i % 3 === 0) journal.record({ t, lane: 'realtime', conn: 'rt', layer: 'ws', dir: 'in', raw: JSON.stringify({ type: 'response.output_text.delta', n: i }) });
    else journal.record({ t, lane: 'inspector', conn: 'c1', layer: 'jsonrpc', dir: i % 3 === 1 ? 'out' : 'in', raw: JSON.stringify(i % 3 === 1 ? { jsonrpc: '2.0', id: i, method: 'tools/list' } : { jsonrpc: '2.0', id: i - 1, result: { tools: [] } }) });
  }
  await journal.close();
}

describe.skipIf(!chromiumPath)('replaying a loaded capture in the browser UI', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-replay-'));
    web = await startWebHost();
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
    const file = path.join(dir, 'paced.parallax');
    await writeCapture(file);
    const opened = await web.engine.dispatch('openCapture', { path: file });
    expect(opened.ok).toBe(true);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const count = () => browser.page.getByTestId('filter-count').textContent();
  const position = () => browser.page.getByTestId('replay-position').textContent();
  const rowCount = () => browser.page.getByTestId('timeline').getAttribute('aria-rowcount');
  /** aria-rowindex of the last row drawn (the timeline follows the end of what has played). */
  const lastRowIndex = () => browser.page.locator('.trow[data-seq]').evaluateAll((rows) => Math.max(0, ...rows.map((r) => Number(r.getAttribute('aria-rowindex')))));

  it('opens showing every frame, with the replay bar at the end', async () => {
    const { page } = browser;
    await expect.poll(count).toBe('200 frames');
    await expect.poll(position).toBe('frame 200 of 200');
    // Frame times arrive in pages after the frame count: wait for them, as a user would see them fill in.
    await expect.poll(() => page.getByTestId('replay-elapsed').textContent()).toBe('0:19.900 / 0:19.900');
    expect(await page.getByRole('toolbar', { name: 'Replay' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Replay from the start' }).isEnabled()).toBe(true);
  });

  it('scrubs to a position and shows exactly the frames played so far', async () => {
    const { page } = browser;
    await page.getByRole('slider', { name: 'Replay position' }).fill('37');
    await expect.poll(count).toBe('37 frames');
    await expect.poll(position).toBe('frame 37 of 200');
    await expect.poll(rowCount).toBe('37');
    await expect.poll(lastRowIndex).toBe(37);
    expect(await page.locator('.trow[aria-rowindex="37"]').getAttribute('data-seq')).toBe('37');
    expect(await page.locator('.trow[aria-rowindex="38"]').count()).toBe(0);
    // Frame 37 is at 36 gaps from the first.
    await expect.poll(() => page.getByTestId('replay-elapsed').textContent()).toBe('0:03.600 / 0:19.900');
  });

  it('steps one frame forward and back, by button and by keyboard', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Step forward one frame' }).click();
    await expect.poll(position).toBe('frame 38 of 200');
    await expect.poll(rowCount).toBe('38');
    await expect.poll(lastRowIndex).toBe(38);
    await page.getByTestId('replay-bar').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(position).toBe('frame 40 of 200');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(position).toBe('frame 39 of 200');
    await expect.poll(count).toBe('39 frames');
    await page.getByRole('button', { name: 'Step back one frame' }).click();
    await expect.poll(position).toBe('frame 38 of 200');
    // Space plays and pauses while the bar has focus.
    await page.getByTestId('replay-bar').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('button', { name: 'Pause replay' }).count()).toBe(1);
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('button', { name: 'Play replay' }).count()).toBe(1);
  });

  it('combines a filter with the replay position', async () => {
    const { page } = browser;
    await page.getByRole('slider', { name: 'Replay position' }).fill('30');
    await expect.poll(count).toBe('30 frames');
    await page.getByTestId('filter').fill('lane:realtime');
    await page.getByTestId('filter').press('Enter');
    // Frames 0, 3, ..., 27 of the first 30 are on the realtime lane.
    await expect.poll(count).toBe('10 of 30 frames');
    await expect.poll(rowCount).toBe('10');
    await expect.poll(lastRowIndex).toBe(10);
    expect(await page.locator('.trow[aria-rowindex="10"]').getAttribute('data-seq')).toBe('28');
    // Row 31 (index 30) is realtime: one more frame brings one more match; the next two do not.
    await page.getByRole('button', { name: 'Step forward one frame' }).click();
    await expect.poll(count).toBe('11 of 31 frames');
    await page.getByRole('button', { name: 'Step forward one frame' }).click();
    await expect.poll(count).toBe('11 of 32 frames');
    await expect.poll(rowCount).toBe('11');
  });

  it('plays at 10x to the end, filtered, and stops there', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Replay speed' }).selectOption('10');
    await page.getByRole('button', { name: 'Play replay' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Pause replay' }).count()).toBe(1);
    await expect.poll(position, { timeout: 30_000, interval: 100 }).toBe('frame 200 of 200');
    await expect.poll(() => page.getByRole('button', { name: 'Replay from the start' }).count()).toBe(1);
    await expect.poll(count).toBe('67 of 200 frames');
    await expect.poll(rowCount).toBe('67');
    await page.getByTestId('filter').fill('');
    await page.getByTestId('filter').press('Enter');
    await expect.poll(count).toBe('200 frames');
    await expect.poll(lastRowIndex).toBe(200);
  });

  it('starts over from the end, and looks right mid-replay', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Replay speed' }).selectOption('1');
    await page.getByRole('button', { name: 'Replay from the start' }).click();
    // At 1x the first frame plays at once; the 200th would take 20 s.
    await expect.poll(() => page.getByRole('button', { name: 'Pause replay' }).count()).toBe(1);
    await expect.poll(async () => Number((await position())?.match(/frame (\d+)/)?.[1])).toBeLessThan(100);
    await page.getByRole('button', { name: 'Pause replay' }).click();
    await page.getByRole('slider', { name: 'Replay position' }).fill('120');
    await expect.poll(count).toBe('120 frames');
    await expect.poll(lastRowIndex).toBe(120);
    await page.locator('.trow[aria-rowindex="118"]').click();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'replay.png') });
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious axe violations in the replay bar in the ${scheme} theme`, async () => {
      const { page } = browser;
      await page.emulateMedia({ colorScheme: scheme });
      // axe-core runs in the page through evaluate, which the page's CSP does not govern.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
        return (await axe.run({ include: [['[data-testid="replay-bar"]']] }, { resultTypes: ['violations'] })).violations;
      });
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
      if (scheme === 'dark') await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'replay-dark.png') });
    });
  }
});
