import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

describe.skipIf(!chromiumPath)('accessibility, themes and shortcuts', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;

  beforeAll(async () => {
    web = await startWebHost();
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
    await browser.page.getByTestId('run-demo').click();
    await browser.page.getByTestId('lane-status-inspector').filter({ hasText: 'ok · 10 tools' }).waitFor({ timeout: 30_000 });
    await browser.page.getByTestId('verdict').filter({ hasText: 'tools' }).waitFor({ timeout: 30_000 });
    // The Demo's Realtime lane falls short, so the answered questions are there: open, axe checks them too.
    await browser.page.getByTestId('verdict-questions-toggle').click();
    await browser.page.getByTestId('verdict-questions').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** axe-core runs in the page; page.evaluate is not subject to the page's CSP, so no policy is loosened for the test. */
  async function seriousViolations(): Promise<AxeViolation[]> {
    const { page } = browser;
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  for (const scheme of ['dark', 'light'] as const) {
    it(`has no serious axe violations in the ${scheme} theme, on the findings and the tool matrix`, async () => {
      const { page } = browser;
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('tab-findings').click();
      const onFindings = await seriousViolations();
      expect(onFindings.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `main-${scheme}.png`) });
      await page.getByTestId('tab-tools').click();
      await page.getByTestId('tool-matrix').locator('tbody tr').first().click();
      const onMatrix = await seriousViolations();
      expect(onMatrix.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    });
  }

  it('lists the keyboard shortcuts with ?, focuses the filter with /, and closes with Esc', async () => {
    const { page } = browser;
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('shortcuts').textContent()).toContain('Filter frames');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcuts').count()).toBe(0);
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter');
  });
});
