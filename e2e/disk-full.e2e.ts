import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canMountDisks, fillLeaving, mountSmallDisk, type SmallDisk } from '../electron/capture/test-support/small-disk';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

/**
 * The app's data directory on a real, nearly full filesystem (a small tmpfs: mounting needs root,
 * so elsewhere this is skipped and says so): the Demo's probe fills it, the session says in a
 * banner that recording stopped and why, and the app keeps answering.
 */
describe.skipIf(!chromiumPath || !canMountDisks)('the app when its disk fills (needs Chromium, and root to mount a small disk)', () => {
  let disk: SmallDisk;
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;

  beforeAll(async () => {
    disk = await mountSmallDisk(512 * 1024);
    web = await startWebHost(disk.dir);
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await disk?.remove();
  });

  it('shows that recording stopped, naming ENOSPC and the capture, and keeps working', async () => {
    const { page } = browser;
    await fillLeaving(disk.dir, 8 * 1024);
    await page.getByTestId('run-demo').click();
    const banner = page.getByTestId('recording-error-banner');
    await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toMatch(/^Recording stopped: the disk holding the capture .*\.parallax is full \(ENOSPC\)\./);
    await expect.poll(() => page.locator('.trow').count()).toBeGreaterThan(0);
    await page.locator('.trow').first().click();
    await expect.poll(() => page.getByTestId('frame-inspector').textContent()).toMatch(/^#\d+ · /);
    // The diagnosis still runs on what was recorded.
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 30_000 }).not.toMatch(/Diagnosing/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'disk-full.png') });
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
