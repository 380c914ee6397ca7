import { growFloat64, growUint32 } from '../../shared/capture/growable-array';
import type { FrameSummary } from '../../shared/frames/summary';

/**
 * The part of a row a filter can look at without its seq or body: lane, connection, layer,
 * direction, label, kind, method, tool, status and flags. Sessions repeat a few hundred of
 * these over a million frames, so each is stored once and rows point at it.
 */
export type RowShape = Pick<FrameSummary, 'lane' | 'conn' | 'layer' | 'dir' | 'label' | 'kind' | 'method' | 'tool' | 'httpStatus' | 'error' | 'invalid'>;

/** Strings that repeat across rows (JSON-RPC ids, exchange ids), stored once; id 0 means none. */
class InternTable {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [''];

  id(value: string | undefined): number {
    if (value === undefined) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }

  value(id: number): string | undefined {
    return id === 0 ? undefined : this.values[id];
  }
}

const shapeKey = (s: RowShape): string =>
  `${s.lane}\u0001${s.conn}\u0001${s.layer}\u0001${s.dir}\u0001${s.kind}\u0001${s.method ?? '\u0002'}\u0001${s.tool ?? '\u0002'}\u0001${s.httpStatus ?? ''}\u0001${s.error ? 1 : 0}${s.invalid ? 1 : 0}\u0001${s.label}`;

/**
 * A session's rows in columns: numbers in typed arrays, repeated parts as shared shapes. A
 * million rows cost about 60 bytes each instead of a few hundred as objects, load without
 * stressing the garbage collector, and a filter that depends only on the shape is decided once
 * per shape rather than once per row.
 */
export class RowTable {
  private readonly seqs = growFloat64();
  private readonly times = growFloat64();
  private readonly sizes = growFloat64();
  private readonly shapeIds = growUint32();
  private readonly rpcIds = growUint32();
  private readonly exchanges = growUint32();
  /** NaN where a row has no partner. */
  private readonly pairSeqs = growFloat64();
  private readonly durations = growFloat64();
  private readonly shapes: RowShape[] = [];
  private readonly shapeIdByKey = new Map<string, number>();
  private readonly strings = new InternTable();

  get length(): number {
    return this.seqs.length;
  }

  get shapeCount(): number {
    return this.shapes.length;
  }

  /** Stores a row; returns its index. */
  push(row: FrameSummary): number {
    this.seqs.push(row.seq);
    this.times.push(row.t);
    this.sizes.push(row.size);
    this.shapeIds.push(this.shapeIdOf(row));
    this.rpcIds.push(this.strings.id(row.rpcId));
    this.exchanges.push(this.strings.id(row.exchange));
    this.pairSeqs.push(row.pairSeq ?? Number.NaN);
    return this.durations.push(row.durationMs ?? Number.NaN);
  }

  private shapeIdOf(row: FrameSummary): number {
    const key = shapeKey(row);
    let id = this.shapeIdByKey.get(key);
    if (id === undefined) {
      const { lane, conn, layer, dir, label, kind, method, tool, httpStatus, error, invalid } = row;
      const shape: RowShape = { lane, conn, layer, dir, label, kind, error, invalid };
      if (method !== undefined) shape.method = method;
      if (tool !== undefined) shape.tool = tool;
      if (httpStatus !== undefined) shape.httpStatus = httpStatus;
      id = this.shapes.push(shape) - 1;
      this.shapeIdByKey.set(key, id);
    }
    return id;
  }

  seq(index: number): number {
    return this.seqs.get(index);
  }

  time(index: number): number {
    return this.times.get(index);
  }

  shapeId(index: number): number {
    return this.shapeIds.get(index);
  }

  /** Every row's shape id, for scans; valid until the next push. */
  shapeIdColumn(): Uint32Array {
    return this.shapeIds.view();
  }

  /** Every row's seq, for scans; valid until the next push. */
  seqColumn(): Float64Array {
    return this.seqs.view();
  }

  label(index: number): string {
    return (this.shapes[this.shapeIds.get(index)] as RowShape).label;
  }

  exchange(index: number): string | undefined {
    return this.strings.value(this.exchanges.get(index));
  }

  setPair(index: number, pairSeq: number, durationMs: number): void {
    this.pairSeqs.set(index, pairSeq);
    this.durations.set(index, durationMs);
  }

  /** The row as an object, with only the optional fields it has (the contract's schema drops none). */
  row(index: number): FrameSummary {
    const shape = this.shapes[this.shapeIds.get(index)] as RowShape;
    // One literal rather than a spread of the shape: rows are built a page or a search batch at a time.
    const row: FrameSummary = {
      seq: this.seqs.get(index), t: this.times.get(index), lane: shape.lane, conn: shape.conn, layer: shape.layer, dir: shape.dir,
      size: this.sizes.get(index), label: shape.label, kind: shape.kind, error: shape.error, invalid: shape.invalid,
    };
    const exchange = this.strings.value(this.exchanges.get(index));
    if (exchange !== undefined) row.exchange = exchange;
    const rpcId = this.strings.value(this.rpcIds.get(index));
    if (rpcId !== undefined) row.rpcId = rpcId;
    if (shape.method !== undefined) row.method = shape.method;
    if (shape.tool !== undefined) row.tool = shape.tool;
    if (shape.httpStatus !== undefined) row.httpStatus = shape.httpStatus;
    const pairSeq = this.pairSeqs.get(index);
    if (!Number.isNaN(pairSeq)) {
      row.pairSeq = pairSeq;
      row.durationMs = this.durations.get(index);
    }
    return row;
  }
}
