import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapture } from '../electron/capture/capture-loader';
import { runCli } from '../electron/cli/test-support/cli-run';
import { probeCommand } from '../electron/cli/commands/probe';
import { startHostileHttpServer } from '../electron/lanes/inspector/test-support/hostile-server';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

/**
 * A capture recorded with --keep-whole-bodies, opened in the app: the clipped frame says its
 * whole body is in a side file and shows it a page at a time once its SHA-256 checks out; a side
 * file changed after the recording is a mismatch in plain words, and a missing one a message.
 */
describe.skipIf(!chromiumPath)('Whole bodies in the frame inspector', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let dir: string;
  let capture: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parallax-side-bodies-e2e-'));
    const server = await startHostileHttpServer({ kind: 'huge', bytes: 1024 * 1024 });
    capture = path.join(dir, 'whole.parallax');
    try {
      await runCli(probeCommand, ['--server', server.url, '--lanes', 'inspector', '--limit', 'frame-bytes=64KiB', '--keep-whole-bodies', '--json', '--out', capture]);
    } finally {
      await server.close();
    }
    const opened = await openCapture(capture);
    for await (const envelope of opened.envelopes()) if (envelope.clip?.file) seq = envelope.seq;
    await opened.close();
    web = await startWebHost();
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(web.host.url);
    await page.getByTestId('open-capture').click();
    await page.getByTestId('capture-path').fill(capture);
    await page.getByTestId('capture-path').press('Enter');
    await page.locator(`.trow[data-seq="${seq}"]`).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await rm(dir, { recursive: true, force: true });
  });

  let seq = 0;

  /** Selects the frame that has a side file (after another one, so its inspector starts afresh). */
  async function selectClippedFrame(): Promise<void> {
    const { page } = browser;
    await page.locator(`.trow[data-seq="${seq - 1}"]`).click();
    await expect.poll(() => page.getByTestId('frame-inspector').locator('.inspector-title').textContent()).toMatch(new RegExp(`^#${seq - 1} `));
    await page.locator(`.trow[data-seq="${seq}"]`).click();
    await expect.poll(() => page.getByTestId('frame-inspector').locator('.inspector-title').textContent()).toMatch(new RegExp(`^#${seq} `));
    await expect.poll(() => page.getByTestId('side-body').getByRole('button', { name: 'Show the whole body' }).count()).toBe(1);
  }

  it('offers the whole body, verifies its SHA-256 and pages through it', async () => {
    const { page } = browser;
    await selectClippedFrame();
    const side = page.getByTestId('side-body');
    expect(await side.textContent()).toMatch(/the side file whole\.bodies\/body-1\.bin holds all 1\.0 MB\./);
    await side.getByRole('button', { name: 'Show the whole body' }).click();
    await expect.poll(() => side.getByTestId('side-body-status').textContent()).toMatch(/^SHA-256 verified: whole\.bodies\/body-1\.bin holds \d+ bytes as recorded\.$/);
    const text = side.getByTestId('side-body-text');
    expect((await text.textContent())?.startsWith('{"jsonrpc":"2.0","id":')).toBe(true);
    expect((await text.textContent())?.length).toBe(64 * 1024);
    await side.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => side.textContent()).toMatch(/Bytes 65536–131072 of \d+/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'side-body-verified.png') });
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });

  it('says so plainly when the side file changed after the recording, or is gone', async () => {
    const { page } = browser;
    const file = path.join(dir, 'whole.bodies', 'body-1.bin');
    const body = await readFile(file);
    body[10] = 0x21;
    await writeFile(file, body);
    await selectClippedFrame();
    const side = page.getByTestId('side-body');
    await side.getByRole('button', { name: 'Show the whole body' }).click();
    await expect.poll(() => side.getByTestId('side-body-status').textContent()).toMatch(/^SHA-256 mismatch: whole\.bodies\/body-1\.bin is not the body as recorded/);
    expect(await side.getAttribute('class')).toContain('side-body-bad');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'side-body-mismatch.png') });

    await rm(file);
    await selectClippedFrame();
    await page.getByTestId('side-body').getByRole('button', { name: 'Show the whole body' }).click();
    await expect.poll(() => page.getByTestId('side-body-status').textContent()).toMatch(/^The side file whole\.bodies\/body-1\.bin is not beside the capture \(ENOENT\)/);
    expect(await page.getByTestId('side-body-text').count()).toBe(0);
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
