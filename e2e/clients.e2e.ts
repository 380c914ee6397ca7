import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../electron/app-version';
import { CaptureJournal } from '../electron/capture/journal';
import type { CommandIo } from '../electron/cli/command';
import { diagnoseCommand } from '../electron/cli/commands/diagnose';
import { recordInspector, startWorld } from '../electron/diagnosis/test-support/recorded-runs';
import { fixtureProfileNames } from '../electron/fixtures/profiles';
import { ClientsReportSchema, type ClientsReportView } from '../shared/ipc/clients-report';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

/**
 * The Clients view against `parallax diagnose --clients --json` on the same capture: the Demo's,
 * and an Inspector capture of every fixture server. Cell by cell, they must say the same.
 */

async function cliClients(capture: string): Promise<ClientsReportView> {
  const out: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: () => undefined, stopped: new Promise(() => undefined) };
  await diagnoseCommand.run([capture, '--clients', '--json'], io);
  return ClientsReportSchema.parse(JSON.parse(out.join('\n')));
}

/** What the view shows: the verdict, each client's header count, and every cell's state by tool and client. */
async function viewClients(page: Page) {
  await page.getByTestId('tab-clients').click();
  await page.getByTestId('clients-matrix').waitFor();
  return page.evaluate(() => {
    const matrix = document.querySelector('[data-testid="clients-matrix"]') as HTMLElement;
    return {
      verdict: document.querySelector('[data-testid="clients-verdict"]')?.textContent ?? '',
      headers: [...matrix.querySelectorAll('thead th[data-client]')].map((th) => ({ client: th.getAttribute('data-client'), count: th.querySelector('.client-count')?.textContent ?? '' })),
      cells: [...matrix.querySelectorAll('tbody tr')].map((tr) => ({
        tool: tr.getAttribute('data-tool'),
        states: [...tr.querySelectorAll('td[data-client]')].map((td) => `${td.getAttribute('data-client')}=${td.getAttribute('data-state')}`),
      })),
    };
  });
}

function expectAgreement(view: Awaited<ReturnType<typeof viewClients>>, cli: ClientsReportView) {
  expect(view.verdict).toBe(cli.verdict);
  expect(view.headers.map((h) => h.client)).toEqual(cli.clients.map((c) => c.client));
  for (const [i, c] of cli.clients.entries()) {
    const count = view.headers[i]?.count ?? '';
    if (c.lost > 0) expect(count).toBe(`loses ${c.lost}`);
    else expect(count).not.toMatch(/loses/);
  }
  expect(view.cells).toEqual(cli.rows.map((r) => ({ tool: r.tool, states: cli.clients.map((c) => `${c.client}=${r.cells[c.client]?.state ?? 'kept'}`) })));
}

async function openCapture(page: Page, file: string) {
  await page.getByTestId('open-capture').click();
  await page.getByTestId('capture-path').fill(file);
  await page.getByTestId('capture-path').press('Enter');
  await expect.poll(() => page.getByTestId('session-title').textContent()).toContain(path.basename(file));
}

describe.skipIf(!chromiumPath)('the Clients view agrees with parallax diagnose --clients', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-clients-'));
    web = await startWebHost();
    await web.engine.dispatch('setApiKey', { key: 'sk-parallax-local-emulator' });
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('on the Demo: same verdict and cells; a cell opens its rules, sources and evidence frames', async () => {
    const { page } = browser;
    await page.getByTestId('run-demo').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toBe('ok · 10 tools');
    for (const lane of ['playground', 'realtime']) {
      await expect.poll(() => page.getByTestId(`lane-status-${lane}`).textContent(), { timeout: 30_000 }).not.toMatch(/idle|running/);
    }
    await page.getByTestId('save-capture').click();
    const banner = page.getByTestId('saved-banner');
    await expect.poll(() => banner.textContent()).toContain('Capture saved to');
    const saved = (await banner.locator('.mono').textContent()) ?? '';
    const cli = await cliClients(saved);
    expect(cli.toolCount).toBe(10);
    // The saved file is the session's journal so far; the view may have diagnosed the same frames.
    // The diagnosis refreshes on its own schedule, which a loaded machine stretches past a second.
    await expect.poll(async () => (await viewClients(page)).verdict, { timeout: 30_000 }).toBe(cli.verdict);
    expectAgreement(await viewClients(page), cli);

    // A changed cell (Gemini CLI renames every tool) opens the rule with its source and frame.
    const first = cli.rows[0];
    await page.locator(`tr[data-tool="${first?.tool}"] td[data-client="gemini-cli"]`).click();
    const detail = page.getByTestId('client-detail');
    await expect.poll(() => detail.locator('[data-rule="gemini-cli.name-qualified"]').count()).toBe(1);
    expect(await detail.textContent()).toContain('github.com/google-gemini/gemini-cli');
    await detail.getByTestId('client-evidence').first().click();
    await expect.poll(() => page.locator('.trow.evidence').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'clients-demo.png') });
  });

  for (const profile of fixtureProfileNames) {
    it(`on the ${profile} fixture`, async () => {
      const world = await startWorld(profile);
      const file = path.join(dir, `${profile}.parallax`);
      try {
        const journal = await CaptureJournal.create(file, { app: { name: 'MCP Parallax', version: APP_VERSION }, createdAt: new Date().toISOString(), lanes: [], emulated: true });
        const stop = world.sink.subscribe(({ seq: _seq, ...envelope }) => journal.record(envelope));
        await recordInspector(world);
        stop();
        await journal.close();
      } finally {
        await world.close();
      }
      const cli = await cliClients(file);
      const { page } = browser;
      await openCapture(page, file);
      // The diagnosis refreshes on its own schedule, which a loaded machine stretches past a second.
    await expect.poll(async () => (await viewClients(page)).verdict, { timeout: 30_000 }).toBe(cli.verdict);
      expectAgreement(await viewClients(page), cli);
      // Every tool a client loses names the rule and the frame that shows it.
      for (const row of cli.rows) {
        for (const cell of Object.values(row.cells)) {
          if (cell.state !== 'dropped') continue;
          expect(cell.hits.some((h) => (h.effect === 'dropped' || h.effect === 'list-emptied') && h.evidence.length > 0)).toBe(true);
        }
      }
      if (profile === 'malformed-tool') {
        await page.locator('tr[data-tool="broken_schema_tool"] td[data-client="gemini-cli"]').click();
        await expect.poll(() => page.getByTestId('client-detail').locator('[data-rule="gemini-cli.tool-invalid"]').count()).toBeGreaterThan(0);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'clients-malformed.png') });
      }
    });
  }
});
