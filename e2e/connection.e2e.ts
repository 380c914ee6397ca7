import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { everythingScript } from '../electron/proxy/test-support/everything-server';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';
import { setupInspectorOnly } from './support/setup';

describe.skipIf(!chromiumPath)('the Call pane\'s open connection', () => {
  let server: RunningFixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer({ profile: 'forms', transport: 'streamable-http' });
  });
  afterAll(async () => {
    await server?.close();
  });
  // Registered after the file's own hooks: the fixtures start first and stop last, as before.
  const app = appUnderTest();

  it('stays connected: completions as the user types, a subscription, a log level and a call in one session, the server\'s notifications listed as they arrive', async () => {
    const { page } = app.browser;
    await page.getByTestId('setup-server').fill(server.url);
    for (const lane of ['Playground (Responses)', 'Realtime', 'Claude (Messages API)']) await page.getByRole('checkbox', { name: lane, exact: true }).uncheck();
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/^ok/);

    await page.getByTestId('tab-call').click();
    await page.getByTestId('connection-open').click();
    await expect.poll(() => page.getByTestId('connection-state').textContent(), { timeout: 30_000 }).toBe('Connected');
    const sessionTitle = await page.getByTestId('session-title').textContent();

    await page.getByTestId('call-section-resources').click();
    await page.getByTestId('rp-load').click();
    const prompt = page.getByTestId('rp-prompt-triage');
    await expect.poll(() => prompt.count(), { timeout: 30_000 }).toBe(1);
    // The server's completions for what was typed, asked on the open connection after a pause.
    await prompt.getByTestId('rp-arg-complaint').fill('ch');
    const completions = prompt.getByTestId('rp-arg-complaint-completions');
    await expect.poll(() => completions.textContent(), { timeout: 10_000 }).toBe('chest painchills');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'connection-completion.png') });
    await completions.getByRole('option', { name: 'chest pain' }).dispatchEvent('mousedown');
    expect(await prompt.getByTestId('rp-arg-complaint').inputValue()).toBe('chest pain');
    // The chosen value is all the server suggests now, so the list goes (and the Get button moves up).
    await expect.poll(() => completions.count(), { timeout: 10_000 }).toBe(0);
    await prompt.getByTestId('rp-prompt-get').click();
    await expect.poll(() => page.getByTestId('rp-answer').textContent(), { timeout: 30_000 }).toContain('Triage this complaint: chest pain.');

    await page.getByTestId('rp-subscribe-clinic://opening-hours').click();
    const notifications = page.getByTestId('server-notifications');
    await expect.poll(() => notifications.textContent(), { timeout: 10_000 }).toContain('clinic://opening-hours');
    expect(await page.getByTestId('rp-subscribe-clinic://opening-hours').textContent()).toBe('Unsubscribe');

    await page.getByTestId('connection-level').selectOption('debug');
    await page.getByTestId('connection-set-level').click();
    await expect.poll(() => page.getByTestId('connection-note').textContent(), { timeout: 10_000 }).toContain('debug and above');
    await page.getByTestId('call-section-tools').click();
    await page.getByTestId('call-tool').selectOption('book_visit');
    await page.getByTestId('call-field.patient.name').fill('Ada');
    await page.getByTestId('call-field.patient.address.city').fill('Leeds');
    await page.getByTestId('call-field.notes-null').check();
    expect(await page.getByTestId('call-route').textContent()).toBe('on the open connection');
    await page.getByTestId('call-run').click();
    await expect.poll(() => page.getByTestId('call-result-inspector').textContent(), { timeout: 30_000 }).toContain('visit for Ada in Leeds');
    await expect.poll(() => notifications.textContent(), { timeout: 10_000 }).toContain('[debug] fixture:');
    expect(await notifications.textContent()).toContain('[info] fixture: calling book_visit');

    await page.getByTestId('connection-ping').click();
    await expect.poll(() => page.getByTestId('connection-note').textContent(), { timeout: 10_000 }).toMatch(/ping answered in \d+ ms/);
    // Everything went into the session Connect started: no new run replaced it.
    expect(await page.getByTestId('session-title').textContent()).toBe(sessionTitle);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'connection-notifications.png') });

    await notifications.getByTestId('server-notification').first().getByRole('button').click();
    await expect.poll(() => page.locator('.trow.evidence').count()).toBeGreaterThan(0);
    await page.getByTestId('tab-call').click();
    await page.getByTestId('connection-close').click();
    await expect.poll(() => page.getByTestId('connection-state').textContent(), { timeout: 10_000 }).toMatch(/^Disconnected/);
  });

  it('changes the roots on the open connection: server-everything hears roots/list_changed, asks again and gets the new list', async () => {
    const { page } = app.browser;
    if (!(await page.getByTestId('run-probe').isVisible())) await page.getByTestId('toggle-setup').click();
    await setupInspectorOnly(page, `stdio:${process.execPath} ${everythingScript()} stdio`);
    await page.getByLabel(/Client capabilities/).selectOption('all');
    await page.getByTestId('setup-roots').fill('file:///srv/clinic Clinic');
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 60_000 }).toMatch(/^ok/);

    await page.getByTestId('tab-call').click();
    await page.getByTestId('connection-open').click();
    await expect.poll(() => page.getByTestId('connection-state').textContent(), { timeout: 60_000 }).toBe('Connected');
    await page.getByTestId('call-section-tools').click();
    await page.getByTestId('call-tool').selectOption('get-roots-list');
    await page.getByTestId('call-run').click();
    await expect.poll(() => page.getByTestId('call-result-inspector').textContent(), { timeout: 30_000 }).toContain('file:///srv/clinic');

    await page.getByTestId('connection-roots-toggle').click();
    expect(await page.getByTestId('connection-roots').inputValue()).toBe('file:///srv/clinic Clinic');
    await page.getByTestId('connection-roots').fill('https://not-a-root');
    expect(await page.getByTestId('connection-roots-send').isDisabled()).toBe(true);
    await page.getByTestId('connection-roots').fill('file:///srv/lab Lab\nfile:///srv/archive');
    await page.getByTestId('connection-roots-send').click();
    await expect.poll(() => page.getByTestId('connection-note').textContent(), { timeout: 10_000 }).toContain('2 roots set: sent notifications/roots/list_changed');
    // server-everything asks again and logs what it got, on the open connection.
    await expect.poll(() => page.getByTestId('server-notifications').textContent(), { timeout: 10_000 }).toContain('Roots updated: 2 root(s)');
    await page.getByTestId('call-run').click();
    await expect.poll(() => page.getByTestId('call-result-inspector').textContent(), { timeout: 30_000 }).toContain('file:///srv/lab');
    expect(await page.getByTestId('call-result-inspector').textContent()).not.toContain('file:///srv/clinic');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'connection-roots.png') });
    await page.getByTestId('connection-close').click();
  });

  it('in MCP 2026-07-28 offers only what the revision has: no Ping or Log level, and says why', async () => {
    const { page } = app.browser;
    const modern = await startFixtureServer({ profile: 'forms', transport: 'streamable-http', era: 'modern' });
    try {
      if (!(await page.getByTestId('run-probe').isVisible())) await page.getByTestId('toggle-setup').click();
      await setupInspectorOnly(page, modern.url);
      await page.getByTestId('setup-protocol').selectOption('auto');
      await page.getByTestId('run-probe').click();
      await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/^ok/);
      await page.getByTestId('tab-call').click();
      await page.getByTestId('connection-open').click();
      await expect.poll(() => page.getByTestId('connection-state').textContent(), { timeout: 30_000 }).toBe('Connected');
      expect(await page.getByTestId('connection-revision').textContent()).toBe('MCP 2026-07-28');
      expect(await page.getByTestId('connection-ping').count()).toBe(0);
      expect(await page.getByTestId('connection-set-level').count()).toBe(0);
      const why = await page.getByTestId('connection-dropped').textContent();
      expect(why).toContain('has no ping');
      expect(why).toContain('SEP-2577');
      // What the revision does have still works on the connection: a call.
      await page.getByTestId('call-section-tools').click();
      await page.getByTestId('call-run').click();
      await expect.poll(() => page.getByTestId('call-route').textContent(), { timeout: 10_000 }).toBe('on the open connection');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'connection-modern.png') });
      // The server goes away while the lane closes its listen stream: the app must still shut down (afterAll).
      await page.getByTestId('connection-close').click();
    } finally {
      await modern.close();
    }
  });
});
