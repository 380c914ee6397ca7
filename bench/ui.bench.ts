// The UI on a big capture in headless Chromium: `npm run bench -- ui [--frames N]` (default
// 1,000,000). The capture is opened through the engine behind the browser host, as `parallax web`
// runs it; the page measures, on its own clock, the first paint of timeline rows after the load
// finished, scrolling frame rate and how long a filter takes to show its count. Each figure has a
// baseline: the same measurement on a 1,000-frame capture in the same run.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { APP_VERSION } from '../electron/app-version';
import { CaptureJournal } from '../electron/capture/journal';
import { createEngine } from '../electron/engine/engine';
import { startBrowserHost } from '../electron/host/browser-host';
import { formatMs, reportFigure } from './figures';
import { traffic } from './traffic';

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== 'ui'), options: { frames: { type: 'string' } } });
const frames = Number(values.frames ?? 1_000_000);
const BASELINE_FRAMES = 1_000;
const SCROLL_MS = 3_000;
const FILTER = 'lane:realtime';
const rendererDir = path.resolve(import.meta.dirname, '../dist/renderer');
const chromiumPath = process.env.PARALLAX_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(path.join(rendererDir, 'index.html')) || !existsSync(chromiumPath)) {
  console.log(`skipped: needs dist/renderer (npx tsx scripts/build.ts --renderer) and Chromium at ${chromiumPath} (PARALLAX_CHROMIUM)`);
  process.exit(0);
}

async function writeCapture(file: string, count: number): Promise<void> {
  const journal = await CaptureJournal.create(file, { app: { name: 'bench', version: '0' }, createdAt: new Date().toISOString(), lanes: [] });
  let n = 0;
  for (const input of traffic(count)) {
    journal.record(input);
    if (++n % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await journal.close();
}

/** A stage that has not finished in this long counts as missed (NaN) instead of stopping the bench. */
const STAGE_TIMEOUT_MS = 120_000;
async function stage<T extends number>(label: string, run: () => Promise<T>): Promise<number> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => { timer = setTimeout(() => resolve(Number.NaN), STAGE_TIMEOUT_MS); });
  const value = await Promise.race([run().catch((error: unknown) => {
    console.log(`  ${label} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return Number.NaN;
  }), timeout]);
  clearTimeout(timer);
  console.log(`  ${label}: ${Number.isNaN(value) ? 'did not finish' : value.toFixed(1)} (stage took ${formatMs(performance.now() - started)})`);
  return value;
}

interface UiFigures { loadMs: number; firstPaintMs: number; fps: number; filterMs: number; clearMs: number }

// The page-side measurements are plain JavaScript run in Chromium (this tsconfig has no DOM types).

/** Resolves with Date.now() after the frame that first shows a row of the capture with this title. */
const WATCH_FIRST_ROW = `(name) => new Promise((resolve) => {
  const check = () => {
    const titled = document.querySelector('[data-testid="session-title"]')?.textContent?.includes(name) ?? false;
    if (titled && document.querySelector('.trow .frame')) {
      observer.disconnect();
      requestAnimationFrame(() => resolve(Date.now()));
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  check();
})`;

/** Scrolls the timeline a little every animation frame for the given ms; resolves with the median frame rate. */
const SCROLL_FPS = `(duration) => new Promise((resolve) => {
  const body = document.querySelector('[data-testid="timeline"]');
  const stamps = [];
  const started = performance.now();
  const step = (now) => {
    stamps.push(now);
    body.scrollTop = body.scrollTop + 240 >= body.scrollHeight - body.clientHeight ? 0 : body.scrollTop + 240;
    if (now - started < duration) requestAnimationFrame(step);
    else {
      const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
      resolve(1000 / gaps[Math.floor(gaps.length / 2)]);
    }
  };
  requestAnimationFrame(step);
})`;

/**
 * Types a filter the way React sees typing (or clears it, text ""); resolves with the ms until the
 * count shows the expected result (the count reads "0 of N" while the engine is still filtering)
 * and a row is painted.
 */
const FILTER_LATENCY = `({ text, expected }) => new Promise((resolve) => {
  const input = document.querySelector('[data-testid="filter"]');
  const count = document.querySelector('[data-testid="filter-count"]');
  const started = performance.now();
  const applied = () => (count.textContent ?? '').startsWith(expected) && document.querySelector('.trow .frame') !== null;
  const observer = new MutationObserver(() => {
    if (applied()) {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - started));
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
})`;

const inPage = (page: Page, script: string, arg: unknown) => page.evaluate<number>(`(${script})(${JSON.stringify(arg)})`);
const watchFirstRow = (page: Page, title: string) => inPage(page, WATCH_FIRST_ROW, title);
const scrollFps = (page: Page) => inPage(page, SCROLL_FPS, SCROLL_MS);
const filterLatency = (page: Page, filter: string, expected: string) => inPage(page, FILTER_LATENCY, { text: filter, expected });

async function clearFilter(page: Page): Promise<void> {
  await page.getByTestId('filter').fill('', { timeout: STAGE_TIMEOUT_MS });
  await page.waitForFunction(`!/ of /.test(document.querySelector('[data-testid="filter-count"]')?.textContent ?? ' of ')`, undefined, { timeout: STAGE_TIMEOUT_MS });
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-bench-ui-'));
const engine = createEngine({ host: 'browser', appVersion: APP_VERSION, dataDir: path.join(dir, 'data') });
const host = await startBrowserHost({ engine, rendererDir, uploadDir: path.join(dir, 'uploads'), downloadDir: path.join(dir, 'exports') });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(host.url);
  await page.getByTestId('filter').waitFor();

  let run = 0;
  async function measure(count: number): Promise<UiFigures> {
    // A new name each run: the page recognises the capture it waits for by its title.
    const file = path.join(dir, `ui-${++run}-${count}.parallax`);
    const writeStarted = performance.now();
    await writeCapture(file, count);
    console.log(`wrote ${count.toLocaleString('en')} envelopes in ${formatMs(performance.now() - writeStarted)}`);
    const painted = watchFirstRow(page, path.basename(file));
    const loadStarted = performance.now();
    const opened = await engine.dispatch('openCapture', { path: file });
    const loadedAt = Date.now();
    const loadMs = performance.now() - loadStarted;
    if (!opened.ok) throw new Error(`openCapture failed: ${JSON.stringify(opened)}`);
    const firstPaintMs = await stage('first painted rows, ms after the load', async () => (await painted) - loadedAt);
    const fps = await stage('scrolling, median fps', () => scrollFps(page));
    await clearFilter(page).catch(() => undefined);
    let expected = 0;
    for (const input of traffic(count)) if (input.lane === 'realtime') expected++;
    const filterMs = await stage(`filter "${FILTER}" to its count, ms`, () => filterLatency(page, FILTER, `${expected.toLocaleString('en')} of `));
    const clearMs = await stage('clearing the filter, ms', () => filterLatency(page, '', `${count.toLocaleString('en')} frames`));
    const result = { loadMs, firstPaintMs: Math.max(0, firstPaintMs), fps, filterMs, clearMs };
    console.log(`${count.toLocaleString('en')} frames: engine load ${formatMs(loadMs)}, first rows ${formatMs(result.firstPaintMs)} after, scrolling ${fps.toFixed(1)} fps (median), filter "${FILTER}" ${formatMs(filterMs)}; engine RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    return result;
  }

  await measure(BASELINE_FRAMES); // warm-up: the first run pays for compiling the page's code
  const small = await measure(BASELINE_FRAMES);
  const big = await measure(frames);
  const label = `${frames.toLocaleString('en')} frames`;
  const base = `${BASELINE_FRAMES.toLocaleString('en')} frames:`;
  reportFigure({ name: `UI first paint of rows after load (${label})`, measured: formatMs(big.firstPaintMs), baseline: `${base} ${formatMs(small.firstPaintMs)}`, ratio: big.firstPaintMs / Math.max(1, small.firstPaintMs), target: '<= 2 s', met: big.firstPaintMs <= 2000 });
  reportFigure({ name: `UI scrolling, median fps (${label})`, measured: `${big.fps.toFixed(1)} fps`, baseline: `${base} ${small.fps.toFixed(1)} fps`, ratio: big.fps / small.fps, target: '>= 55 fps', met: big.fps >= 55 });
  reportFigure({ name: `UI filter applied (${label})`, measured: formatMs(big.filterMs), baseline: `${base} ${formatMs(small.filterMs)}`, ratio: big.filterMs / Math.max(1, small.filterMs), target: '<= 200 ms', met: big.filterMs <= 200 });
  reportFigure({ name: `UI filter cleared (${label})`, measured: formatMs(big.clearMs), baseline: `${base} ${formatMs(small.clearMs)}`, ratio: big.clearMs / Math.max(1, small.clearMs), target: '<= 200 ms', met: big.clearMs <= 200 });
  console.log(`(engine load of the ${label} capture took ${formatMs(big.loadMs)}; ${formatMs(small.loadMs)} for ${BASELINE_FRAMES})`);
} finally {
  await browser.close();
  await host.close();
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
}
