import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../shared/diagnosis/diagnose';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { closeAfterEach } from './test-support/http-server';
import { demoServer, startStreamableServer } from './test-support/mcp-servers';
import { startDualEraServer, startModernOnlyServer } from './test-support/modern-server';

const serve = closeAfterEach();

describe('Inspector lane against a server that speaks only MCP 2026-07-28', () => {
  it('names the version refusal (-32022, the supported list) instead of falling back to SSE and blaming the transport', async () => {
    const server = await serve(startModernOnlyServer());
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'auto' }, sink);

    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('version-unsupported');
    expect(result.error?.message).toContain('-32022');
    expect(result.error?.message).toContain('2026-07-28');
    // One attempt: no GET to an SSE endpoint that was never there.
    expect(result.attempts.map((a) => [a.transport, a.outcome, a.status])).toEqual([['streamable-http', 'failed', 400]]);
    expect(sink.envelopes.some((e) => e.http?.phase === 'request' && e.http.method === 'GET')).toBe(false);
    // The refusal frame is in the capture and cited.
    const refusal = sink.envelopes.find((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.raw.includes('-32022'));
    expect(refusal).toBeDefined();

    const findings = diagnose(sink.envelopes).findings;
    const shared = findings.find((f) => f.id === 'mcp.no-shared-revision');
    expect(shared?.severity).toBe('error');
    expect(shared?.detail).toContain('supports 2026-07-28');
    expect(shared?.evidence).toContain(refusal?.seq);
    expect(findings.map((f) => f.id)).not.toContain('mcp.transport-mismatch');
  });
});

describe('Inspector lane: --protocol', () => {
  const metas = (sink: MemorySink, kind: string) => sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as Record<string, unknown>).filter((m) => m.kind === kind);

  it('auto speaks 2026-07-28 to a modern-only server: server/discover with the _meta keys and headers, no initialize, the tools listed', async () => {
    const server = await serve(startModernOnlyServer(['echo', 'add']));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), protocol: 'auto' }, sink);

    expect(result.status).toBe('ok');
    expect(result.tools.map((t) => t.tool.name)).toEqual(['echo', 'add']);
    expect(result.negotiation).toMatchObject({ requested: 'auto', era: 'modern', revision: '2026-07-28', via: 'server/discover' });
    expect(result.handshake?.negotiatedProtocolVersion).toBe('2026-07-28');
    expect(result.handshake?.serverInfo).toMatchObject({ name: 'parallax-test-modern' });
    expect(metas(sink, 'negotiation')[0]).toMatchObject({ era: 'modern', revision: '2026-07-28' });

    const out = sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'out').map((e) => JSON.parse(e.raw) as { method?: string; params?: { _meta?: Record<string, unknown> } });
    expect(out.map((m) => m.method)).not.toContain('initialize');
    const discover = out.find((m) => m.method === 'server/discover');
    expect(Object.keys(discover?.params?._meta ?? {})).toEqual(expect.arrayContaining(['io.modelcontextprotocol/protocolVersion', 'io.modelcontextprotocol/clientCapabilities']));
    const listHead = sink.envelopes.find((e) => e.http?.phase === 'request' && e.raw.includes('"tools/list"'));
    const header = (name: string) => listHead?.http?.headers?.find(([k]) => k.toLowerCase() === name)?.[1];
    expect(header('mcp-protocol-version')).toBe('2026-07-28');
    expect(header('mcp-method')).toBe('tools/list');
  });

  it('auto against a 2025-only server (SDK 1.x, sessions) falls back to initialize and records why', async () => {
    const server = await serve(startStreamableServer(demoServer));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), protocol: 'auto' }, sink);

    expect(result.status).toBe('ok');
    expect(result.tools.map((t) => t.tool.name)).toEqual(['echo', 'enable_extra']);
    expect(result.negotiation).toMatchObject({ requested: 'auto', era: 'legacy', via: 'initialize' });
    expect(result.negotiation?.why).toMatch(/server\/discover .*fell back to initialize/);
    const methods = sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'out').map((e) => (JSON.parse(e.raw) as { method?: string }).method);
    expect(methods.indexOf('server/discover')).toBeLessThan(methods.indexOf('initialize'));
  });

  it('a pinned 2026-07-28 against a 2025-only server fails as version-unsupported, with no fallback', async () => {
    const server = await serve(startStreamableServer(demoServer));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), protocol: '2026-07-28' }, sink);

    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('version-unsupported');
    expect(result.error?.message).toContain('2026-07-28');
    const methods = sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'out').map((e) => (JSON.parse(e.raw) as { method?: string }).method);
    expect(methods).not.toContain('initialize');
  });

  it('both eras list the same tools from a dual-era server (SDK 2.x, legacy: stateless); its 405 to the 2025 GET stream does not break the listing', async () => {
    const server = await serve(startDualEraServer(['echo', 'add']));
    for (const protocol of ['legacy', 'auto'] as const) {
      const sink = new MemorySink();
      const result = await runInspectorLane({ target: parseServerTarget(server.url), protocol }, sink);
      expect(result.status, `${protocol}: ${result.error?.message ?? ''}`).toBe('ok');
      expect(result.tools.map((t) => t.tool.name)).toEqual(['echo', 'add']);
      expect(result.negotiation?.revision).toBe(protocol === 'auto' ? '2026-07-28' : '2025-11-25');
    }
  });

  it('a pinned 2025 revision offers only that one in initialize', async () => {
    const server = await serve(startStreamableServer(demoServer));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), protocol: '2025-06-18' }, sink);

    expect(result.handshake?.offeredProtocolVersion).toBe('2025-06-18');
    expect(result.negotiation).toMatchObject({ era: 'legacy', revision: '2025-06-18', via: 'initialize' });
  });
});
