import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';

describe.skipIf(!chromiumPath)('the demo and the Setup screen', () => {
  const app = appUnderTest();

  it('names what is wrong with a setup before anything runs', async () => {
    const { page } = app.browser;
    await page.getByTestId('setup-server').fill('ftp://example.com');
    // Ctrl+Enter in Setup runs the probe, as the shortcuts list says; here it must refuse.
    await page.getByTestId('setup-server').press('Control+Enter');
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('neither an http(s) URL nor a stdio');
    expect(app.web.engine.session().source).toBe('none');
    await page.getByTestId('setup-server').fill('http://127.0.0.1:9/mcp');
    await expect.poll(() => page.getByTestId('setup-local-warning').textContent()).toContain('127.0.0.1 is only reachable from this machine');
  });

  it('one click on Demo probes the reported server through every lane: 10 tools in the Inspector and Playground, the reported "0 tools" in Realtime, and the three questions answered', async () => {
    const { page } = app.browser;
    await page.getByTestId('run-demo').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    await expect.poll(() => page.getByTestId('session-title').textContent()).toContain('local emulator');
    expect(await page.getByTestId('setup-server').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sse$/);
    await expect.poll(() => page.locator('.trow', { hasText: 'tools/list → result' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('lane-status-playground').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    // The report's own session.update (no session.type) is what the Realtime lane sends: GA refuses it.
    await expect.poll(() => page.getByTestId('lane-status-realtime').textContent(), { timeout: 30_000 }).toMatch(/^failed/);
    // The Claude lane posts to the emulator's Messages endpoint, whose MCP connector lists the same tools.
    await expect.poll(() => page.getByTestId('lane-status-claude').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    expect(await page.getByTestId('setup-anthropic-base-url').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Nobody scrolled: the timeline followed the live run to its end.
    expect(await page.getByTestId('timeline-resume').count()).toBe(0);

    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 30_000 }).toContain('missing session.type');
    await expect.poll(() => page.getByTestId('verdict-questions-toggle').textContent()).toBe('3 questions answered');
    await page.getByTestId('verdict-questions-toggle').click();
    await expect.poll(() => page.getByTestId('verdict-questions').locator('.verdict-question').count()).toBe(3);
    expect(await page.getByTestId('question-why-fewer').textContent()).toMatch(/Why does Realtime show 0 of the 10 tools.*session\.type.*conversation\.item\.done/);
    expect(await page.getByTestId('question-protocol-or-transport').textContent()).toMatch(/No\. The Playground lane.*listed all 10 tools.*legacy SSE at protocol 2025-06-18/);
    expect(await page.getByTestId('question-capabilities').textContent()).toMatch(/No\. Capabilities are the server's answer to initialize.*tools \{listChanged: false\}/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'demo.png') });

    await page.getByTestId('tab-tools').click();
    const names = await page.getByTestId('tool-matrix').locator('tbody tr td:first-child').allTextContents();
    expect(names.map((n) => n.trim().split(/\s/)[0])).toEqual(['fetch_user_id_details', 'fetch_patient_appointments', 'fetch_practitioner_appointments', 'fetch_patient_symptoms', 'fetch_patient_medical_history', 'email_user', 'generate_health_summary', 'generate_insurance_details_response', 'send_referral', 'fetch_practitioners']);
  });

  it('with a generated GA session.update the Realtime lane gets all 10 at conversation.item.done; the findings point at their frames', async () => {
    const { page } = app.browser;
    // Setup folded away when the run started; it opens again with what the Demo filled in.
    expect(await page.locator('.setup').isVisible()).toBe(false);
    await page.getByTestId('toggle-setup').click();
    expect(await page.getByTestId('session-update').inputValue()).toContain('"server_label": "custom_mcp_server"');
    await page.getByText('generated from the server').click();
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-realtime').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 30_000 }).toMatch(/arrive at conversation\.item\.done \(seq \d+\), never on mcp_list_tools\.completed/);
    expect(await page.getByTestId('verdict-questions-toggle').count()).toBe(0);
    await page.getByTestId('tab-findings').click();
    const findings = page.getByTestId('findings').locator('li');
    await expect.poll(() => findings.count()).toBeGreaterThan(0);
    // A finding with evidence marks its frames in the timeline.
    const withEvidence = page.locator('.finding', { has: page.locator('.chip') }).first();
    await withEvidence.locator('.finding-head').click();
    await expect.poll(() => page.locator('.trow.evidence').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'findings.png') });

    await page.getByTestId('tab-tools').click();
    const rows = page.getByTestId('tool-matrix').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(10);
    await rows.first().click();
    await expect.poll(() => page.getByTestId('tool-side-by-side').locator('section').count()).toBe(4);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tool-matrix.png') });
    expect(app.browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
