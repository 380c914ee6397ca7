import { describe, expect, it } from 'vitest';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { closeAfterEach } from './test-support/http-server';
import { initializeResult, sse, startRawStreamableServer } from './test-support/raw-http-server';

const serve = closeAfterEach();
const goodTool = { name: 'ok_tool', description: 'fine', inputSchema: { type: 'object' } };

describe('Inspector lane against hand-written, malformed Streamable HTTP output', () => {
  it('records a non-JSON SSE data event as an invalid frame and still completes the handshake', async () => {
    const server = await serve(startRawStreamableServer((request) => {
      if (request.method === 'initialize') return sse(': hello\n\n', 'data: server booting...\n\n', `event: message\ndata: ${initializeResult(request.id)}\n\n`);
      return { body: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { tools: [goodTool, { name: 'no_type', inputSchema: { properties: {} } }] } }) };
    }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'streamable-http' }, sink);
    expect(result.status).toBe('ok');
    expect(result.handshake?.negotiatedProtocolVersion).toBe('2025-06-18');
    expect(result.tools.map((t) => t.tool.name)).toEqual(['ok_tool', 'no_type']);
    const blocks = sink.envelopes.filter((e) => e.layer === 'sse').map((e) => e.raw);
    expect(blocks.slice(0, 3)).toEqual([': hello\n\n', 'data: server booting...\n\n', `event: message\ndata: ${initializeResult(0)}\n\n`]);
    expect(result.invalidFrames).toHaveLength(1);
    expect(result.invalidFrames[0]).toMatchObject({ preview: 'server booting...', reason: expect.stringMatching(/not JSON/) });
    // The protocol version the server chose is echoed on later requests.
    const later = sink.envelopes.find((e) => e.http?.phase === 'request' && e.raw.includes('tools/list'));
    expect(later?.http?.headers).toEqual(expect.arrayContaining([['mcp-protocol-version', '2025-06-18']]));
  });

  it('fails a request at once when its answer has "error": null beside "result" (the SDK drops such a frame and would wait for a timeout)', async () => {
    const server = await serve(startRawStreamableServer((request) => {
      if (request.method === 'initialize') return { body: initializeResult(request.id) };
      return { body: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { tools: [goodTool] }, error: null }) };
    }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), requestTimeoutMs: 600_000 }, sink);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('list-failed');
    expect(result.error?.message).toMatch(/the server answered \(id 1\) but the frame is not a valid JSON-RPC message/);
    const rejected = sink.envelopes.find((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.raw.includes('"error":null'));
    expect(rejected).toBeDefined();
    expect(result.invalidFrames.map((f) => f.seq)).toContain(rejected?.seq);
    expect(result.error?.evidence).toContain(rejected?.seq);
  });

  it('says the handshake failed, and shows the answer, when the initialize result breaks the SDK schema', async () => {
    const server = await serve(startRawStreamableServer((request) => ({ body: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { protocolVersion: '2025-06-18', capabilities: {} } }) })));
    const result = await runInspectorLane({ target: parseServerTarget(server.url) }, new MemorySink());
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('initialize-failed');
    expect(result.error?.message).toMatch(/serverInfo/);
    expect(result.handshake).toMatchObject({ negotiatedProtocolVersion: '2025-06-18', serverCapabilities: {} });
    expect(result.handshake?.serverInfo).toBeUndefined();
    expect(result.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['connect:ok', 'initialize:failed']);
  });

  it('stops when the user aborts a request the server never answers, and still shuts down cleanly', async () => {
    const stop = new AbortController();
    const server = await serve(startRawStreamableServer((request) => {
      if (request.method === 'initialize') return { body: initializeResult(request.id) };
      stop.abort(new Error('stopped by the user'));
      return 'hang';
    }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), signal: stop.signal, requestTimeoutMs: 600_000 }, sink);
    expect(result.error).toMatchObject({ code: 'aborted', message: expect.stringMatching(/stopped by the user/) });
    expect(result.steps.at(-1)).toMatchObject({ name: 'shutdown', status: 'ok' });
    // The hanging stream was ended by Parallax, and that is on record too.
    expect(sink.envelopes.some((e) => e.http?.phase === 'error')).toBe(true);
  });

  it('marks an SSE event cut off by the end of the stream as incomplete, keeping what came before', async () => {
    const server = await serve(startRawStreamableServer((request) => {
      if (request.method === 'initialize') return { body: initializeResult(request.id) };
      return sse(`id: 1\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { tools: [goodTool] } })}\n\n`, 'id: 2\ndata: {"jsonrpc":"2.0","method":"notifi');
    }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url) }, sink);
    expect(result.tools.map((t) => t.tool.name)).toEqual(['ok_tool']);
    const cut = sink.envelopes.find((e) => e.layer === 'sse' && e.incomplete);
    expect(cut?.raw).toBe('id: 2\ndata: {"jsonrpc":"2.0","method":"notifi');
  });
});
