import { describe, expect, it } from 'vitest';
import { CAPTURE_FORMAT, type Envelope } from './envelope';
import { buildHar } from './har';
import { Har } from './har-schema';
import { envelopeFactory } from './test-envelopes';

const creator = { name: 'MCP Parallax', version: '0.1.0' };

/** A Streamable HTTP POST answered with an SSE stream, a plain JSON POST, a failed one and a Realtime socket. */
function session(): Envelope[] {
  const make = envelopeFactory(Date.UTC(2026, 10, 25, 12));
  const url = 'https://example.test/mcp?tenant=a%20b&x';
  return [
    make({ lane: 'inspector', conn: 's1', layer: 'http', dir: 'out', raw: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
      http: { exchange: 'e1', phase: 'request', method: 'POST', url, headers: [['content-type', 'application/json'], ['cookie', 'a=1; b=2']] } }),
    make({ lane: 'inspector', conn: 's1', layer: 'http', dir: 'in', raw: '', dt: 20,
      http: { exchange: 'e1', phase: 'response', status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream'], ['set-cookie', 'sid=9; Path=/; HttpOnly']] } }),
    make({ lane: 'inspector', conn: 's1', layer: 'sse', dir: 'in', raw: 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"tools":[]}}\n\n', dt: 5,
      http: { exchange: 'e1', phase: 'body' } }),
    make({ lane: 'inspector', conn: 's1', layer: 'jsonrpc', dir: 'in', raw: '{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}', link: { exchange: 'e1', carrier: 3 } }),
    make({ lane: 'inspector', conn: 's1', layer: 'sse', dir: 'in', raw: 'data: {"partial"', incomplete: true, link: { exchange: 'e1' } }),
    make({ lane: 'inspector', conn: 's1', layer: 'http', dir: 'in', raw: '', dt: 4, http: { exchange: 'e1', phase: 'end' } }),
    make({ lane: 'playground', conn: 'r1', layer: 'http', dir: 'out', raw: '{}', redacted: true,
      http: { exchange: 'e2', phase: 'request', method: 'POST', url: 'https://api.test/v1/responses', headers: [['authorization', 'Bearer [redacted]']] } }),
    make({ lane: 'playground', conn: 'r1', layer: 'http', dir: 'in', raw: 'boom', dt: 100, http: { exchange: 'e2', phase: 'error' } }),
    make({ lane: 'realtime', conn: 'ws', layer: 'http', dir: 'out', raw: '',
      http: { exchange: 'e3', phase: 'request', method: 'GET', url: 'wss://api.test/v1/realtime?model=m', headers: [['upgrade', 'websocket']] } }),
    make({ lane: 'realtime', conn: 'ws', layer: 'http', dir: 'in', raw: '', dt: 30,
      http: { exchange: 'e3', phase: 'response', status: 101, statusText: 'Switching Protocols', headers: [] } }),
    make({ lane: 'realtime', conn: 'ws', layer: 'ws', dir: 'in', raw: '{"type":"session.created"}', ws: { kind: 'text' } }),
    make({ lane: 'realtime', conn: 'ws', layer: 'ws', dir: 'out', raw: 'AAEC', encoding: 'base64', ws: { kind: 'binary' }, dt: 10 }),
    make({ lane: 'realtime', conn: 'ws', layer: 'ws', dir: 'in', raw: 'bye', ws: { kind: 'close', code: 1000 }, dt: 10 }),
    make({ lane: 'inspector', conn: 'stdio', layer: 'stdio', dir: 'in', raw: '{}' }),
    make({ lane: 'inspector', conn: 'stdio', layer: 'stderr', dir: 'in', raw: 'log' }),
    make({ lane: 'inspector', conn: 'stdio', layer: 'jsonrpc', dir: 'in', raw: '{}', link: { carrier: 14 } }),
  ];
}

describe('HAR export', () => {
  const { har, notExported } = buildHar(session(), {
    creator,
    header: { format: CAPTURE_FORMAT, version: 1, app: creator, createdAt: '', lanes: [], emulated: true },
  });
  const [sse, failed, socket] = har.log.entries as [Record<string, unknown> & Har['log']['entries'][number], Har['log']['entries'][number], Record<string, unknown> & Har['log']['entries'][number]];

  it('produces a valid HAR 1.2 log', () => {
    expect(Har.safeParse(har).error).toBeUndefined();
    expect(har.log.entries).toHaveLength(3);
    expect(har.log.comment).toContain('local emulator');
    expect(notExported).toEqual({ stdio: 1, stderr: 1, jsonrpc: 1 });
  });

  it('keeps an SSE response as its stream bytes plus one event per block', () => {
    expect(sse.request).toMatchObject({
      method: 'POST', queryString: [{ name: 'tenant', value: 'a b' }, { name: 'x', value: '' }],
      cookies: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }], postData: { mimeType: 'application/json' },
      bodySize: 46,
    });
    expect(sse.response.cookies).toEqual([{ name: 'sid', value: '9', path: '/', httpOnly: true }]);
    expect(sse.response.content.text).toBe('event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"tools":[]}}\n\ndata: {"partial"');
    expect(sse.response.content.mimeType).toBe('text/event-stream');
    expect(sse._sseEvents).toEqual([
      { time: expect.any(Number), type: 'message', data: '{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}' },
      { time: expect.any(Number), type: 'message', data: '{"partial"', incomplete: true },
    ]);
    expect(sse.timings).toMatchObject({ send: 0, wait: 20, receive: 11 });
    expect(sse.time).toBe(31);
    expect(sse.comment).toContain('middle of an event');
    expect(sse._parallax).toEqual({ lane: 'inspector', conn: 's1', exchange: 'e1', firstSeq: 1, lastSeq: 6 });
  });

  it('records a failed exchange with its error', () => {
    expect(failed.response).toMatchObject({ status: 0, _error: 'boom' });
    expect(failed.time).toBe(100);
    expect(failed.comment).toContain('redacted');
  });

  it('exports the Realtime socket as one Chrome-style websocket entry', () => {
    expect(socket._resourceType).toBe('websocket');
    expect(socket.request.url).toBe('wss://api.test/v1/realtime?model=m');
    expect(socket.response.status).toBe(101);
    expect(socket._webSocketMessages).toEqual([
      { type: 'receive', time: expect.any(Number), opcode: 1, data: '{"type":"session.created"}' },
      { type: 'send', time: expect.any(Number), opcode: 2, data: 'AAEC' },
      { type: 'receive', time: expect.any(Number), opcode: 8, data: 'bye' },
    ]);
    expect(socket.timings).toMatchObject({ wait: 30, receive: 21 });
  });

  it('still exports a socket whose handshake was not captured', () => {
    const make = envelopeFactory();
    const result = buildHar([make({ lane: 'client', conn: 'x', layer: 'ws', dir: 'out', raw: '{}', ws: { kind: 'text' } })], { creator });
    expect(Har.safeParse(result.har).error).toBeUndefined();
    expect(result.har.log.entries[0]?.comment).toContain('handshake was not captured');
  });
});
