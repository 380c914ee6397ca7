import { describe, expect, it } from 'vitest';
import type { Envelope, LaneId } from '../../capture/envelope';
import { diagnose } from '../diagnose';

let seq = 0;
const next = (e: Omit<Envelope, 'seq' | 't'>): Envelope => ({ ...e, seq: ++seq, t: seq } as Envelope);
const rpc = (lane: LaneId, dir: 'out' | 'in', body: Record<string, unknown>) => next({ lane, conn: `${lane}-1`, layer: 'jsonrpc', dir, raw: JSON.stringify({ jsonrpc: '2.0', ...body }) });
/** An MCP client's tools/call and the server's answer. */
const mcpCall = (lane: LaneId, args: Record<string, unknown>, answer: Record<string, unknown>) => [
  rpc(lane, 'out', { id: 7, method: 'tools/call', params: { name: 'echo', arguments: args } }),
  rpc(lane, 'in', { id: 7, ...answer }),
];
/** A finished Realtime mcp_call item, as response.output_item.done and then conversation.item.done carry it. */
const realtimeCall = (item: Record<string, unknown>) => ['response.output_item.done', 'conversation.item.done'].map((type) => next({
  lane: 'realtime', conn: 'socket-1', layer: 'ws', dir: 'in', ws: { kind: 'text' },
  raw: JSON.stringify({ type, item: { id: 'item_call', type: 'mcp_call', server_label: 's', name: 'echo', ...item } }),
}));
/** A Responses call that is not streamed: the request, then the body with the mcp_call output item. */
const playgroundCall = (item: Record<string, unknown>) => [
  next({ lane: 'playground', conn: 'http-1', layer: 'http', dir: 'out', raw: JSON.stringify({ model: 'm', tools: [] }), http: { exchange: 'x1', phase: 'request', method: 'POST', url: 'http://127.0.0.1/v1/responses' } }),
  next({ lane: 'playground', conn: 'http-1', layer: 'http', dir: 'in', raw: '', http: { exchange: 'x1', phase: 'response', status: 200 } }),
  next({ lane: 'playground', conn: 'http-1', layer: 'http', dir: 'in', raw: JSON.stringify({ output: [{ id: 'mcp_1', type: 'mcp_call', server_label: 's', name: 'echo', ...item }] }), http: { exchange: 'x1', phase: 'body' } }),
];
const text = (t: string) => ({ result: { content: [{ type: 'text', text: t }] } });
const found = (envelopes: Envelope[]) => diagnose(envelopes).findings.filter((f) => f.id === 'calls.results-differ');

describe('calls.results-differ', () => {
  it('names the lane where a call that answers in the Inspector fails, with its error and both calls as evidence', () => {
    seq = 0;
    const envelopes = [
      ...mcpCall('inspector', { text: 'hi' }, text('hi')),
      ...realtimeCall({ arguments: '{"text":"hi"}', output: null, error: { type: 'http_error', code: 424, message: 'upstream timed out' } }),
    ];
    const [finding, ...more] = found(envelopes);
    expect(more).toEqual([]);
    expect(finding?.severity).toBe('error');
    expect(finding?.title).toBe('`echo` answered in Inspector, failed in Realtime');
    expect(finding?.detail).toContain('Realtime: "http_error 424 upstream timed out" (#3)');
    expect(finding?.detail).toContain('Every lane sent the same arguments');
    // The item arrives twice; the first sighting is the call's evidence.
    expect(finding?.evidence).toEqual([1, 2, 3]);
    expect(finding?.lanes).toEqual(['inspector', 'realtime']);
  });

  it('tells a tool error from a failure, and says when the model sent other arguments', () => {
    seq = 0;
    const envelopes = [
      ...mcpCall('inspector', { text: 'hi', loud: false }, text('hi')),
      ...playgroundCall({ arguments: '{"text":"hello"}', output: null, error: { type: 'mcp_tool_execution_error', content: [{ type: 'text', text: 'too quiet' }] } }),
    ];
    const [finding] = found(envelopes);
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toBe('`echo` answered in Inspector, answered with a tool error in Playground');
    expect(finding?.detail).toContain('Inspector sent {"text":"hi","loud":false}; Playground sent {"text":"hello"}');
    expect(finding?.detail).toContain('the model chooses the arguments');
  });

  it('compares what each lane got when all answered, and notes the non-text blocks a hosted output cannot carry', () => {
    seq = 0;
    const envelopes = [
      ...mcpCall('inspector', { text: 'hi' }, { result: { content: [{ type: 'text', text: 'hi at 10:00' }, { type: 'image', data: 'AAAA', mimeType: 'image/png' }] } }),
      ...realtimeCall({ arguments: '{"text":"hi"}', output: 'hi at 10:01' }),
    ];
    const [finding] = found(envelopes);
    expect(finding?.severity).toBe('info');
    expect(finding?.detail).toContain('Inspector got "hi at 10:00" (#2); Realtime got "hi at 10:01" (#3)');
    expect(finding?.detail).toContain('Inspector also got 1 non-text content block(s)');
  });

  it('stays silent when the lanes agree, when one lane alone called, and ignores the Server lane', () => {
    seq = 0;
    expect(found([...mcpCall('inspector', { text: 'hi' }, text('hi')), ...realtimeCall({ arguments: '{"text":"hi"}', output: 'hi' })])).toEqual([]);
    seq = 0;
    expect(found(mcpCall('inspector', { text: 'hi' }, { error: { code: -32602, message: 'bad' } }))).toEqual([]);
    seq = 0;
    expect(found([...mcpCall('inspector', { text: 'hi' }, text('hi')), ...mcpCall('server', { text: 'hi' }, { error: { code: -32603, message: 'x' } })])).toEqual([]);
  });

  it('counts a call the capture holds no answer for, and survives arguments that are not JSON', () => {
    seq = 0;
    const envelopes = [
      rpc('inspector', 'out', { id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }),
      ...realtimeCall({ arguments: '{not json', output: 'hi' }),
    ];
    const [finding] = found(envelopes);
    expect(finding?.title).toBe('`echo` got no answer in Inspector, answered in Realtime');
    expect(finding?.detail).toContain('Realtime sent "{not json"');
  });
});
