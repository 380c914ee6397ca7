import { describe, expect, it } from 'vitest';
import { JsonRpcPairer, pairJsonRpc } from './pairing';
import { envelopeFactory } from './test-envelopes';

const rpc = (dir: 'out' | 'in', body: unknown, conn = 'c1', dt = 1) => ({ lane: 'inspector' as const, conn, layer: 'jsonrpc' as const, dir, raw: JSON.stringify(body), dt });

describe('JSON-RPC pairing', () => {
  it('pairs requests with responses per connection and id, with durations', () => {
    const make = envelopeFactory();
    const result = pairJsonRpc([
      make(rpc('out', { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} })),
      make(rpc('out', { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }, 'c2')),
      make(rpc('in', { jsonrpc: '2.0', id: 1, result: {} }, 'c2', 5)),
      make(rpc('in', { jsonrpc: '2.0', id: 1, result: {} }, 'c1', 40)),
      make(rpc('out', { jsonrpc: '2.0', method: 'notifications/initialized' })),
    ]);
    expect(result.exchanges.map((e) => [e.conn, e.method, e.requestSeq, e.responseSeq, e.durationMs, e.outcome])).toEqual([
      ['c1', 'initialize', 1, 4, 46, 'result'],
      ['c2', 'initialize', 2, 3, 5, 'result'],
    ]);
    expect(result.orphanResponses).toEqual([]);
  });

  it('keeps 1 and "1" apart and pairs server-initiated requests with client responses', () => {
    const make = envelopeFactory();
    const result = pairJsonRpc([
      make(rpc('out', { jsonrpc: '2.0', id: 1, method: 'tools/list' })),
      make(rpc('in', { jsonrpc: '2.0', id: 1, method: 'sampling/createMessage' })),
      make(rpc('in', { jsonrpc: '2.0', id: '1', result: {} })),
      make(rpc('out', { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'nope' } })),
    ]);
    expect(result.exchanges.map((e) => [e.method, e.requester, e.outcome, e.errorCode])).toEqual([
      ['tools/list', 'out', 'unanswered', undefined],
      ['sampling/createMessage', 'in', 'error', -32601],
    ]);
    expect(result.orphanResponses).toMatchObject([{ seq: 3, id: '1' }]);
  });

  it('flags orphans, duplicate pending ids, null-id errors and invalid frames', () => {
    const make = envelopeFactory();
    const result = pairJsonRpc([
      make(rpc('in', { jsonrpc: '2.0', id: 9, result: {} })),
      make(rpc('out', { jsonrpc: '2.0', id: 2, method: 'tools/list' })),
      make(rpc('out', { jsonrpc: '2.0', id: 2, method: 'tools/call' })),
      make(rpc('in', { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } })),
      make({ lane: 'inspector', conn: 'c1', layer: 'jsonrpc', dir: 'in', raw: 'Server started on stdio' }),
      make(rpc('in', { jsonrpc: '2.0', id: 3, result: {}, error: null })),
    ]);
    expect(result.orphanResponses.map((o) => [o.seq, o.id, o.error])).toEqual([[1, 9, false], [4, null, true]]);
    expect(result.duplicateRequests).toMatchObject([{ seq: 3, pendingSeq: 2, id: 2, method: 'tools/call' }]);
    expect(result.exchanges).toMatchObject([{ requestSeq: 2, outcome: 'unanswered' }]);
    expect(result.invalid.map((i) => i.seq)).toEqual([5, 6]);
    expect(result.invalid[1]?.reason).toContain('both "result" and "error"');
  });

  it('pairs each message of a batch', () => {
    const make = envelopeFactory();
    const pairer = new JsonRpcPairer();
    pairer.add(make(rpc('out', [{ jsonrpc: '2.0', id: 'a', method: 'ping' }, { jsonrpc: '2.0', id: 'b', method: 'tools/list' }])));
    const answered = pairer.add(make(rpc('in', [{ jsonrpc: '2.0', id: 'b', result: { tools: [] } }, { jsonrpc: '2.0', id: 'a', result: {} }])));
    expect(answered.map((p) => p.method)).toEqual(['tools/list', 'ping']);
    expect(pairer.result().exchanges.every((e) => e.outcome === 'result' && e.responseSeq === 2)).toBe(true);
  });
});
