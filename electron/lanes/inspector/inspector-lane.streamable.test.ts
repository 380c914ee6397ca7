import { describe, expect, it } from 'vitest';
import { Envelope } from '../../../shared/capture/envelope';
import { InspectorResult } from '../../../shared/lanes/inspector-result';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { capabilityGatedServer, demoServer, malformedToolsServer, paginatedServer, startStreamableServer } from './test-support/mcp-servers';
import { closeAfterEach } from './test-support/http-server';

const serve = closeAfterEach();

const metas = (sink: MemorySink, kind: string) => sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as Record<string, unknown>).filter((m) => m.kind === kind);
const names = (result: InspectorResult) => result.tools.map((t) => t.tool.name);

describe('Inspector lane over Streamable HTTP (SDK server, real sockets)', () => {
  it('handshakes, lists, calls a tool, ends the session with DELETE, and records every message at the wire', async () => {
    const server = await serve(startStreamableServer(demoServer));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'streamable-http', call: { name: 'echo', arguments: { text: 'hi' } } }, sink);

    expect(InspectorResult.parse(result)).toBeTruthy();
    expect(result.status).toBe('ok');
    expect(result.transport).toBe('streamable-http');
    expect(names(result)).toEqual(['echo', 'enable_extra']);
    expect(result.handshake).toMatchObject({
      offeredProtocolVersion: '2025-11-25', negotiatedProtocolVersion: '2025-11-25',
      serverInfo: { name: 'parallax-test-demo', version: '1.2.3' }, instructions: 'Use echo to test.',
    });
    expect(result.handshake?.serverCapabilities).toHaveProperty('tools');
    expect(result.handshake?.sessionId).toMatch(/[0-9a-f-]{36}/);
    expect(result.call).toMatchObject({ name: 'echo', isError: false, result: { content: [{ type: 'text', text: 'hi' }] } });
    expect(server.deletedSessions).toEqual([result.handshake?.sessionId]);
    expect(result.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['connect:ok', 'initialize:ok', 'list-tools:ok', 'call-tool:ok', 'shutdown:ok']);

    for (const envelope of sink.envelopes) Envelope.parse(envelope);
    const bySeq = new Map(sink.envelopes.map((e) => [e.seq, e]));
    const rpc = sink.envelopes.filter((e) => e.layer === 'jsonrpc');
    // initialize, initialized, tools/list, tools/call and the settling ping out; their answers in.
    expect(rpc.filter((e) => e.dir === 'out').map((e) => (JSON.parse(e.raw) as { method: string }).method)).toEqual(['initialize', 'notifications/initialized', 'tools/list', 'tools/call', 'ping']);
    expect(rpc.filter((e) => e.dir === 'in')).toHaveLength(4);
    for (const message of rpc) {
      const carrier = bySeq.get(message.link?.carrier ?? -1);
      expect(carrier, `carrier of ${message.raw}`).toBeDefined();
      expect(carrier?.seq).toBeLessThan(message.seq);
      expect(carrier?.http?.exchange ?? message.link?.exchange).toBe(message.link?.exchange);
      // The carrier's bytes hold the message.
      expect(carrier?.raw).toContain(message.raw);
      expect(message.dir === 'out' ? carrier?.layer : carrier?.layer).toBe(message.dir === 'out' ? 'http' : 'sse');
    }
    const sse = sink.envelopes.filter((e) => e.layer === 'sse');
    for (const block of sse) expect(block.raw).toMatch(/\n\n$/);
    const requests = sink.envelopes.filter((e) => e.http?.phase === 'request');
    expect(requests.map((e) => e.http?.method)).toEqual(expect.arrayContaining(['POST', 'DELETE']));
    const init = requests[0];
    expect(init?.http?.headers).toEqual(expect.arrayContaining([['accept', 'application/json, text/event-stream']]));
    const afterInit = requests.find((e) => e.http?.method === 'POST' && e.raw.includes('tools/list'));
    expect(afterInit?.http?.headers).toEqual(expect.arrayContaining([['mcp-protocol-version', '2025-11-25']]));
    const responseHead = sink.envelopes.find((e) => e.http?.phase === 'response');
    expect(responseHead?.http?.status).toBe(200);
    expect(responseHead?.http?.elapsed).toBeGreaterThanOrEqual(0);
    expect(metas(sink, 'handshake')).toHaveLength(1);
    expect(metas(sink, 'transport-choice')[0]).toMatchObject({ transport: 'streamable-http' });
  });

  it('records application/json answers as whole bodies carrying the messages', async () => {
    const server = await serve(startStreamableServer(demoServer, { json: true }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'streamable-http' }, sink);
    expect(result.status).toBe('ok');
    const inbound = sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'in');
    expect(inbound.length).toBeGreaterThanOrEqual(2);
    for (const message of inbound) {
      const carrier = sink.envelopes.find((e) => e.seq === message.link?.carrier);
      expect(carrier).toMatchObject({ layer: 'http', http: { phase: 'body' } });
    }
  });

  it('lists different tools for different advertised client capabilities', async () => {
    const server = await serve(startStreamableServer(capabilityGatedServer));
    const none = await runInspectorLane({ target: parseServerTarget(server.url), capabilities: 'none' }, new MemorySink());
    const all = await runInspectorLane({ target: parseServerTarget(server.url), capabilities: 'all' }, new MemorySink());
    expect(names(none)).toEqual(['always_there']);
    expect(names(all)).toEqual(['always_there', 'sample_llm', 'list_roots']);
    expect(none.handshake?.clientCapabilities).toEqual({});
    expect(all.handshake?.clientCapabilities).toMatchObject({ sampling: {}, roots: { listChanged: true } });
  });

  it('follows nextCursor to the end and records every page', async () => {
    const pages = [[{ name: 'a', inputSchema: { type: 'object' } }], [{ name: 'b', inputSchema: { type: 'object' } }], [{ name: 'c', inputSchema: { type: 'object' } }]];
    const server = await serve(startStreamableServer(() => paginatedServer(pages)));
    const result = await runInspectorLane({ target: parseServerTarget(server.url) }, new MemorySink());
    expect(names(result)).toEqual(['a', 'b', 'c']);
    const listing = result.listings[0];
    expect(listing?.stoppedBecause).toBe('end');
    expect(listing?.pages.map((p) => [p.cursor, p.nextCursor, p.toolCount])).toEqual([[undefined, 'page-1', 1], ['page-1', 'page-2', 1], ['page-2', undefined, 1]]);
    expect(listing?.pages.every((p) => p.requestSeq !== undefined && p.responseSeq !== undefined && p.responseSeq > p.requestSeq)).toBe(true);
  });

  it('stops a cursor loop and says so, keeping the tools it got', async () => {
    const pages = [[{ name: 'a', inputSchema: { type: 'object' } }], [{ name: 'b', inputSchema: { type: 'object' } }]];
    const server = await serve(startStreamableServer(() => paginatedServer(pages, 1)));
    const result = await runInspectorLane({ target: parseServerTarget(server.url) }, new MemorySink());
    const listing = result.listings[0];
    expect(listing?.stoppedBecause).toBe('cursor-loop');
    expect(listing?.issues.map((i) => i.code)).toContain('cursor-loop');
    expect(names(result).slice(0, 2)).toEqual(['a', 'b']);
    expect(result.status).toBe('ok');
  });

  it('stops at the page limit', async () => {
    const pages = Array.from({ length: 5 }, (_, i) => [{ name: `t${i}`, inputSchema: { type: 'object' } }]);
    const server = await serve(startStreamableServer(() => paginatedServer(pages)));
    const result = await runInspectorLane({ target: parseServerTarget(server.url), maxPages: 2 }, new MemorySink());
    expect(result.listings[0]?.stoppedBecause).toBe('page-limit');
    expect(names(result)).toEqual(['t0', 't1']);
  });

  it('keeps every tool when some are malformed, and says what is wrong with each', async () => {
    const server = await serve(startStreamableServer(malformedToolsServer));
    const result = await runInspectorLane({ target: parseServerTarget(server.url) }, new MemorySink());
    expect(result.status).toBe('ok');
    expect(names(result)).toEqual(['good_tool', 'no_object_type', 'null_required', 'dangling_ref', 'namespaced.tool/v2']);
    const codes = Object.fromEntries(result.tools.map((t) => [t.tool.name, t.issues.filter((i) => i.severity !== 'info').map((i) => i.code)]));
    expect(codes.good_tool).toEqual([]);
    expect(codes.no_object_type).toEqual(expect.arrayContaining(['sdk-schema', 'inputSchema-root-not-object']));
    expect(codes.null_required).toEqual(expect.arrayContaining(['sdk-schema', 'schema-invalid']));
    expect(codes.dangling_ref).toContain('schema-unresolved-ref');
    expect(codes['namespaced.tool/v2']).toEqual(['name-format', 'name-openai-pattern']);
  });
});
