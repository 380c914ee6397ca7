import { describe, expect, it } from 'vitest';
import { CaptureIndexBuilder } from './capture-index';
import type { Envelope } from './envelope';
import { envelopeFactory } from './test-envelopes';

const at = (n: number) => ({ offset: n * 100, length: 99 });

function sample(): Envelope[] {
  const make = envelopeFactory(1_000);
  return [
    make({ lane: 'inspector', conn: 'a', layer: 'jsonrpc', dir: 'out', raw: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' }),
    make({ lane: 'realtime', conn: 'ws1', layer: 'ws', dir: 'in', raw: '{"type":"session.created"}', ws: { kind: 'text' } }),
    make({ lane: 'inspector', conn: 'a', layer: 'jsonrpc', dir: 'in', raw: '{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}', dt: 10 }),
    make({ lane: 'inspector', conn: 'b', layer: 'jsonrpc', dir: 'out', raw: '{"jsonrpc":"2.0","id":1,"method":"ping"}' }),
    make({ lane: 'realtime', conn: 'ws1', layer: 'ws', dir: 'in', raw: 'x'.repeat(10), large: true, redacted: true, ws: { kind: 'text' } }),
  ];
}

describe('capture index', () => {
  it('indexes by seq, time, lane, connection, method and JSON-RPC id', () => {
    const builder = new CaptureIndexBuilder();
    sample().forEach((e, i) => builder.add(e, at(i)));
    const index = builder.finish();
    expect(index.count).toBe(5);
    expect(index.recordOfSeq(3)).toBe(2);
    expect(index.recordOfSeq(99)).toBe(-1);
    expect([...index.recordsInSeqRange(2, 4)]).toEqual([1, 2, 3]);
    expect([...index.recordsInTimeRange(1_002, 1_012)]).toEqual([1, 2]);
    expect([...index.recordsOfLane('realtime')]).toEqual([1, 4]);
    expect([...index.recordsOfConnection('inspector', 'a')]).toEqual([0, 2]);
    expect([...index.recordsOfMethod('tools/list')]).toEqual([0, 2]);
    expect(index.methods()).toEqual(new Map([['tools/list', 2], ['ping', 1]]));
    expect([...index.recordsOfRpcId('inspector', 'a', 1)]).toEqual([0, 2]);
    expect([...index.recordsOfRpcId('inspector', 'b', 1)]).toEqual([3]);
    expect(index.rpcExchangeOf(2)).toMatchObject({ requestSeq: 1, responseSeq: 3, durationMs: 11 });
    expect(index.isLarge(4)).toBe(true);
    expect(index.offsets[3]).toBe(300);
    expect(index.lane(1)).toBe('realtime');
    expect(index.layer(1)).toBe('ws');
    expect(index.dir(0)).toBe('out');
    expect(index.summary()).toEqual({
      records: 5, firstT: 1_001, lastT: 1_014, firstSeq: 1, lastSeq: 5,
      byLane: { inspector: 3, realtime: 2 }, byLayer: { jsonrpc: 3, ws: 2 }, large: 1, truncated: 0, redacted: 1,
    });
  });

  it('handles out-of-order seqs and times, and refuses a duplicate seq', () => {
    const builder = new CaptureIndexBuilder();
    const [a, b, c] = sample() as [Envelope, Envelope, Envelope];
    expect(builder.add({ ...c, t: 50 }, at(0))).toBe(true);
    expect(builder.add({ ...a, t: 70 }, at(1))).toBe(true);
    expect(builder.add({ ...b, t: 60 }, at(2))).toBe(true);
    expect(builder.add({ ...a, raw: 'again' }, at(3))).toBe(false);
    const index = builder.finish();
    expect(index.count).toBe(3);
    expect([...index.recordsInSeqRange(1, 3)]).toEqual([1, 2, 0]);
    expect([...index.recordsInTimeRange(0, 65)]).toEqual([0, 2]);
    expect(index.recordOfSeq(2)).toBe(2);
    expect(index.summary()).toMatchObject({ firstT: 50, lastT: 70, firstSeq: 1, lastSeq: 3 });
  });

  it('grows past its initial capacity', () => {
    const builder = new CaptureIndexBuilder();
    const make = envelopeFactory();
    for (let i = 0; i < 5_000; i++) builder.add(make({ lane: 'client', conn: 'c', layer: 'stdio', dir: 'in', raw: String(i) }), at(i));
    const index = builder.finish();
    expect(index.count).toBe(5_000);
    expect(index.recordOfSeq(4_321)).toBe(4_320);
    expect(index.recordsOfConnection('client', 'c')).toHaveLength(5_000);
  });
});
