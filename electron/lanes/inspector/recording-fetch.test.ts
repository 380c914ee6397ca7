import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../../shared/diagnosis/diagnose';
import { MemorySink } from '../../capture/memory-sink';
import { createRecordingFetch } from './recording-fetch';
import { listen, type RunningServer } from './test-support/http-server';
import { WireRecorder } from './wire-recorder';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Writes an SSE stream in awkward pieces: an event split across writes, CRLF split between CR and LF. */
async function chunkedSseServer(): Promise<RunningServer> {
  const server = await listen(async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const pieces = ['data: {"jsonrpc":"2.0","me', 'thod":"notifications/x"}\r', '\n\r\n', 'event: response.created\ndata: {"type":"response.created"}\n\n'];
    for (const piece of pieces) {
      res.write(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end(req.url === '/cut' ? 'data: {"part' : '');
  });
  running.push(server);
  return server;
}

describe('createRecordingFetch', () => {
  it('records SSE event blocks whole however the bytes were split, and hands the SDK the same bytes', async () => {
    const server = await chunkedSseServer();
    const sink = new MemorySink();
    const recording = createRecordingFetch(new WireRecorder(sink, 'c'));
    const response = await recording.fetch(`${server.origin}/cut`);
    const text = await response.text();
    await recording.settled();

    const blocks = sink.envelopes.filter((e) => e.layer === 'sse');
    expect(blocks.map((b) => [b.raw, b.incomplete ?? false])).toEqual([
      ['data: {"jsonrpc":"2.0","method":"notifications/x"}\r\n\r\n', false],
      ['event: response.created\ndata: {"type":"response.created"}\n\n', false],
      ['data: {"part', true],
    ]);
    expect(text).toBe(blocks.map((b) => b.raw).join(''));
    // Only the `message` event is JSON-RPC.
    expect(sink.envelopes.filter((e) => e.layer === 'jsonrpc').map((e) => e.link?.carrier)).toEqual([blocks[0]?.seq]);
    expect(sink.envelopes.map((e) => e.http?.phase).filter(Boolean)).toEqual(['request', 'response', 'body', 'body', 'body', 'end']);
  });

  it('stops reading an endless stream on abortAll even when the abort never reaches the body through fetch', async () => {
    const server = await listen((_req, res) => { res.writeHead(200, { 'content-type': 'text/event-stream' }).write('data: {"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged"}\n\n'); });
    running.push(server);
    const sink = new MemorySink();
    // A fetch that drops the signal stands for an abort lost on the way (Node 20 lets fetch's composite signal go).
    const recording = createRecordingFetch(new WireRecorder(sink, 'c'), { fetch: (input, init) => fetch(input, { ...init, signal: null }) });
    const response = await recording.fetch(server.origin, { method: 'POST', body: '{}' });
    const reading = response.text().catch((error: unknown) => error);
    await expect.poll(() => sink.envelopes.filter((e) => e.layer === 'sse').length).toBe(1);
    recording.abortAll('closed by the test');
    await recording.settled();
    expect(sink.envelopes.at(-1)?.http).toMatchObject({ phase: 'error' });
    expect(sink.envelopes.at(-1)?.raw).toBe('closed by the test');
    expect(String(await reading)).toContain('closed by the test');
  });

  it('records a body the consumer never reads', async () => {
    const server = await listen((_req, res) => { res.writeHead(405, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Method not allowed."}}'); });
    running.push(server);
    const sink = new MemorySink();
    const recording = createRecordingFetch(new WireRecorder(sink, 'c'));
    const response = await recording.fetch(server.origin, { method: 'GET' });
    expect(response.status).toBe(405);
    await recording.settled();
    expect(sink.envelopes.find((e) => e.http?.phase === 'body')?.raw).toContain('Method not allowed.');
    expect(sink.envelopes.some((e) => e.layer === 'jsonrpc' && e.raw.includes('-32000'))).toBe(true);
  });

  it('leaves JSON-RPC classification out for lanes whose HTTP is not MCP', async () => {
    const server = await chunkedSseServer();
    const sink = new MemorySink();
    const recording = createRecordingFetch(new WireRecorder(sink, 'c'), { jsonRpc: false });
    await (await recording.fetch(server.origin, { method: 'POST', body: '{"model":"x"}' })).text();
    await recording.settled();
    expect(sink.envelopes.filter((e) => e.layer === 'jsonrpc' || e.layer === 'meta')).toEqual([]);
    expect(sink.envelopes.filter((e) => e.layer === 'sse')).toHaveLength(2);
  });

  it('records a network failure as an error phase naming the cause', async () => {
    const server = await listen((_req, res) => { res.end(); });
    await server.close();
    const sink = new MemorySink();
    const recording = createRecordingFetch(new WireRecorder(sink, 'c'));
    await expect(recording.fetch(server.origin)).rejects.toThrow();
    expect(recording.exchanges[0]?.error).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(sink.envelopes.at(-1)).toMatchObject({ layer: 'http', http: { phase: 'error' } });
  });

  it('says where a fetch-followed redirect to another origin went, so the diagnosis can name it', async () => {
    const target = await listen((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'); });
    const redirecting = await listen((_req, res) => { res.writeHead(302, { location: `${target.origin}/v1/responses?key=secret` }).end(); });
    running.push(target, redirecting);
    const sink = new MemorySink();
    // The lanes whose HTTP is not the MCP SDK's (the OpenAI and Anthropic clients) fetch with redirects followed.
    const recording = createRecordingFetch(new WireRecorder(sink, 'c', 'playground'), { jsonRpc: false });
    const response = await recording.fetch(`${redirecting.origin}/v1/responses`, { method: 'GET' });
    expect(await response.text()).toBe('{"ok":true}');
    await recording.settled();
    const meta = sink.envelopes.find((e) => e.layer === 'meta' && e.raw.includes('"redirected"'));
    expect(JSON.parse(meta?.raw ?? '{}')).toEqual({ kind: 'redirected', from: `${redirecting.origin}/v1/responses`, to: `${target.origin}/v1/responses`, crossOrigin: true });
    const finding = diagnose(sink.envelopes).findings.find((f) => f.id === 'mcp.redirected-cross-origin');
    expect(finding?.detail).toContain('without the Authorization header');
    expect(finding?.evidence).toContain(meta?.seq);
  });
});
