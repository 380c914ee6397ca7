import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawStdioServer } from '../electron/lanes/inspector/test-support/stdio-command';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';
import { setupInspectorOnly } from './support/setup';

describe.skipIf(!chromiumPath)('the Console of a stdio server', () => {
  const app = appUnderTest();


  it('shows the stderr of a stdio server from Setup, its exit code and that it ended on its own; Restart runs it again as a new process', async () => {
    const { page } = app.browser;
    // A hand-written stdio server that logs three lines and "ready", then crashes with exit code 5 at tools/list.
    await setupInspectorOnly(page, rawStdioServer('--stderr-lines=3', '--crash-on-list'));
    await page.getByTestId('run-probe').click();

    await page.getByTestId('tab-console').click({ timeout: 30_000 });
    const lines = page.getByTestId('console-lines');
    await expect.poll(() => lines.textContent(), { timeout: 30_000 }).toContain('panic: tool registry is corrupt');
    const text = await lines.textContent();
    expect(text).toContain('raw stdio server: log line 1 of 3');
    expect(text).toContain('raw stdio server: ready');
    await expect.poll(() => page.getByTestId('console-exit').textContent(), { timeout: 30_000 }).toBe('exited with code 5 on its own');
    expect(await page.getByTestId('console-process-state').textContent()).toBe('ended on its own');
    const firstPid = await page.getByTestId('console-pid').textContent();
    const firstSession = await page.getByTestId('session-title').textContent();
    expect(firstPid).toMatch(/^pid \d+$/);
    // The exit is a line of the console too, marked as the alarm it is.
    expect(await page.locator('.console-alert').filter({ hasText: 'exited with code 5 on its own' }).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'stdio-console.png') });

    await page.getByTestId('console-restart').click();
    // A new session opens on the Console: a new process, the same stderr, the same crash.
    await expect.poll(async () => {
      const pid = await page.getByTestId('console-pid').textContent().catch(() => null);
      return pid !== null && pid !== firstPid;
    }, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('console-exit').textContent(), { timeout: 30_000 }).toBe('exited with code 5 on its own');
    await expect.poll(() => lines.textContent(), { timeout: 30_000 }).toContain('panic: tool registry is corrupt');
    expect(await page.getByTestId('tab-console').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('session-title').textContent()).toBe(firstSession);
    expect(await page.getByTestId('console-restart').isEnabled()).toBe(true);

    // A console line opens its frame in the inspector.
    await page.locator('[data-testid="console-line"]').filter({ hasText: 'panic: tool registry is corrupt' }).click();
    await expect.poll(() => page.getByTestId('tab-frame').textContent()).toMatch(/^Frame #\d+$/);
    await page.getByTestId('tab-console').click();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'stdio-console-restarted.png') });
  });
});
