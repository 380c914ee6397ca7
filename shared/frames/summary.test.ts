import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../capture/envelope';
import { summarizeEnvelope } from './summary';

let seq = 0;
const env = (partial: Partial<Envelope> & Pick<Envelope, 'layer' | 'raw'>): Envelope => ({
  seq: ++seq, t: 1000 + seq, lane: 'inspector', conn: 'c1', dir: 'in', ...partial,
});

describe('summarizeEnvelope', () => {
  it('names JSON-RPC requests, notifications and responses by the spec', () => {
    const req = summarizeEnvelope(env({ layer: 'jsonrpc', dir: 'out', raw: '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}' }));
    expect(req).toMatchObject({ kind: 'request', label: 'tools/list', rpcId: 'n:1', invalid: false, error: false });
    const note = summarizeEnvelope(env({ layer: 'jsonrpc', raw: '{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}' }));
    expect(note).toMatchObject({ kind: 'notification', method: 'notifications/tools/list_changed' });
    const res = summarizeEnvelope(env({ layer: 'jsonrpc', raw: '{"jsonrpc":"2.0","id":"1","result":{"tools":[]}}' }));
    expect(res).toMatchObject({ kind: 'response', rpcId: 's:1', error: false, invalid: false });
    const err = summarizeEnvelope(env({ layer: 'jsonrpc', raw: '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"nope"}}' }));
    expect(err).toMatchObject({ kind: 'response', error: true, invalid: false });
    const call = summarizeEnvelope(env({ layer: 'jsonrpc', dir: 'out', raw: '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_patient"}}' }));
    expect(call.tool).toBe('get_patient');
  });

  it('flags envelope errors that strict clients reject, with the reason in the label', () => {
    const rpc = (raw: string) => summarizeEnvelope(env({ layer: 'jsonrpc', raw }));
    const both = rpc('{"jsonrpc":"2.0","id":1,"result":{},"error":null}');
    expect(both.invalid).toBe(true);
    expect(both.label).toContain('both "result" and "error"');
    expect(rpc('{"id":1,"result":{}}').invalid).toBe(true);
    expect(rpc('{"jsonrpc":"2.0","method":"x","id":{"a":1}}').invalid).toBe(true);
    expect(rpc('[]').invalid).toBe(true);
    expect(rpc('{"jsonrpc":"2.0"').invalid).toBe(true);
    expect(rpc('[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","method":"b"}]')).toMatchObject({ label: 'batch of 2', invalid: false });
  });

  it('turns a non-JSON stdout line into an invalid frame instead of dropping it', () => {
    const row = summarizeEnvelope(env({ layer: 'stdio', raw: 'Server starting on stdio...' }));
    expect(row).toMatchObject({ kind: 'line', invalid: true });
    expect(row.label).toContain('Server starting');
  });

  it('labels HTTP phases with method, path and status', () => {
    expect(summarizeEnvelope(env({ layer: 'http', dir: 'out', raw: '{}', http: { exchange: 'x1', phase: 'request', method: 'POST', url: 'https://h.example/mcp?x=1' } })).label).toBe('POST /mcp?x=1');
    const res = summarizeEnvelope(env({ layer: 'http', raw: '', http: { exchange: 'x1', phase: 'response', status: 405, statusText: 'Method Not Allowed' } }));
    expect(res).toMatchObject({ label: '405 Method Not Allowed', httpStatus: 405, error: true, exchange: 'x1' });
  });

  it('tells a client closing its own stream from a failed exchange', () => {
    const closed = summarizeEnvelope(env({ layer: 'http', raw: 'This operation was aborted', http: { exchange: 'g', phase: 'error' } }));
    expect(closed).toMatchObject({ label: 'closed by the client: This operation was aborted', error: false });
    expect(summarizeEnvelope(env({ layer: 'http', raw: 'read ECONNRESET', http: { exchange: 'g', phase: 'error' } })).error).toBe(true);
  });

  it('reads Realtime events and Responses SSE events by type', () => {
    const done = summarizeEnvelope(env({ lane: 'realtime', layer: 'ws', raw: '{"type":"conversation.item.done","item":{"type":"mcp_list_tools","tools":[]}}' }));
    expect(done).toMatchObject({ label: 'conversation.item.done (mcp_list_tools)', error: false });
    expect(summarizeEnvelope(env({ lane: 'realtime', layer: 'ws', raw: '{"type":"mcp_list_tools.failed","item_id":"i"}' })).error).toBe(true);
    const sse = summarizeEnvelope(env({ lane: 'playground', layer: 'sse', raw: 'event: response.mcp_list_tools.completed\ndata: {"type":"response.mcp_list_tools.completed"}\n\n' }));
    expect(sse.label).toBe('event: response.mcp_list_tools.completed · response.mcp_list_tools.completed');
    expect(summarizeEnvelope(env({ lane: 'realtime', layer: 'ws', raw: 'not json' })).invalid).toBe(true);
    expect(summarizeEnvelope(env({ lane: 'realtime', layer: 'ws', raw: 'bye', ws: { kind: 'close', code: 1011 } })).error).toBe(true);
  });

  it('keeps no payload alive through its label: a label cut from the raw text is a copy', () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const PAYLOAD = 64 * 1024;
    // Labels that are slices of the raw text: V8 would keep the whole text behind each one.
    const kinds = [
      (pad: string) => env({ lane: 'playground', layer: 'sse', raw: `event: response.output_text.delta\ndata: {"pad":"${pad}"}\n\n` }),
      (pad: string) => env({ layer: 'stdio', raw: `server starting up ${pad}\n` }),
      (pad: string) => env({ layer: 'stderr', raw: `a log line long enough ${pad}\n` }),
      (pad: string) => env({ layer: 'http', raw: `the upstream response broke off ${pad}`, http: { exchange: 'x', phase: 'error' } }),
    ];
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const rows = [];
    for (let i = 0; i < 50; i++) for (const kind of kinds) rows.push(summarizeEnvelope(kind(String(i % 10).repeat(PAYLOAD))));
    collectGarbage();
    const perRow = (process.memoryUsage().heapUsed - before) / rows.length;
    expect(rows[0]?.label).toBe('event: response.output_text.delta');
    expect(rows[1]?.label).toMatch(/^not JSON-RPC: server starting up 0+$/);
    // A row is well under a kilobyte; holding its payload would be 64 KB.
    expect(perRow).toBeLessThan(PAYLOAD / 16);
  });

  it('never throws on hostile text', () => {
    for (const raw of ['', '{', '[', '{"jsonrpc":"2.0","method":5}', '\u0000\uffff', '{"type":{"x":1}}', 'data: {"type":1}\n\n']) {
      for (const layer of ['http', 'sse', 'ws', 'jsonrpc', 'stdio', 'stderr', 'meta'] as const) {
        expect(() => summarizeEnvelope(env({ layer, raw }))).not.toThrow();
      }
    }
  });
});

describe('meta frames', () => {
  it('say what the lane did in its own words', () => {
    const meta = (raw: string) => summarizeEnvelope(env({ layer: 'meta', raw }));
    expect(meta('{"kind":"step","name":"list-tools","status":"ok","detail":"10 tools in 1 page(s), complete"}').label).toBe('step list-tools ok: 10 tools in 1 page(s), complete');
    expect(meta('{"kind":"transport-choice","transport":"sse","requested":"auto","why":"POST answered 405"}').label).toBe('transport-choice sse: POST answered 405');
    expect(meta('{"kind":"step","name":"connect","status":"failed","detail":"ECONNREFUSED"}').error).toBe(true);
  });
});
