import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnosis/diagnose';
import type { FindingId } from '../../shared/diagnosis/finding-ids';
import { MemorySink } from '../capture/memory-sink';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { runInspectorLane } from '../lanes/inspector/inspector-lane';
import { parseServerTarget } from '../lanes/inspector/server-target';
import { startRawStreamableServer } from '../lanes/inspector/test-support/raw-http-server';
import { startMcpProxy, type RunningProxy } from '../proxy/mcp-proxy';
import { recordInspector, recordPlayground, startWorld, type World } from './test-support/recorded-runs';

/**
 * The MCP-era findings, each fired by a real run against a fixture in the era that causes it,
 * and silent on the run that does not. Requests no SDK client would send (a header that
 * contradicts the body, a missing _meta) go by hand through the recording proxy, so the server's
 * real answer is recorded beside them.
 */
let world: World | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await world?.close();
  world = undefined;
  await Promise.allSettled(closers.splice(0).map((c) => c()));
});

const ids = (envelopes: Parameters<typeof diagnose>[0]) => diagnose(envelopes).findings.map((f) => f.id);
const finding = (envelopes: Parameters<typeof diagnose>[0], id: FindingId) => diagnose(envelopes).findings.find((f) => f.id === id);

describe('mcp.hosted-era-gap', () => {
  it('fires when the Inspector reaches a 2026-07-28-only server and the hosted client (2025-06-18) gets 400', async () => {
    world = await startWorld('seed', { transport: 'streamable-http', era: 'modern' });
    await recordInspector(world, { protocol: 'auto' });
    const playground = await recordPlayground(world);
    expect(playground.status).toBe('failed');
    const gap = finding(world.sink.envelopes, 'mcp.hosted-era-gap');
    expect(gap).toMatchObject({ severity: 'error', lanes: ['playground'] });
    expect(gap?.detail).toContain('400');
    expect(gap?.fix).toContain('legacy: "stateless"');
    const discover = world.sink.envelopes.find((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.raw.includes('"supportedVersions"'));
    expect(gap?.evidence).toContain(discover?.seq);
  });

  it('stays silent for a dual server, which the 2025 hosted client reaches', async () => {
    world = await startWorld('seed', { transport: 'streamable-http', era: 'dual' });
    await recordInspector(world, { protocol: 'auto' });
    expect((await recordPlayground(world)).status).toBe('ok');
    expect(ids(world.sink.envelopes)).not.toContain('mcp.hosted-era-gap');
  });
});

describe('mcp.deprecated-feature', () => {
  it('is information, naming legacy SSE, for the FastMCP-style seed probed with --protocol auto', async () => {
    world = await startWorld('seed');
    await recordInspector(world, { protocol: 'auto' });
    const deprecated = finding(world.sink.envelopes, 'mcp.deprecated-feature');
    expect(deprecated).toMatchObject({ severity: 'info', lanes: ['inspector'] });
    expect(deprecated?.title).toContain('legacy HTTP+SSE');
    expect(deprecated?.evidence.length).toBeGreaterThan(0);
  });

  it('stays silent for a 2026-07-28 conversation, and for a plain 2025 one (legacy SSE without 2026-07-28 in play)', async () => {
    world = await startWorld('seed', { transport: 'streamable-http', era: 'modern' });
    await recordInspector(world, { protocol: 'auto' });
    expect(ids(world.sink.envelopes)).not.toContain('mcp.deprecated-feature');
    await world.close();
    world = await startWorld('seed');
    await recordInspector(world);
    expect(ids(world.sink.envelopes)).not.toContain('mcp.deprecated-feature');
  });
});

describe('mcp.stale-list-cache', () => {
  it('fires when list_changed arrives inside the list\'s ttlMs and no fresh list follows', async () => {
    world = await startWorld('list-changed', { era: 'modern', fixture: { toolsTtlMs: 60_000 } });
    await recordInspector(world, { protocol: '2026-07-28', maxRelists: 0 });
    const stale = finding(world.sink.envelopes, 'mcp.stale-list-cache');
    expect(stale?.severity).toBe('warning');
    expect(stale?.detail).toContain('ttlMs 60000');
    const changed = world.sink.envelopes.find((e) => e.layer === 'jsonrpc' && e.raw.includes('notifications/tools/list_changed'));
    expect(stale?.evidence).toContain(changed?.seq);
  });

  it('stays silent when the client lists again (the Inspector does, over its subscriptions/listen stream), and without a cache hint', async () => {
    world = await startWorld('list-changed', { era: 'modern', fixture: { toolsTtlMs: 60_000 } });
    const relisted = await recordInspector(world, { protocol: '2026-07-28' });
    expect(relisted.tools.map((t) => t.tool.name)).toContain('late_tool');
    expect(ids(world.sink.envelopes)).not.toContain('mcp.stale-list-cache');
    await world.close();
    world = await startWorld('list-changed', { era: 'modern' });
    await recordInspector(world, { protocol: '2026-07-28', maxRelists: 0 });
    expect(ids(world.sink.envelopes)).not.toContain('mcp.stale-list-cache');
  });
});

/** A 2026-07-28-only fixture behind the recording proxy, and a hand-made POST through it. */
async function modernBehindProxy(): Promise<{ sink: MemorySink; post: (body: unknown, headers: Record<string, string>) => Promise<number> }> {
  const server: RunningFixtureServer = await startFixtureServer({ profile: 'seed', transport: 'streamable-http', era: 'modern' });
  closers.push(() => server.close());
  const sink = new MemorySink();
  const proxy: RunningProxy = await startMcpProxy({ target: server.url, sink });
  closers.unshift(() => proxy.close());
  return {
    sink,
    async post(body, headers) {
      const response = await fetch(proxy.address, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });
      await response.arrayBuffer();
      return response.status;
    },
  };
}

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };

describe('mcp.header-meta-mismatch', () => {
  it('fires when MCP-Protocol-Version contradicts _meta, with the request and the server\'s answer as evidence', async () => {
    const { sink, post } = await modernBehindProxy();
    expect(await post({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: META } }, { 'mcp-protocol-version': '2025-11-25', 'mcp-method': 'tools/list' })).toBeGreaterThanOrEqual(400);
    const mismatch = finding(sink.envelopes, 'mcp.header-meta-mismatch');
    expect(mismatch).toMatchObject({ severity: 'error', lanes: ['server'] });
    expect(mismatch?.detail).toContain('"2025-11-25"');
    const request = sink.envelopes.find((e) => e.http?.phase === 'request');
    expect(mismatch?.evidence).toContain(request?.seq);
  });

  it('fires when Mcp-Method names another method than the body', async () => {
    const { sink, post } = await modernBehindProxy();
    await post({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: META } }, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call' });
    expect(finding(sink.envelopes, 'mcp.header-meta-mismatch')?.detail).toContain('Mcp-Method');
  });

  it('stays silent when headers and body agree', async () => {
    const { sink, post } = await modernBehindProxy();
    expect(await post({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: META } }, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' })).toBe(200);
    expect(ids(sink.envelopes)).not.toContain('mcp.header-meta-mismatch');
  });
});

describe('mcp.meta-invalid', () => {
  it.each([
    ['no _meta on a 2026-07-28 request', {}, 'is missing from a 2026-07-28 request'],
    ['_meta that is not an object', { _meta: 'v2026' }, 'params._meta is a string, not an object'],
    ['a revision nobody published', { _meta: { ...META, 'io.modelcontextprotocol/protocolVersion': '2026-13-99' } }, '"2026-13-99", which is no published MCP revision'],
    ['a revision that is not a string', { _meta: { ...META, 'io.modelcontextprotocol/protocolVersion': 20260728 } }, 'not a revision string'],
  ])('names the field: %s', async (_name, params, expected) => {
    const { sink, post } = await modernBehindProxy();
    await post({ jsonrpc: '2.0', id: 1, method: 'tools/list', params }, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' });
    const invalid = finding(sink.envelopes, 'mcp.meta-invalid');
    expect(invalid?.severity).toBe('error');
    expect(invalid?.detail).toContain(expected);
    // The frame itself is kept whole, as sent.
    expect(sink.envelopes.some((e) => e.layer === 'jsonrpc' && e.dir === 'out' && e.raw === JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params }))).toBe(true);
  });

  it('stays silent for the SDK client\'s own 2026-07-28 requests, and for 2025 requests after an auto probe fell back', async () => {
    const legacy = await startWorld('seed', { transport: 'streamable-http', era: 'legacy' });
    closers.push(() => legacy.close());
    await recordInspector(legacy, { protocol: 'auto' });
    expect(ids(legacy.sink.envelopes)).not.toContain('mcp.meta-invalid');
    world = await startWorld('seed', { transport: 'streamable-http', era: 'modern' });
    await recordInspector(world, { protocol: '2026-07-28' });
    expect(ids(world.sink.envelopes)).not.toContain('mcp.meta-invalid');
  });
});

describe('mcp.era-mixed', () => {
  it('fires when a server answers server/discover and then asks for a session', async () => {
    const server = await startRawStreamableServer((request) => request.method === 'server/discover'
      ? { body: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, serverInfo: { name: 'half-migrated', version: '0' }, resultType: 'complete' } }) }
      : { status: 400, body: JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32000, message: 'Bad Request: No valid session ID provided; send initialize first' } }) });
    closers.push(() => server.close());
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), protocol: 'auto' }, sink);
    expect(result.status).toBe('failed');
    const mixed = finding(sink.envelopes, 'mcp.era-mixed');
    expect(mixed?.severity).toBe('warning');
    expect(mixed?.detail).toContain('No valid session ID');
  });

  it('stays silent for a dual server reached in either era', async () => {
    world = await startWorld('seed', { transport: 'streamable-http', era: 'dual' });
    await recordInspector(world, { protocol: 'auto' });
    await recordInspector(world, { protocol: 'legacy', connPrefix: 'legacy' });
    expect(ids(world.sink.envelopes)).not.toContain('mcp.era-mixed');
  });
});

describe('mcp.discover-invalid', () => {
  const CAPS = { tools: {} };
  it.each([
    ['supportedVersions as a string', { supportedVersions: '2026-07-28', capabilities: CAPS }, 'result.supportedVersions is "2026-07-28", not an array'],
    ['no capabilities', { supportedVersions: ['2026-07-28'] }, 'result.capabilities is missing'],
    ['an unknown revision', { supportedVersions: ['2027-01-01'], capabilities: CAPS }, '"2027-01-01", which is no published MCP revision'],
    ['an empty version list', { supportedVersions: [], capabilities: CAPS }, 'result.supportedVersions is empty'],
  ])('names the field when server/discover answers %s; every frame stays captured', async (_name, result, expected) => {
    const server = await startRawStreamableServer((request) => (request.method === 'server/discover'
      ? { body: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { ...result, serverInfo: { name: 'odd', version: '0' }, resultType: 'complete' } }) }
      : { status: 400, body: JSON.stringify({ jsonrpc: '2.0', id: request.id ?? null, error: { code: -32600, message: 'not here' } }) }));
    closers.push(() => server.close());
    const sink = new MemorySink();
    await runInspectorLane({ target: parseServerTarget(server.url), protocol: '2026-07-28' }, sink);
    const invalid = finding(sink.envelopes, 'mcp.discover-invalid');
    expect(invalid?.severity).toBe('error');
    expect(invalid?.detail).toContain(expected);
    const answer = sink.envelopes.find((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.raw?.includes('supportedVersions'));
    expect(answer).toBeDefined();
    expect(invalid?.evidence).toContain(answer?.seq);
  });

  it('stays silent for SDK 2.x servers answering server/discover (modern and dual)', async () => {
    for (const era of ['modern', 'dual'] as const) {
      const server = await startFixtureServer({ profile: 'seed', transport: 'streamable-http', era });
      closers.push(() => server.close());
      const sink = new MemorySink();
      await runInspectorLane({ target: parseServerTarget(server.url), protocol: 'auto' }, sink);
      expect(ids(sink.envelopes)).not.toContain('mcp.discover-invalid');
      expect(sink.envelopes.some((e) => e.layer === 'jsonrpc' && e.raw?.includes('supportedVersions'))).toBe(true);
    }
  });
});
