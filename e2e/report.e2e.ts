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

  it('draws each lane\'s sequence diagram, styled under the strict CSP, with the demo\'s arrows', async () => {
    const page = browser?.page;
    if (!page) throw new Error('the first test opens the report');
    const lanes = await page.$$eval('.sequence svg', (svgs) => svgs.map((svg) => ({
      lane: svg.getAttribute('data-lane'),
      width: svg.getBoundingClientRect().width,
      arrows: [...svg.querySelectorAll('.sq-msg')].filter((g) => g.querySelector(':scope > line')).map((g) => {
        const line = g.querySelector(':scope > line') as SVGLineElement;
        return { label: g.getAttribute('data-label'), classes: g.getAttribute('class'), toServer: Number(line.getAttribute('x2')) > Number(line.getAttribute('x1')), stroke: getComputedStyle(line).stroke };
      }),
    })));
    expect(lanes.map((l) => l.lane)).toEqual(['inspector', 'playground', 'realtime']);
    for (const lane of lanes) expect(lane.width).toBeGreaterThan(400);
    const arrow = (lane: string, label: string) => lanes.find((l) => l.lane === lane)?.arrows.find((a) => a.label === label);
    /** The labels of a lane's arrows, in order, contain these in this order. */
    const inOrder = (lane: string, expected: string[]) => {
      const labels = lanes.find((l) => l.lane === lane)?.arrows.map((a) => a.label) ?? [];
      let at = 0;
      for (const label of labels) if (label === expected[at]) at++;
      expect(expected.slice(at), `${lane}: ${labels.join(', ')}`).toEqual([]);
    };
    inOrder('inspector', ['GET /sse', 'event: endpoint', 'initialize', 'initialize result', 'notifications/initialized', 'tools/list', 'tools/list result']);
    inOrder('playground', ['POST /v1/responses', 'response.mcp_list_tools.in_progress', 'response.mcp_list_tools.completed', 'response.completed']);
    inOrder('realtime', ['GET /v1/realtime?model=gpt-realtime', 'session.created', 'session.update', 'error']);
    expect(arrow('inspector', 'tools/list')?.toServer).toBe(true);
    expect(arrow('inspector', 'tools/list result')?.toServer).toBe(false);
    // The style in the head reached the SVG through the CSP: JSON-RPC arrows are purple, the rejected session.update's answer red.
    expect(arrow('inspector', 'tools/list')?.stroke).toBe('rgb(122, 79, 196)');
    expect(arrow('realtime', 'error')?.classes).toContain('error');
    expect(arrow('realtime', 'error')?.stroke).toBe('rgb(196, 43, 43)');
    expect(await page.locator('.sequence[data-lane="playground"] .sq-reported').count()).toBeGreaterThan(0);
    expect(await page.locator('.sequence [tabindex]').count()).toBe(0);
    await page.locator('.sequence[data-lane="realtime"]').screenshot({ path: path.join(SCREENSHOT_DIR, 'report-sequence.png') });
    expect(browser?.problems).toEqual([]);
  });
});
