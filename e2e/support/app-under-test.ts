import { afterAll, beforeAll } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { startWebHost } from './web-host';

export interface AppUnderTest {
  readonly web: Awaited<ReturnType<typeof startWebHost>>;
  readonly browser: BrowserSession;
}

/**
 * The browser host and Chromium on its page for one describe block, started before its tests and
 * stopped after them: the setup most browser tests share. Read `web` and `browser` inside tests.
 */
export function appUnderTest(): AppUnderTest {
  let web: AppUnderTest['web'] | undefined;
  let browser: BrowserSession | undefined;
  beforeAll(async () => {
    web = await startWebHost();
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the app under test is not started (use it inside a test)');
    return value;
  };
  return {
    get web() { return started(web); },
    get browser() { return started(browser); },
  };
}
