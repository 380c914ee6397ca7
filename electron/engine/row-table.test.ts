import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrameSummary } from '../../shared/frames/summary';
import { RowTable } from './row-table';

const few = <T>(...values: T[]) => fc.constantFrom(...values);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Rows drawn from few values per field, so shapes repeat and differ in one field at a time. */
const row = fc.record({
  seq: fc.integer({ min: 0, max: 1e9 }),
  t: fc.double({ min: 0, max: 2e12, noNaN: true }),
  lane: few('inspector' as const, 'realtime' as const),
  conn: few('c1', 'c2', ''),
  layer: few('jsonrpc' as const, 'sse' as const),
  dir: few('in' as const, 'out' as const),
  size: fc.integer({ min: 0, max: 1e7 }),
  label: few('tools/list', ''),
  kind: few('request' as const, 'event' as const),
  rpcId: optional(few('n:1', 's:1', 'n:2')),
  method: optional(few('tools/list')),
  tool: optional(few('')),
  httpStatus: optional(few(0)),
  exchange: optional(few('x1', 'x2')),
  error: fc.boolean(),
  invalid: fc.boolean(),
  pair: optional(fc.record({ pairSeq: fc.integer({ min: 0, max: 1e9 }), durationMs: fc.double({ min: -1e3, max: 1e6, noNaN: true }) })),
}).map(({ pair, ...fields }): FrameSummary => {
  // Optional fields are absent rather than undefined, as the store gives them back.
  return Object.fromEntries(Object.entries({ ...fields, ...pair }).filter(([, value]) => value !== undefined)) as FrameSummary;
});

describe('RowTable', () => {
  it('gives back every row exactly as stored, with shared shapes', () => {
    fc.assert(fc.property(fc.array(row, { maxLength: 80 }), (rows) => {
      const table = new RowTable();
      rows.forEach((r) => table.push(r));
      expect(rows.map((_, i) => table.row(i))).toEqual(rows);
      expect(table.shapeCount).toBeLessThanOrEqual(rows.length);
    }), { seed: 777, numRuns: 300 });
  });

  it('records a pair found later on the earlier row', () => {
    const table = new RowTable();
    table.push({ seq: 1, t: 10, lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'out', size: 3, label: 'tools/list', kind: 'request', error: false, invalid: false });
    table.setPair(0, 2, 42);
    expect(table.row(0)).toMatchObject({ pairSeq: 2, durationMs: 42 });
  });
});
