import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../electron/bundle/export-bundle';
import { CaptureJournal } from '../electron/capture/journal';
import { startEmulator, type RunningEmulator } from '../electron/emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { probeLanes } from '../electron/probe/lanes';
import type { ProbeOptions } from '../electron/probe/probe-lane';
import { runProbe } from '../electron/probe/run-probe';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';

const API_KEY = 'sk-parallax-report-e2e-0123456789';

/** The seed's own session.update from the original bug report: an mcp tool and no session.type. */
const seedSessionUpdate = (url: string) => `{"type":"session.update","session":{"instructions":"You are a helpful health-care assistant.","tools":[{"type":"mcp","server_label":"health","server_url":"${url}","require_approval":"never"}]}}`;

describe.skipIf(!chromiumPath)('report.html from a bundle, in Chromium', () => {
  let dir: string;
  let fixture: RunningFixtureServer;
  let emulator: RunningEmulator;
  let browser: BrowserSession | undefined;
  let reportPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-report-'));
    fixture = await startFixtureServer({ profile: 'seed', transport: 'sse' });
    emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
    // A real run of the seed scenario: the three lanes, the Realtime lane posting the seed's session.update.
    const capture = path.join(dir, 'seed.parallax');
    const options: ProbeOptions = {
      server: fixture.url, transport: 'sse', capabilities: 'none', headers: [],
      lane: {
        playground: { apiKey: API_KEY, baseUrl: emulator.baseUrl, requireApproval: 'never', label: 'health' },
        realtime: { apiKey: API_KEY, baseUrl: emulator.baseUrl, url: `${emulator.realtimeUrl}?model=gpt-realtime`, requireApproval: 'never', label: 'health', sessionUpdate: seedSessionUpdate(fixture.url) },
      },
    };
    const journal = await CaptureJournal.create(capture, { app: { name: 'MCP Parallax', version: 'e2e' }, createdAt: new Date().toISOString(), lanes: probeLanes.map((l) => l.config(options)), emulated: true });
    await runProbe(probeLanes, options, journal, new AbortController().signal);
    await journal.close();
    const bundle = path.join(dir, 'seed.zip');
    await exportBundle({ source: capture, out: bundle, known: [{ rule: 'configured-key', value: API_KEY }] });
    const files = unzipSync(new Uint8Array(await readFile(bundle)));
    reportPath = path.join(dir, 'report.html');
    await writeFile(reportPath, strFromU8(files['report.html'] as Uint8Array));
  });

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await fixture?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders offline with no request beyond the page itself', async () => {
    browser = await openBrowser({ width: 1180, height: 1400 });
    const { page, context } = browser;
    const pageUrl = pathToFileURL(reportPath).href;
    const requested: string[] = [];
    const blocked: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await context.route('**/*', async (route) => {
      if (route.request().url() === pageUrl) return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    await page.goto(pageUrl);
    await page.waitForLoadState('load');

    expect(requested).toEqual([pageUrl]);
    expect(blocked).toEqual([]);
    expect(browser.problems).toEqual([]);
    await expect(page.locator('.verdict').textContent()).resolves.toMatch(/The server offers 10 tools/);
    expect(await page.locator('.finding').count()).toBeGreaterThan(0);
    expect(await page.locator('.finding details pre').count()).toBeGreaterThan(0);
    expect(await page.locator('h2:has-text("Tool matrix") + table tr').count()).toBe(11);
    expect(await page.content()).not.toContain(API_KEY);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report.png') });
  });
});
