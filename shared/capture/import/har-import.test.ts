import { describe, expect, it } from 'vitest';
import { CaptureHeader, Envelope } from '../envelope';
import { buildHar } from '../har';
import { envelopeFactory } from '../test-envelopes';
import { importHar } from './har-import';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const iso = (ms: number) => new Date(START + ms).toISOString();
const timings = (wait: number, receive: number) => ({ blocked: -1, dns: -1, connect: -1, send: 0, wait, receive, ssl: -1 });

function entry(fields: {
  at: number; method?: string; url: string; body?: string; status?: number; mime?: string; text?: string; encoding?: string;
  requestHeaders?: [string, string][]; responseHeaders?: [string, string][]; extra?: Record<string, unknown>;
}) {
  const { at, method = 'POST', url, body, status = 200, mime = 'application/json', text, encoding } = fields;
  return {
    startedDateTime: iso(at), time: 30,
    request: {
      method, url, httpVersion: 'HTTP/1.1', cookies: [], headers: (fields.requestHeaders ?? []).map(([name, value]) => ({ name, value })), queryString: [],
      ...(body !== undefined ? { postData: { mimeType: 'application/json', text: body } } : {}), headersSize: -1, bodySize: body?.length ?? 0,
    },
    response: {
      status, statusText: status === 101 ? 'Switching Protocols' : 'OK', httpVersion: 'HTTP/1.1', cookies: [],
      headers: (fields.responseHeaders ?? []).map(([name, value]) => ({ name, value })),
      content: { size: text?.length ?? 0, mimeType: mime, ...(text !== undefined ? { text } : {}), ...(encoding ? { encoding } : {}) },
      redirectURL: '', headersSize: -1, bodySize: -1,
    },
    cache: {}, timings: timings(20, 10),
    ...fields.extra,
  };
}

const har = (entries: unknown[]) => JSON.stringify({ log: { version: '1.2', creator: { name: 'Chrome', version: '131' }, entries } });

const INIT = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}';
const INIT_RESULT = '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"s","version":"1"}}}';
const LIST = '{"jsonrpc":"2.0","id":2,"method":"tools/list"}';
const SSE = 'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\nevent: message\ndata: {"jsonrpc":"2.0","id":2,"result":{"tools":[]}}\n\n';

/** What a Chrome DevTools export of an MCP web client looks like: the page, MCP over Streamable HTTP, a Realtime socket, the Responses API. */
function chromeHar(): string {
  return har([
    entry({ at: 0, method: 'GET', url: 'https://app.test/', mime: 'text/html', text: '<!doctype html><title>app</title>' }),
    entry({ at: 10, url: 'https://mcp.test/mcp', body: INIT, text: INIT_RESULT, responseHeaders: [['content-type', 'application/json'], ['mcp-session-id', 'abc']] }),
    entry({ at: 50, url: 'https://mcp.test/mcp', body: LIST, mime: 'text/event-stream', text: SSE, requestHeaders: [['mcp-session-id', 'abc']] }),
    entry({ at: 100, url: 'https://api.openai.com/v1/responses', body: '{"model":"gpt-5","input":"hi"}', text: '{"id":"resp_1","output":[]}' }),
    entry({
      at: 200, method: 'GET', url: 'wss://api.openai.com/v1/realtime?model=gpt-realtime', status: 101, mime: 'x-unknown',
      requestHeaders: [['Upgrade', 'websocket']],
      extra: {
        _resourceType: 'websocket',
        _webSocketMessages: [
          { type: 'receive', time: (START + 240) / 1000, opcode: 1, data: '{"type":"session.created"}' },
          { type: 'send', time: (START + 250) / 1000, opcode: 1, data: '{"type":"session.update","session":{}}' },
          { type: 'receive', time: (START + 260) / 1000, opcode: 2, data: 'AAEC' },
          { type: 'receive', time: (START + 265) / 1000, opcode: 9, data: '' },
          { type: 'send', time: (START + 270) / 1000, opcode: 8, data: 'bye' },
        ],
      },
    }),
  ]);
}

describe('importHar', () => {
  it('turns a browser HAR into MCP exchanges, SSE events, JSON-RPC messages and Realtime frames, lane by URL', () => {
    const { envelopes, header, notes } = importHar(chromeHar(), '/home/me/Downloads/app.har');
    for (const envelope of envelopes) expect(Envelope.safeParse(envelope).success).toBe(true);
    expect(CaptureHeader.safeParse(header).success).toBe(true);
    expect(envelopes.map((e) => e.seq)).toEqual(envelopes.map((_, i) => i + 1));
    expect(header.imported).toMatchObject({ format: 'har', file: 'app.har' });
    expect(header.lanes.map((l) => l.lane).sort()).toEqual(['inspector', 'playground', 'realtime']);

    const inspector = envelopes.filter((e) => e.lane === 'inspector');
    expect(new Set(inspector.map((e) => e.conn))).toEqual(new Set(['mcp-abc']));
    const rpc = inspector.filter((e) => e.layer === 'jsonrpc');
    expect(rpc.map((e) => [e.dir, e.raw])).toEqual([
      ['out', INIT], ['in', INIT_RESULT], ['out', LIST],
      ['in', '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}'],
      ['in', '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}'],
    ]);
    // Each message points at the envelope whose bytes held it.
    for (const message of rpc) {
      const carrier = envelopes.find((e) => e.seq === message.link?.carrier);
      expect(carrier?.raw).toContain(message.raw);
    }
    const events = inspector.filter((e) => e.layer === 'sse');
    expect(events.map((e) => e.raw).join('')).toBe(SSE);
    expect(events).toHaveLength(2);
    const listExchange = events[0]?.link?.exchange;
    expect(inspector.filter((e) => e.http?.exchange === listExchange).map((e) => e.http?.phase)).toEqual(['request', 'response', 'body', 'body', 'end']);

    const playground = envelopes.filter((e) => e.lane === 'playground');
    expect(playground.map((e) => e.layer)).toEqual(['http', 'http', 'http', 'http']);
    expect(playground.some((e) => e.layer === 'jsonrpc')).toBe(false);

    const socket = envelopes.filter((e) => e.lane === 'realtime');
    expect(socket.map((e) => [e.layer, e.dir, e.ws?.kind ?? e.http?.phase])).toEqual([
      ['http', 'out', 'request'], ['http', 'in', 'response'],
      ['ws', 'in', 'text'], ['ws', 'out', 'text'], ['ws', 'in', 'binary'], ['ws', 'out', 'close'],
    ]);
    expect(socket[2]?.t).toBe(START + 240);
    expect(socket[4]).toMatchObject({ encoding: 'base64', raw: 'AAEC', size: 3 });
    expect(socket[5]?.raw).toBe('bye');

    // Nothing of the page itself; the notes say what was left out and why.
    expect(envelopes.some((e) => e.http?.url === 'https://app.test/')).toBe(false);
    expect(notes.join(' ')).toContain('1 of 5 entries carry no MCP or OpenAI traffic');
    expect(notes.join(' ')).toContain('1 WebSocket control frame (ping, pong) left out');
    expect(header.imported?.notes).toEqual(notes);
    // Time order: the request before its response, the response before its body.
    expect(envelopes.map((e) => e.t)).toEqual([...envelopes.map((e) => e.t)].sort((a, b) => a - b));
  });

  it('reads back what our own HAR export wrote: the same payloads in the same lanes', () => {
    const make = envelopeFactory(START);
    const original: Envelope[] = [
      make({ lane: 'inspector', conn: 's1', layer: 'http', dir: 'out', raw: LIST, http: { exchange: 'e1', phase: 'request', method: 'POST', url: 'http://127.0.0.1:9/mcp', headers: [['content-type', 'application/json']] } }),
      make({ lane: 'inspector', conn: 's1', layer: 'jsonrpc', dir: 'out', raw: LIST, dt: 0, link: { exchange: 'e1', carrier: 1 } }),
      make({ lane: 'inspector', conn: 's1', layer: 'http', dir: 'in', raw: '', dt: 20, http: { exchange: 'e1', phase: 'response', status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream']] } }),
      make({ lane: 'inspector', conn: 's1', layer: 'sse', dir: 'in', raw: 'data: {"jsonrpc":"2.0","id":2,"result":{"tools":[]}}\n\n', dt: 7, http: { exchange: 'e1', phase: 'body' } }),
      make({ lane: 'inspector', conn: 's1', layer: 'jsonrpc', dir: 'in', raw: '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}', dt: 0, link: { exchange: 'e1', carrier: 4 } }),
      make({ lane: 'inspector', conn: 's1', layer: 'http', dir: 'in', raw: '', dt: 3, http: { exchange: 'e1', phase: 'end' } }),
      make({ lane: 'realtime', conn: 'rt', layer: 'http', dir: 'out', raw: '', http: { exchange: 'e2', phase: 'request', method: 'GET', url: 'ws://127.0.0.1:9/v1/realtime?model=m', headers: [['upgrade', 'websocket']] } }),
      make({ lane: 'realtime', conn: 'rt', layer: 'http', dir: 'in', raw: '', dt: 5, http: { exchange: 'e2', phase: 'response', status: 101, statusText: 'Switching Protocols', headers: [] } }),
      make({ lane: 'realtime', conn: 'rt', layer: 'ws', dir: 'in', raw: '{"type":"session.created"}', ws: { kind: 'text' } }),
    ];
    const { har: exported } = buildHar(original, { creator: { name: 'MCP Parallax', version: 'test' } });
    const { envelopes } = importHar(JSON.stringify(exported), 'own.har');
    const shape = (list: Envelope[]) => list.map((e) => [e.lane, e.layer, e.dir, e.raw, e.t]);
    expect(shape(envelopes)).toEqual(shape(original));
  });

  it('imports the HTTP part of a HAR without WebSocket messages and says so', () => {
    const { envelopes, notes } = importHar(har([entry({ at: 0, url: 'http://localhost:3000/mcp', body: LIST, text: '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}' })]), 'http-only.har');
    expect(envelopes.filter((e) => e.layer === 'jsonrpc')).toHaveLength(2);
    expect(notes.join(' ')).toContain('The HAR has no WebSocket messages (_webSocketMessages): only its HTTP traffic was imported.');
  });

  it('reads Playwright\'s millisecond message times and base64 bodies', () => {
    const text = btoa('{"jsonrpc":"2.0","id":2,"result":{}}');
    const { envelopes } = importHar(har([
      entry({ at: 0, url: 'http://localhost/mcp', body: LIST, text, encoding: 'base64' }),
      entry({ at: 5, method: 'GET', url: 'ws://localhost/rpc', status: 101, extra: { _webSocketMessages: [{ type: 'send', time: START + 77, opcode: 1, data: LIST }] } }),
    ]), 'pw.har');
    expect(envelopes.find((e) => e.layer === 'http' && e.http?.phase === 'body')).toMatchObject({ raw: '{"jsonrpc":"2.0","id":2,"result":{}}' });
    expect(envelopes.find((e) => e.layer === 'ws')).toMatchObject({ t: START + 77, lane: 'inspector', dir: 'out' });
    // JSON-RPC over a WebSocket is MCP too: its message is linked to the frame.
    const frame = envelopes.find((e) => e.layer === 'ws');
    expect(envelopes.find((e) => e.layer === 'jsonrpc' && e.link?.carrier === frame?.seq)?.raw).toBe(LIST);
  });

  it('says "no MCP traffic found" for a HAR of a web page', () => {
    expect(() => importHar(har([entry({ at: 0, method: 'GET', url: 'https://example.com/', mime: 'text/html', text: '<p>hi</p>' })]), '/tmp/page.har'))
      .toThrow('no MCP traffic found in page.har: none of its 1 entries carries JSON-RPC or OpenAI API traffic.');
    expect(() => importHar(har([]), 'empty.har')).toThrow('no MCP traffic found in empty.har: the HAR has no entries.');
  });

  it('names the first bad field of a malformed HAR', () => {
    const good = entry({ at: 0, url: 'http://localhost/mcp', body: LIST });
    const { url: _url, ...requestWithoutUrl } = good.request;
    expect(() => importHar(har([good, { ...good, request: requestWithoutUrl }]), 'bad.har')).toThrow(/^bad\.har is not a valid HAR 1\.2 file: log\.entries\[1\]\.request\.url: /);
    expect(() => importHar(har([{ ...good, startedDateTime: 'yesterday' }]), 'bad.har')).toThrow('log.entries[0].startedDateTime: startedDateTime must be ISO 8601');
    expect(() => importHar('{"log": {"version": "1.1"', 'cut.har')).toThrow(/^cut\.har is not a HAR file: it is not valid JSON/);
    expect(() => importHar(har([{ ...good, _webSocketMessages: [{ type: 'sent', time: 1, opcode: 1, data: '' }] }]), 'ws.har'))
      .toThrow(/log\.entries\[0\]\._webSocketMessages\[0\]\.type is not a WebSocket message/);
  });

  it('keeps entries whose total time disagrees with their timings, with a note', () => {
    const odd = { ...entry({ at: 0, url: 'http://localhost/mcp', body: LIST }), time: 999 };
    const { envelopes, notes } = importHar(har([odd]), 'odd.har');
    expect(envelopes.some((e) => e.layer === 'jsonrpc')).toBe(true);
    expect(notes.join(' ')).toContain('time is not the sum of its timings');
    // Chromium's fetch bodies come with an empty params list beside the text: the text is the body.
    const both = entry({ at: 0, url: 'http://localhost/mcp', body: LIST });
    const withParams = { ...both, request: { ...both.request, postData: { mimeType: 'application/json', text: LIST, params: [] } } };
    expect(importHar(har([withParams]), 'both.har').envelopes.find((e) => e.layer === 'jsonrpc')?.raw).toBe(LIST);
  });
});
