import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureJournal } from '../electron/capture/journal';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';

async function writeCapture(file: string, frames: number, maxFileBytes?: number): Promise<CaptureJournal> {
  const journal = await CaptureJournal.create(file, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date().toISOString(), lanes: [{ lane: 'inspector' }, { lane: 'realtime' }], emulated: true }, maxFileBytes === undefined ? {} : { maxFileBytes });
  for (let i = 0; i < frames; i++) {
    journal.record({ lane: 'inspector', conn: 'c1', layer: 'jsonrpc', dir: 'out', raw: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/list' }) });
    journal.record({ lane: 'inspector', conn: 'c1', layer: 'jsonrpc', dir: 'in', raw: JSON.stringify({ jsonrpc: '2.0', id: i, result: { tools: [{ name: `tool_${i}` }] } }) });
    journal.record({ lane: 'realtime', conn: 'rt', layer: 'ws', dir: 'in', raw: JSON.stringify({ type: 'mcp_list_tools.completed', item_id: `item_${i}` }) });
  }
  await journal.close();
  return journal;
}

describe.skipIf(!chromiumPath)('opening captures in the browser UI', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-captures-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  // Registered after the file's own hooks: the fixtures start first and stop last, as before.
  const app = appUnderTest();

  it('opens a capture by path and replays it with pairs joined', async () => {
    const file = path.join(dir, 'replay.parallax');
    await writeCapture(file, 200);
    const { page } = app.browser;
    await page.getByTestId('open-capture').click();
    await page.getByTestId('capture-path').fill(file);
    await page.getByTestId('capture-path').press('Enter');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe('600 frames');
    expect(await page.getByTestId('session-title').textContent()).toContain('replay.parallax');
    await expect.poll(() => page.locator('.trow', { hasText: 'tools/list → result' }).count()).toBeGreaterThan(0);
    await page.getByTestId('filter').fill('tool_199');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe('1 of 600 frames');
    // A replay's lanes show what the diagnosis read from their frames, not a run state.
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent()).not.toContain('idle');
  });

  it('opens a recording kept in several files (capture-bytes) whole, from one of its later files', async () => {
    const journal = await writeCapture(path.join(dir, 'rotated.parallax'), 200, 16 * 1024);
    const more = journal.files.length - 1;
    expect(more).toBeGreaterThan(1);
    const { page } = app.browser;
    await page.getByTestId('open-capture').click();
    await page.getByTestId('capture-path').fill(journal.files[1] as string);
    await page.getByTestId('capture-path').press('Enter');
    await expect.poll(() => page.getByTestId('session-title').textContent()).toContain(`rotated.parallax and ${more} more files`);
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`${600 + more} frames`);
    // A frame from the last file and one from the first are both there.
    await page.getByTestId('filter').fill('tool_199');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`1 of ${600 + more} frames`);
    await page.getByTestId('filter').fill('tool_0"');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`1 of ${600 + more} frames`);
    await page.getByTestId('filter').fill('');
    await expect.poll(() => page.locator('.trow', { hasText: 'tools/list → result' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(`The recording went on in ${more} more files at capture-bytes (16 KiB)`).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'rotated-capture.png') });
  });

  it('opens a dropped file (uploaded to the host) and lists what a damaged file lost', async () => {
    const file = path.join(dir, 'damaged.parallax');
    await writeCapture(file, 5);
    await appendFile(file, 'this line is garbage\n{"seq":999,"t":1,"lane":"inspector","conn":"c1","layer":"jsonrpc","dir":"in","raw":"{\\"jsonrpc');
    const bytes = await readFile(file);
    const { page } = app.browser;
    const transfer = await page.evaluateHandle(({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name));
      return dt;
    }, { name: 'damaged.parallax', data: [...bytes] });
    await page.locator('.app').dispatchEvent('dragover', { dataTransfer: transfer });
    await page.locator('.app').dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(() => page.getByTestId('session-title').textContent()).toContain('damaged.parallax');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe('15 frames');
    const problems = page.getByTestId('problems-banner');
    await expect.poll(() => problems.textContent()).toContain('2 parts were skipped');
    await problems.locator('summary').click();
    expect(await problems.textContent()).toContain('torn-last-line');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'damaged-capture.png') });
  });

  it('saves the session\'s capture, offers it for download, and the saved file reopens the same', async () => {
    const { page } = app.browser;
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe('15 frames');
    await page.getByTestId('save-capture').click();
    const banner = page.getByTestId('saved-banner');
    await expect.poll(() => banner.textContent()).toContain('Capture saved to');
    const savedPath = (await banner.locator('.mono').textContent()) ?? '';
    expect(savedPath.startsWith(path.join(app.web.dataDir, 'exports'))).toBe(true);
    const href = await page.getByTestId('download-capture').getAttribute('href');
    const downloaded = await page.evaluate(async (url) => (await fetch(url ?? '')).text(), href);
    expect(downloaded).toBe(await readFile(savedPath, 'utf8'));
    expect(await page.evaluate(async () => (await fetch('/download?token=wrong&name=x')).status)).toBe(401);
    await page.getByTestId('open-capture').click();
    await page.getByTestId('capture-path').fill(savedPath);
    await page.getByTestId('capture-path').press('Enter');
    await expect.poll(() => page.getByTestId('session-title').textContent()).toContain(path.basename(savedPath));
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe('15 frames');
  });

  it('remembers recent captures and reports an unreadable path by name', async () => {
    const { page } = app.browser;
    await page.getByTestId('recent-captures').click();
    const items = page.getByRole('menuitem');
    await expect.poll(() => items.count()).toBe(4);
    expect(await items.nth(1).textContent()).toContain('damaged.parallax');
    expect(await items.nth(2).textContent()).toContain('rotated.parallax and');
    await items.nth(3).click();
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe('600 frames');
    await page.getByTestId('open-capture').click();
    await page.getByTestId('capture-path').fill(path.join(dir, 'missing.parallax'));
    await page.getByTestId('capture-path').press('Enter');
    await expect.poll(() => page.getByTestId('error-banner').textContent()).toContain('missing.parallax');
  });
});
