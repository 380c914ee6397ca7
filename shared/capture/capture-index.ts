import { Direction, LaneId, Layer, type Envelope } from './envelope';
import { growFloat64, growInt32, growUint32, growUint8, type GrowableArray } from './growable-array';
import { jsonRpcIdKey, type JsonRpcId } from './jsonrpc';
import { JsonRpcPairer, type PairingResult } from './pairing';

/**
 * Compact indexes over a capture's records, built in one pass as they stream in. A record is
 * addressed by its position in the file ("record number"); the columns hold a few bytes per
 * record so a million-envelope capture can be paged through without keeping envelopes in memory.
 */

/** Where a record's line sits in the (decompressed) capture file. */
export interface RecordLocation {
  offset: number;
  /** Bytes of the line without its newline. */
  length: number;
}

export const RecordFlag = { large: 1, truncated: 2, redacted: 4, incomplete: 8 } as const;

const LANES = LaneId.options;
const LAYERS = Layer.options;
const DIRECTIONS = Direction.options;

export interface ConnectionInfo {
  lane: LaneId;
  conn: string;
  /** Record numbers in file order. */
  records: Uint32Array;
}

export interface CaptureSummary {
  records: number;
  firstT: number | undefined;
  lastT: number | undefined;
  firstSeq: number | undefined;
  lastSeq: number | undefined;
  byLane: Partial<Record<LaneId, number>>;
  byLayer: Partial<Record<Layer, number>>;
  large: number;
  truncated: number;
  redacted: number;
}

export class CaptureIndexBuilder {
  private readonly offsets = growFloat64();
  private readonly lengths = growUint32();
  private readonly seqs = growFloat64();
  private readonly times = growFloat64();
  private readonly lanes = growUint8();
  private readonly layers = growUint8();
  private readonly dirs = growUint8();
  private readonly conns = growUint32();
  private readonly flags = growUint8();
  private readonly rpcExchange = growInt32();
  private readonly connections: { lane: LaneId; conn: string; records: GrowableArray<Uint32Array> }[] = [];
  private readonly connectionNumbers = new Map<string, number>();
  private readonly methods = new Map<string, GrowableArray<Uint32Array>>();
  private readonly pairer = new JsonRpcPairer();
  private seqsAscending = true;
  private timesAscending = true;
  private lastSeq = -Infinity;
  private lastT = -Infinity;
  /** Only built once a seq arrives out of order; until then ascending order proves uniqueness. */
  private seenSeqs: Set<number> | undefined;

  get count(): number {
    return this.seqs.length;
  }

  /** Indexes one envelope. Returns false, indexing nothing, when its seq was already indexed. */
  add(envelope: Envelope, location: RecordLocation): boolean {
    if (!this.claimSeq(envelope.seq)) return false;
    const record = this.seqs.push(envelope.seq);
    this.offsets.push(location.offset);
    this.lengths.push(location.length);
    this.times.push(envelope.t);
    if (envelope.t < this.lastT) this.timesAscending = false;
    this.lastT = Math.max(this.lastT, envelope.t);
    this.lanes.push(LANES.indexOf(envelope.lane));
    this.layers.push(LAYERS.indexOf(envelope.layer));
    this.dirs.push(DIRECTIONS.indexOf(envelope.dir));
    this.flags.push(
      (envelope.large ? RecordFlag.large : 0) | (envelope.truncated ? RecordFlag.truncated : 0) |
      (envelope.redacted ? RecordFlag.redacted : 0) | (envelope.incomplete ? RecordFlag.incomplete : 0),
    );
    const connection = this.connectionNumber(envelope.lane, envelope.conn);
    this.conns.push(connection);
    (this.connections[connection] as { records: GrowableArray<Uint32Array> }).records.push(record);
    let exchange = -1;
    if (envelope.layer === 'jsonrpc') {
      const methodsSeen = new Set<string>();
      for (const paired of this.pairer.add(envelope)) {
        if (paired.exchange !== undefined && exchange < 0) exchange = paired.exchange;
        if (paired.method !== undefined && !methodsSeen.has(paired.method)) {
          methodsSeen.add(paired.method);
          let list = this.methods.get(paired.method);
          if (!list) this.methods.set(paired.method, (list = growUint32(64)));
          list.push(record);
        }
      }
    }
    this.rpcExchange.push(exchange);
    return true;
  }

  private claimSeq(seq: number): boolean {
    if (seq > this.lastSeq && this.seenSeqs === undefined) {
      this.lastSeq = seq;
      return true;
    }
    if (this.seenSeqs === undefined) {
      this.seqsAscending = false;
      this.seenSeqs = new Set(this.seqs.toTypedArray());
    }
    if (this.seenSeqs.has(seq)) return false;
    this.seenSeqs.add(seq);
    this.lastSeq = Math.max(this.lastSeq, seq);
    return true;
  }

  private connectionNumber(lane: LaneId, conn: string): number {
    const key = `${lane}\u0000${conn}`;
    let number = this.connectionNumbers.get(key);
    if (number === undefined) {
      number = this.connections.push({ lane, conn, records: growUint32(256) }) - 1;
      this.connectionNumbers.set(key, number);
    }
    return number;
  }

  /** A snapshot; the builder may keep adding (a live capture) and be finished again later. */
  finish(): CaptureIndex {
    return new CaptureIndex({
      offsets: this.offsets.toTypedArray(),
      lengths: this.lengths.toTypedArray(),
      seqs: this.seqs.toTypedArray(),
      times: this.times.toTypedArray(),
      lanes: this.lanes.toTypedArray(),
      layers: this.layers.toTypedArray(),
      dirs: this.dirs.toTypedArray(),
      conns: this.conns.toTypedArray(),
      flags: this.flags.toTypedArray(),
      rpcExchange: this.rpcExchange.toTypedArray(),
      connections: this.connections.map((c) => ({ lane: c.lane, conn: c.conn, records: c.records.toTypedArray() })),
      methods: new Map([...this.methods].map(([method, records]) => [method, records.toTypedArray()])),
      pairing: this.pairer.result(),
      seqsAscending: this.seqsAscending,
      timesAscending: this.timesAscending,
    });
  }
}

interface Columns {
  offsets: Float64Array;
  lengths: Uint32Array;
  seqs: Float64Array;
  times: Float64Array;
  lanes: Uint8Array;
  layers: Uint8Array;
  dirs: Uint8Array;
  conns: Uint32Array;
  flags: Uint8Array;
  rpcExchange: Int32Array;
  connections: ConnectionInfo[];
  methods: Map<string, Uint32Array>;
  pairing: PairingResult;
  seqsAscending: boolean;
  timesAscending: boolean;
}

export class CaptureIndex {
  /** Per record: byte offset of its line and the line's length without the newline. */
  readonly offsets: Float64Array;
  readonly lengths: Uint32Array;
  readonly seqs: Float64Array;
  readonly times: Float64Array;
  readonly flags: Uint8Array;
  readonly connections: readonly ConnectionInfo[];
  readonly pairing: PairingResult;
  private readonly columns: Columns;
  private seqOrder: Uint32Array | undefined;
  private timeOrder: Uint32Array | undefined;
  private readonly laneRecords = new Map<LaneId, Uint32Array>();
  private rpcIds: Map<string, number[]> | undefined;

  constructor(columns: Columns) {
    this.columns = columns;
    this.offsets = columns.offsets;
    this.lengths = columns.lengths;
    this.seqs = columns.seqs;
    this.times = columns.times;
    this.flags = columns.flags;
    this.connections = columns.connections;
    this.pairing = columns.pairing;
  }

  get count(): number {
    return this.seqs.length;
  }

  lane(record: number): LaneId {
    return LANES[this.columns.lanes[record] as number] as LaneId;
  }

  layer(record: number): Layer {
    return LAYERS[this.columns.layers[record] as number] as Layer;
  }

  dir(record: number): Direction {
    return DIRECTIONS[this.columns.dirs[record] as number] as Direction;
  }

  connection(record: number): ConnectionInfo {
    return this.connections[this.columns.conns[record] as number] as ConnectionInfo;
  }

  isLarge(record: number): boolean {
    return ((this.flags[record] as number) & RecordFlag.large) !== 0;
  }

  /** The pairing exchange a jsonrpc record starts or answers, if any (the first, for a batch). */
  rpcExchangeOf(record: number): PairingResult['exchanges'][number] | undefined {
    const exchange = this.columns.rpcExchange[record] as number;
    return exchange < 0 ? undefined : this.pairing.exchanges[exchange];
  }

  /** Record number of a seq, or -1. */
  recordOfSeq(seq: number): number {
    const order = this.bySeq();
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const record = order === this.identity ? mid : (order[mid] as number);
      const value = this.seqs[record] as number;
      if (value === seq) return record;
      if (value < seq) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** Record numbers whose seq is in [fromSeq, toSeq], in seq order. */
  recordsInSeqRange(fromSeq: number, toSeq: number): Uint32Array {
    return this.range(this.bySeq(), this.seqs, fromSeq, toSeq);
  }

  /** Record numbers whose t is in [fromT, toT] (ms epoch), in time order. */
  recordsInTimeRange(fromT: number, toT: number): Uint32Array {
    return this.range(this.byTime(), this.times, fromT, toT);
  }

  /** Record numbers of a lane, in file order. */
  recordsOfLane(lane: LaneId): Uint32Array {
    let records = this.laneRecords.get(lane);
    if (!records) {
      const code = LANES.indexOf(lane);
      const lanes = this.columns.lanes;
      const list = growUint32();
      for (let record = 0; record < lanes.length; record++) if (lanes[record] === code) list.push(record);
      records = list.toTypedArray();
      this.laneRecords.set(lane, records);
    }
    return records;
  }

  recordsOfConnection(lane: LaneId, conn: string): Uint32Array {
    return this.connections.find((c) => c.lane === lane && c.conn === conn)?.records ?? new Uint32Array(0);
  }

  /** JSON-RPC methods seen (requests, notifications, and responses once paired), with their record counts. */
  methods(): Map<string, number> {
    return new Map([...this.columns.methods].map(([method, records]) => [method, records.length]));
  }

  /** Records carrying the method: its requests and notifications, and the responses paired with its requests. */
  recordsOfMethod(method: string): Uint32Array {
    return this.columns.methods.get(method) ?? new Uint32Array(0);
  }

  /**
   * Records of the exchanges that used this JSON-RPC id on a connection (requests and their
   * responses, in both directions) plus orphan responses with it. The id map is built on first
   * use: most sessions never ask, and it is the one index whose size grows with distinct ids.
   */
  recordsOfRpcId(lane: LaneId, conn: string, id: JsonRpcId): Uint32Array {
    if (!this.rpcIds) this.rpcIds = this.buildRpcIdIndex();
    const seqs = this.rpcIds.get(`${lane}\u0000${conn}\u0000${jsonRpcIdKey(id)}`) ?? [];
    return Uint32Array.from(seqs.map((seq) => this.recordOfSeq(seq)).filter((r) => r >= 0).sort((a, b) => a - b));
  }

  private buildRpcIdIndex(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    const add = (lane: LaneId, conn: string, id: JsonRpcId | null, seq: number | undefined) => {
      if (id === null || seq === undefined) return;
      const key = `${lane}\u0000${conn}\u0000${jsonRpcIdKey(id)}`;
      const list = index.get(key);
      if (list) list.push(seq);
      else index.set(key, [seq]);
    };
    for (const e of this.pairing.exchanges) {
      add(e.lane, e.conn, e.id, e.requestSeq);
      add(e.lane, e.conn, e.id, e.responseSeq);
    }
    for (const o of this.pairing.orphanResponses) add(o.lane, o.conn, o.id, o.seq);
    for (const d of this.pairing.duplicateRequests) add(d.lane, d.conn, d.id, d.seq);
    return index;
  }

  summary(): CaptureSummary {
    const byLane: Partial<Record<LaneId, number>> = {};
    const byLayer: Partial<Record<Layer, number>> = {};
    let large = 0;
    let truncated = 0;
    let redacted = 0;
    let firstSeq: number | undefined;
    let lastSeq: number | undefined;
    for (let record = 0; record < this.count; record++) {
      const lane = this.lane(record);
      const layer = this.layer(record);
      byLane[lane] = (byLane[lane] ?? 0) + 1;
      byLayer[layer] = (byLayer[layer] ?? 0) + 1;
      const flags = this.flags[record] as number;
      if (flags & RecordFlag.large) large++;
      if (flags & RecordFlag.truncated) truncated++;
      if (flags & RecordFlag.redacted) redacted++;
      const seq = this.seqs[record] as number;
      if (firstSeq === undefined || seq < firstSeq) firstSeq = seq;
      if (lastSeq === undefined || seq > lastSeq) lastSeq = seq;
    }
    const timeOrder = this.byTime();
    const at = (i: number) => this.times[timeOrder === this.identity ? i : (timeOrder[i] as number)];
    return {
      records: this.count,
      firstT: this.count ? at(0) : undefined,
      lastT: this.count ? at(this.count - 1) : undefined,
      firstSeq, lastSeq, byLane, byLayer, large, truncated, redacted,
    };
  }

  /** Stands for "record order is already sorted" so the common case allocates nothing. */
  private readonly identity = new Uint32Array(0);

  private bySeq(): Uint32Array {
    if (this.columns.seqsAscending) return this.identity;
    this.seqOrder ??= sortedOrder(this.seqs);
    return this.seqOrder;
  }

  private byTime(): Uint32Array {
    if (this.columns.timesAscending) return this.identity;
    this.timeOrder ??= sortedOrder(this.times);
    return this.timeOrder;
  }

  private range(order: Uint32Array, values: Float64Array, from: number, to: number): Uint32Array {
    const sorted = order === this.identity;
    const valueAt = (i: number) => values[sorted ? i : (order[i] as number)] as number;
    const start = lowerBound(this.count, valueAt, from);
    let end = start;
    while (end < this.count && valueAt(end) <= to) end++;
    if (!sorted) return order.slice(start, end);
    const records = new Uint32Array(Math.max(0, end - start));
    for (let i = 0; i < records.length; i++) records[i] = start + i;
    return records;
  }
}

function lowerBound(length: number, valueAt: (i: number) => number, target: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (valueAt(mid) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Record numbers sorted by value, ties in file order. */
function sortedOrder(values: Float64Array): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
}
