import { expect } from 'vitest';
import type { Page } from 'playwright-core';

const HOSTED_LANES = ['Playground (Responses)', 'Realtime', 'Claude (Messages API)'];

/** Setup filled in for a probe of `server` by the Inspector lane alone (the hosted lanes need OpenAI or Anthropic). */
export async function setupInspectorOnly(page: Page, server: string): Promise<void> {
  await page.getByTestId('setup-server').fill(server);
  for (const lane of HOSTED_LANES) {
    const box = page.getByRole('checkbox', { name: lane, exact: true });
    if (await box.isChecked()) await box.uncheck();
  }
}

/**
 * The Demo, then again with a generated GA session.update: the Demo proper sends the reported
 * client's own session.update (no session.type, refused), and views that need Realtime's whole
 * listing (the Sequence view, the stories) need the fixed one.
 */
export async function runDemoWithGeneratedSessionUpdate(page: Page): Promise<void> {
  await page.getByTestId('run-demo').click();
  await expect.poll(() => page.getByTestId('lane-status-realtime').textContent(), { timeout: 60_000 }).toMatch(/^failed/);
  await page.getByTestId('toggle-setup').click();
  await page.getByText('generated from the server').click();
  await page.getByTestId('run-probe').click();
  await expect.poll(() => page.getByTestId('lane-status-realtime').textContent(), { timeout: 60_000 }).toBe('ok · 10 tools');
}
