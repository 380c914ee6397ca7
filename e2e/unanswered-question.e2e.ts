import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

/** Long enough to see the countdown, short enough for a test; the app's default is four minutes. */
const QUESTION_TIMEOUT_MS = 4000;

describe.skipIf(!chromiumPath)('a server question nobody answers in time', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let server: RunningFixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer({ profile: 'forms', transport: 'streamable-http' });
    web = await startWebHost(undefined, { questionTimeoutMs: QUESTION_TIMEOUT_MS });
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await server?.close();
  });

  it('counts down, then takes the form down, says the server got cancel, and lists the finding', async () => {
    const { page } = browser;
    await page.getByTestId('setup-server').fill(server.url);
    for (const lane of ['Playground (Responses)', 'Realtime', 'Claude (Messages API)']) await page.getByRole('checkbox', { name: lane, exact: true }).uncheck();
    await page.getByLabel(/Client capabilities/).selectOption('all');
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/^ok/);

    await page.getByTestId('tab-call').click();
    await page.getByTestId('call-tool').selectOption('confirm_visit');
    await page.getByTestId('call-field.booking').fill('visit 11');
    await page.getByTestId('call-run').click();
    const deadline = page.getByTestId('question-deadline');
    await expect.poll(() => deadline.textContent(), { timeout: 10_000 }).toMatch(/^0:0[1-4] left to answer; then the server gets cancel\.$/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'question-deadline.png') });

    // Nobody answers: the form goes, the notice says what the server got, and the tool saw it.
    await expect.poll(() => page.getByTestId('elicitations').count(), { timeout: 15_000 }).toBe(0);
    const notice = page.getByTestId('question-ended');
    expect(await notice.textContent()).toMatch(/^Nobody answered the server's elicitation\/create in \d s: it got cancel\./);
    await expect.poll(() => page.getByTestId('call-result-inspector').textContent(), { timeout: 15_000 }).toContain('cancel');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'question-timed-out.png') });

    await notice.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByTestId('question-ended').count()).toBe(0);
    await page.getByTestId('tab-findings').click();
    await expect.poll(() => page.getByTestId('finding-mcp.question-unanswered').count(), { timeout: 15_000 }).toBe(1);
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
