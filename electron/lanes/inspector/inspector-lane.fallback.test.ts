import { describe, expect, it } from 'vitest';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { closeAfterEach, listen } from './test-support/http-server';
import { demoServer, startSseServer, startStreamableServer } from './test-support/mcp-servers';

const serve = closeAfterEach();
const metas = (sink: MemorySink, kind: string) => sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as Record<string, unknown>).filter((m) => m.kind === kind);

describe('Inspector lane: legacy SSE and the auto fallback', () => {
  it('auto: POST initialize gets 405 from an SSE-only server, so it falls back to GET + endpoint, recording both attempts', async () => {
    const server = await serve(startSseServer(demoServer));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'auto', call: { name: 'echo', arguments: { text: 'via sse' } } }, sink);

    expect(result.status).toBe('ok');
    expect(result.transport).toBe('sse');
    expect(server.postsTo405).toBe(1);
    expect(result.attempts.map((a) => [a.transport, a.outcome, a.status])).toEqual([['streamable-http', 'fell-back', 405], ['sse', 'connected', undefined]]);
    expect(result.attempts[0]?.evidence.length).toBeGreaterThan(0);
    expect(result.tools.map((t) => t.tool.name)).toEqual(['echo', 'enable_extra']);
    expect(result.call?.result).toMatchObject({ content: [{ text: 'via sse' }] });
    expect(metas(sink, 'transport-attempt')[0]).toMatchObject({ transport: 'streamable-http', outcome: 'fell-back', status: 405 });
    expect(metas(sink, 'transport-choice')[0]).toMatchObject({ transport: 'sse', requested: 'auto' });

    // The 405 is on the wire, then the GET whose first SSE event is `endpoint`.
    const refused = sink.envelopes.find((e) => e.http?.phase === 'response' && e.http.status === 405);
    expect(refused?.conn).toBe('inspector:streamable-http');
    const sse = sink.envelopes.filter((e) => e.layer === 'sse' && e.conn === 'inspector:sse');
    expect(sse[0]?.raw).toMatch(/^event: endpoint\ndata: \/messages\?sessionId=[\w-]+\n\n$/);
    // Server messages arrive as SSE `message` events, each carrying one jsonrpc envelope; POSTs are answered 202.
    const inbound = sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.conn === 'inspector:sse');
    expect(inbound.length).toBeGreaterThanOrEqual(3);
    for (const message of inbound) expect(sse.map((e) => e.seq)).toContain(message.link?.carrier);
    const postStatuses = sink.envelopes.filter((e) => e.conn === 'inspector:sse' && e.http?.phase === 'response').map((e) => e.http?.status);
    expect(postStatuses).toContain(202);
  });

  it('re-lists when the server sends notifications/tools/list_changed', async () => {
    const server = await serve(startSseServer(demoServer));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'sse', call: { name: 'enable_extra', arguments: {} } }, sink);
    expect(result.status).toBe('ok');
    expect(result.listings.map((l) => l.trigger)).toEqual(['initial', 'list_changed']);
    expect(result.listings[0]?.tools.map((t) => t.tool.name)).toEqual(['echo', 'enable_extra']);
    expect(result.tools.map((t) => t.tool.name)).toEqual(['echo', 'enable_extra', 'extra_tool']);
    const notification = sink.envelopes.find((e) => e.layer === 'jsonrpc' && e.raw.includes('notifications/tools/list_changed'));
    expect(notification?.dir).toBe('in');
  });

  it('--transport streamable-http against an SSE-only server fails with the status, without falling back', async () => {
    const server = await serve(startSseServer(demoServer));
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'streamable-http' }, new MemorySink());
    expect(result.status).toBe('failed');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ transport: 'streamable-http', outcome: 'failed', status: 405 });
    expect(result.error?.message).toMatch(/405/);
  });

  it('auto against a server that speaks neither says so, showing both attempts', async () => {
    const server = await serve(listen((req, res) => { res.writeHead(req.method === 'POST' ? 404 : 200, { 'content-type': 'text/html' }).end('<html>hello</html>'); }));
    const result = await runInspectorLane({ target: parseServerTarget(`${server.origin}/mcp`), transport: 'auto', connectTimeoutMs: 10_000 }, new MemorySink());
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('transport-mismatch');
    expect(result.attempts.map((a) => [a.transport, a.outcome])).toEqual([['streamable-http', 'fell-back'], ['sse', 'failed']]);
    expect(result.error?.message).toMatch(/Streamable HTTP answered 404/);
  });

  it('a Streamable HTTP server is used directly under auto', async () => {
    const server = await serve(startStreamableServer(demoServer));
    const result = await runInspectorLane({ target: parseServerTarget(server.url) }, new MemorySink());
    expect(result.attempts.map((a) => a.outcome)).toEqual(['connected']);
    expect(result.transport).toBe('streamable-http');
  });

  it('gives up on an SSE stream that never sends its endpoint event, and says why', async () => {
    const server = await serve(listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected, but no endpoint event will follow\n\n');
    }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(`${server.origin}/sse`), transport: 'sse', connectTimeoutMs: 300 }, sink);
    expect(result.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/no "endpoint" event/) });
    expect(sink.envelopes.find((e) => e.layer === 'sse')?.raw).toBe(': connected, but no endpoint event will follow\n\n');
  });

  it('an SSE stream the server closes before its endpoint event: the lane fails at once (not at the timeout), naming it, and the capture shows what came', async () => {
    const server = await serve(listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(': closing before any endpoint event\n\n');
    }));
    const sink = new MemorySink();
    const started = Date.now();
    const result = await runInspectorLane({ target: parseServerTarget(`${server.origin}/sse`), transport: 'sse', connectTimeoutMs: 20_000 }, sink);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'connect-failed', message: `the server closed its SSE stream (GET ${server.origin}/sse, HTTP 200) before sending the "endpoint" event a legacy HTTP+SSE server must send first` });
    expect(sink.envelopes.find((e) => e.layer === 'sse')?.raw).toBe(': closing before any endpoint event\n\n');
    expect(sink.envelopes.some((e) => e.http?.phase === 'end')).toBe(true);
  });

  it('names an unreachable server clearly', async () => {
    const server = await listen((_req, res) => { res.end(); });
    const url = `${server.origin}/mcp`;
    await server.close();
    const result = await runInspectorLane({ target: parseServerTarget(url) }, new MemorySink());
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('connect-failed');
    expect(result.error?.message).toMatch(/cannot reach .*ECONNREFUSED/);
  });
});
