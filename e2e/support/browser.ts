import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const INSTALLED_CHROME = [
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/chromium-browser',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** PARALLAX_CHROMIUM, then Debian's chromium, then an installed Chrome; null when none exists. */
export function findChromium(): string | null {
  const fromEnv = process.env.PARALLAX_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return ['/usr/bin/chromium', ...INSTALLED_CHROME].find((p) => existsSync(p)) ?? null;
}

export const chromiumPath = findChromium();
if (!chromiumPath) {
  console.warn('e2e: SKIPPED - no Chromium found (set PARALLAX_CHROMIUM, or apt-get install chromium); browser tests are counted as skipped, not passed.');
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console messages and page errors, to assert that nothing (a CSP violation, a crash) went wrong. */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1440, height: 900 }): Promise<BrowserSession> {
  if (!chromiumPath) throw new Error('no Chromium');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return {
    browser, context, page, problems,
    async close() {
      await browser.close();
    },
  };
}

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
