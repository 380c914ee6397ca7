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
