import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySink } from '../electron/capture/memory-sink';
import { startFixtureServer, type RunningFixtureServer } from '../electron/fixtures/fixture-server';
import { runInspectorLane } from '../electron/lanes/inspector/inspector-lane';
import { parseServerTarget } from '../electron/lanes/inspector/server-target';
import { startRawStreamableServer } from '../electron/lanes/inspector/test-support/raw-http-server';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';

/**
 * The MCP-era findings as a user meets them: from the Server lane (a proxy started in the UI,
 * with real clients and hand-made requests going through it) and from the Inspector lane (a
 * probe started in Setup). Each finding must be listed, and choosing it marks its frames.
 */
const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };

/** Opens the finding and checks its evidence: chips naming frames, and those frames marked in the timeline. */
async function expectFindingWithEvidence(page: Page, id: string, text: string): Promise<void> {
  await page.getByTestId('tab-findings').click();
  const finding = page.getByTestId(`finding-${id}`);
  await expect.poll(() => finding.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  const item = page.locator('li.finding', { has: finding }).first();
  await expect.poll(() => item.textContent()).toContain(text);
  expect(await item.locator('.finding-evidence .chip').count()).toBeGreaterThan(0);
  await finding.first().click();
  await expect.poll(() => page.locator('.trow.evidence').count()).toBeGreaterThan(0);
}

async function probe(page: Page, url: string, protocol: string): Promise<void> {
  if (!(await page.getByTestId('run-probe').isVisible())) await page.getByTestId('toggle-setup').click();
  await page.getByTestId('setup-server').fill(url);
  for (const lane of ['Playground (Responses)', 'Realtime', 'Claude (Messages API)']) {
    const box = page.getByRole('checkbox', { name: lane, exact: true });
    if (await box.isChecked()) await box.uncheck();
  }
  await page.getByTestId('setup-protocol').selectOption(protocol);
  await page.getByTestId('run-probe').click();
  await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/ok|failed/);
}

describe.skipIf(!chromiumPath)('MCP-era findings in the app', () => {
  const servers: { close(): Promise<void> }[] = [];

  afterAll(async () => {
    await Promise.allSettled(servers.map((s) => s.close()));
  });
  // Registered after the file's own hooks: the fixtures start first and stop last, as before.
  const app = appUnderTest();

  it('Server lane: a client that keeps its cached list after list_changed, a header that contradicts _meta, and a request without _meta', async () => {
    const { page } = app.browser;
    const fixture: RunningFixtureServer = await startFixtureServer({ profile: 'list-changed', transport: 'streamable-http', era: 'modern', options: { toolsTtlMs: 60_000 } });
    servers.push(fixture);
    const panel = page.getByTestId('proxy-panel');
    await panel.getByLabel('MCP server URL').fill(fixture.url);
    await page.getByTestId('proxy-start').click();
    const address = panel.locator('.proxy-list code').first();
    await expect.poll(() => address.textContent()).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const proxyUrl = new URL(new URL(fixture.url).pathname, (await address.textContent()) ?? '').toString();

    const post = async (params: unknown, headers: Record<string, string>) => {
      const response = await fetch(proxyUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list', params }) });
      await response.arrayBuffer();
      return response.status;
    };
    expect(await post({ _meta: META }, { 'mcp-protocol-version': '2025-11-25', 'mcp-method': 'tools/list' })).toBeGreaterThanOrEqual(400);
    await post({}, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' });
    // Then a real SDK 2.x client that never lists again after list_changed: it trusts the ttlMs.
    // (It comes last: any tools/list after the change, even a refused one, counts as a fresh list.)
    // Its listen stream stays open long enough for the server's list_changed on a busy machine.
    const heard = new MemorySink();
    const client = await runInspectorLane({ target: parseServerTarget(proxyUrl), protocol: '2026-07-28', maxRelists: 0, listenSettleMs: 2000 }, heard);
    expect(client.status).toBe('ok');
    expect(heard.envelopes.some((e) => e.layer === 'jsonrpc' && e.raw.includes('notifications/tools/list_changed'))).toBe(true);
    await expect.poll(() => page.getByTestId('lane-server').count()).toBe(1);

    await expectFindingWithEvidence(page, 'mcp.stale-list-cache', 'ttlMs 60000');
    await expectFindingWithEvidence(page, 'mcp.meta-invalid', 'is missing from a 2026-07-28 request');
    await expectFindingWithEvidence(page, 'mcp.header-meta-mismatch', '"2025-11-25"');
    for (const id of ['mcp.stale-list-cache', 'mcp.meta-invalid', 'mcp.header-meta-mismatch']) expect(await page.getByTestId(`finding-${id}`).count(), id).toBeGreaterThan(0);
    await page.getByTestId('finding-mcp.stale-list-cache').click();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'era-findings-server-lane.png') });
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => panel.textContent()).toContain('No proxy running.');
  });

  it('Inspector lane: legacy SSE as information, a half-migrated server, and a server/discover result that fails the schema', async () => {
    const { page } = app.browser;
    const seed = await startFixtureServer({ profile: 'seed' });
    servers.push(seed);
    await probe(page, seed.url, 'auto');
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent()).toBe('ok · 10 tools');
    await expectFindingWithEvidence(page, 'mcp.deprecated-feature', 'legacy HTTP+SSE');
    expect(await page.locator('li.finding', { has: page.getByTestId('finding-mcp.deprecated-feature') }).locator('.sev').textContent()).toBe('info');

    const halfMigrated = await startRawStreamableServer((request) => (request.method === 'server/discover'
      ? { body: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, serverInfo: { name: 'half-migrated', version: '0' }, resultType: 'complete' } }) }
      : { status: 400, body: JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32000, message: 'Bad Request: No valid session ID provided; send initialize first' } }) }));
    servers.push(halfMigrated);
    await probe(page, halfMigrated.url, 'auto');
    await expectFindingWithEvidence(page, 'mcp.era-mixed', 'No valid session ID');

    const oddDiscover = await startRawStreamableServer((request) => (request.method === 'server/discover'
      ? { body: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { supportedVersions: '2026-07-28', capabilities: { tools: {} }, serverInfo: { name: 'odd', version: '0' }, resultType: 'complete' } }) }
      : { status: 400, body: JSON.stringify({ jsonrpc: '2.0', id: request.id ?? null, error: { code: -32600, message: 'not here' } }) }));
    servers.push(oddDiscover);
    await probe(page, oddDiscover.url, '2026-07-28');
    await expectFindingWithEvidence(page, 'mcp.discover-invalid', 'result.supportedVersions is "2026-07-28", not an array');
    // The evidence includes the discover answer itself, kept whole in the timeline.
    await expect.poll(() => page.locator('.trow.evidence', { hasText: 'server/discover' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'era-findings-discover-invalid.png') });
  });
});
