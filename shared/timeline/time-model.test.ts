import { describe, expect, it } from 'vitest';
import type { FrameSummary } from '../frames/summary';
import { buildTimeModel, visibleRange } from './time-model';

let nextSeq = 1;
function row(t: number, part: Partial<FrameSummary> = {}): FrameSummary {
  return { seq: nextSeq++, t, lane: 'inspector', conn: 'c', layer: 'http', dir: 'out', size: 10, label: 'x', kind: 'event', error: false, invalid: false, ...part };
}

describe('buildTimeModel', () => {
  it('draws an HTTP exchange from its request to its end and a JSON-RPC pair by its duration', () => {
    nextSeq = 1;
    const rows = [
      row(1000, { kind: 'http-request', exchange: 'e1', label: 'POST /mcp' }),
      row(1002, { kind: 'request', layer: 'jsonrpc', pairSeq: 5, durationMs: 40, label: 'tools/list' }),
      row(1030, { kind: 'http-response', exchange: 'e1', dir: 'in', error: true, httpStatus: 500 }),
      row(1035, { kind: 'http-end', exchange: 'e1', dir: 'in' }),
      row(1042, { kind: 'response', layer: 'jsonrpc', pairSeq: 2, durationMs: 40, dir: 'in' }),
    ];
    const model = buildTimeModel(rows, ['inspector', 'realtime']);
    const [exchange, rpc, , , response] = model.items;
    expect(exchange).toMatchObject({ kind: 'bar', start: 0, end: 35, status: 'error', track: 0 });
    expect(rpc).toMatchObject({ kind: 'bar', start: 2, end: 42, track: 1 });
    expect(response).toMatchObject({ kind: 'tick', start: 42 });
    expect(model.tracks).toEqual([2, 1]);
    expect(model.span).toBe(42);
    expect(model.maxBar).toBe(40);
  });

  it('places frames whose clock jumped back, or that have no time, after their predecessor and counts them', () => {
    nextSeq = 1;
    const model = buildTimeModel([row(5000), row(5100), row(4000), row(Number.NaN), row(5200)], ['inspector']);
    expect(model.items.map((i) => i.start)).toEqual([0, 100, 100, 100, 200]);
    expect(model.items.map((i) => i.displaced)).toEqual([false, false, true, true, false]);
    expect(model.displaced).toBe(2);
  });

  it('names idle gaps long enough to matter and skips lanes it was not asked to draw', () => {
    nextSeq = 1;
    const model = buildTimeModel([row(0), row(10), row(5_010), row(5_020, { lane: 'server' }), row(5_030)], ['inspector']);
    expect(model.items).toHaveLength(4);
    expect(model.gaps).toEqual([{ from: 10, to: 5_010 }]);
  });

  it('draws an empty or untimed capture without failing', () => {
    expect(buildTimeModel([], ['inspector'])).toMatchObject({ items: [], span: 0, gaps: [] });
    nextSeq = 1;
    const untimed = buildTimeModel([row(Number.NaN), row(Number.NaN)], ['inspector']);
    expect(untimed.items.map((i) => i.start)).toEqual([0, 0]);
  });

  it('finds the items a window shows, including bars that began before it', () => {
    nextSeq = 1;
    const model = buildTimeModel([
      row(0, { kind: 'request', layer: 'jsonrpc', pairSeq: 9, durationMs: 100 }),
      row(20), row(50), row(120), row(300),
    ], ['inspector']);
    const [from, to] = visibleRange(model, 60, 120);
    const shown = model.items.slice(from, to).filter((i) => i.end >= 60);
    expect(shown.map((i) => i.seq)).toEqual([1, 4]);
  });
});
