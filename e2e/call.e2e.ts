import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';

describe.skipIf(!chromiumPath)('the Call pane', () => {
  let server: RunningFixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer({ profile: 'forms', transport: 'streamable-http' });
  });
  afterAll(async () => {
    await server?.close();
  });
  // Registered after the file's own hooks: the fixtures start first and stop last, as before.
  const app = appUnderTest();

  it('fills a form made from a nested, enum and nullable inputSchema, calls the tool in the Inspector lane and shows its checked result', async () => {
    const { page } = app.browser;
    await page.getByTestId('setup-server').fill(server.url);
    for (const lane of ['Playground (Responses)', 'Realtime', 'Claude (Messages API)']) await page.getByRole('checkbox', { name: lane, exact: true }).uncheck();
    // Elicitation is offered to servers only by a client that declares it, as the Inspector's web UI does.
    await page.getByLabel(/Client capabilities/).selectOption('all');
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/^ok/);

    await page.getByTestId('tab-call').click();
    await page.getByTestId('call-tool').selectOption('book_visit');
    // Required fields left empty are named before anything is sent.
    await expect.poll(() => page.getByTestId('call-invalid-note').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('call-field.patient.name').fill('Ada');
    await page.getByTestId('call-field.patient.address.city').fill('Leeds');
    await page.getByTestId('call-field.urgency').selectOption('urgent');
    await page.getByTestId('call-field.notes-null').check();
    await expect.poll(() => page.getByTestId('call-invalid-note').count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-form.png') });

    await page.getByTestId('call-run').click();
    const result = page.getByTestId('call-result-inspector');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('visit for Ada in Leeds');
    expect(await result.textContent()).toContain('urgent');
    await page.getByTestId('call-evidence-inspector').first().click();
    await expect.poll(() => page.locator('.trow.evidence').count()).toBeGreaterThan(0);
    await page.getByTestId('tab-call').click();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-result.png') });
  });

  it('an elicitation during a call shows a form with the server\'s defaults; the answer goes back to the server and into the result', async () => {
    const { page } = app.browser;
    await page.getByTestId('tab-call').click();
    await page.getByTestId('call-tool').selectOption('confirm_visit');
    await page.getByTestId('call-field.booking').fill('visit-7');
    await page.getByTestId('call-run').click();
    const dialog = page.getByTestId('elicitations');
    await expect.poll(() => dialog.textContent(), { timeout: 30_000 }).toContain('Confirm visit-7?');
    // SEP-1034 defaults arrive filled in.
    expect(await page.getByTestId('elicit-field.slot').locator('option:checked').textContent()).toContain('afternoon');
    expect(await page.getByTestId('elicit-field.contact').inputValue()).toBe('ada@example.org');
    await page.getByTestId('elicit-field.slot').selectOption({ label: 'morning' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-elicitation.png') });
    await page.getByTestId('elicitation-accept').click();
    const result = page.getByTestId('call-result-inspector');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('morning');
    expect(await result.textContent()).toContain('accept');
    expect(await dialog.count()).toBe(0);
  });

  it('reads a resource template filled from its URI variables and gets a prompt with arguments, each answer with its evidence frames', async () => {
    const { page } = app.browser;
    await page.getByTestId('tab-call').click();
    await page.getByTestId('call-section-resources').click();
    await page.getByTestId('rp-load').click();
    const template = page.getByTestId('rp-template-clinic://patients/{patient_id}/summary');
    await expect.poll(() => page.getByTestId('resources-prompts').textContent(), { timeout: 30_000 }).toContain('Patient summary');
    await expect.poll(() => template.count(), { timeout: 30_000 }).toBe(1);
    await template.getByTestId('rp-var-patient_id').fill('p 42');
    // The expansion is shown before it is sent: the variable is percent-encoded as RFC 6570 says.
    expect(await template.textContent()).toContain('clinic://patients/p%2042/summary');
    await template.getByTestId('rp-template-read').click();
    const answer = page.getByTestId('rp-answer');
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain('Summary of patient p 42: no allergies on file.');
    expect(await answer.textContent()).toContain('resources/read');

    const prompt = page.getByTestId('rp-prompt-triage');
    await prompt.getByTestId('rp-arg-complaint').fill('a sprained ankle');
    await prompt.getByTestId('rp-arg-age').fill('34');
    await prompt.getByTestId('rp-prompt-get').click();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain('Triage this complaint: a sprained ankle (patient aged 34).');
    expect(await answer.textContent()).toContain('prompts/get');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-prompt.png') });
    await page.getByTestId('rp-evidence').first().click();
    await expect.poll(() => page.locator('.trow.evidence').count()).toBeGreaterThan(0);
  });
});
