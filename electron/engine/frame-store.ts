import type { Envelope } from '../../shared/capture/envelope';
import { growUint32, type GrowableArray } from '../../shared/capture/growable-array';
import { JsonRpcPairer } from '../../shared/capture/pairing';
import { compileFilter, parseFilter, splitFilter, type FrameMatcher } from '../../shared/frames/filter';
import { summarizeEnvelope, type FrameSummary } from '../../shared/frames/summary';
import { BodySearch, BodySearchTimeout } from './body-search';
import { RowTable } from './row-table';

type Row = FrameSummary;

const SHAPE_UNKNOWN = 0;
const SHAPE_MATCHES = 1;
const SHAPE_FAILS = 2;

/**
 * A filter is run in three parts, cheapest first: its field terms depend on a row's shape alone
 * and are decided once per shape; `seq:` terms read the seq column; free text and regex read
 * labels and bodies, on the body search worker, for the rows the first two kept.
 */
interface FilterView {
  key: string;
  errors: string[];
  byShape: FrameMatcher;
  /** SHAPE_* per shape id, filled as shapes are met. */
  verdicts: Uint8Array;
  bySeq?: (seq: number) => boolean;
  searchesBodies: boolean;
  /** Row indexes that match, in order; extended as frames arrive. */
  matches: GrowableArray<Uint32Array>;
  scanned: number;
  scanning?: Promise<void>;
  /** Why body search stopped for this filter, if it did. */
  stopped?: string;
}

const MAX_CACHED_FILTERS = 6;
const BODY_BATCH = 4000;

/** One process-wide worker searches bodies for every session. */
const sharedBodySearch = new BodySearch();

/**
 * The rows of one session, in capture order, with JSON-RPC pairs joined and filtered views
 * cached. Envelopes themselves stay wherever the session keeps them (memory for a live run,
 * the capture file for a loaded one); rows carry no payload and are stored in columns.
 */
export class FrameStore {
  private readonly table = new RowTable();
  /** Seqs normally arrive in ascending order and are found by binary search; this maps the rest. */
  private outOfOrder: Map<number, number> | undefined;
  private readonly exchangeSeqs = new Map<string, number[]>();
  private readonly pairer = new JsonRpcPairer();
  /** Pairer exchange index -> the request's seq and time. */
  private readonly requests = new Map<number, { seq: number; t: number }>();
  private readonly filters = new Map<string, FilterView>();
  /** The body filter being scanned; an older one pauses between batches so the newest answers first. */
  private activeBodyScan: string | undefined;

  /** bodiesOf reads payloads for body search in batches: from memory live, from disk for a loaded capture. */
  constructor(
    private readonly bodiesOf: (seqs: number[]) => Promise<(string | undefined)[]>,
    private readonly bodySearch: BodySearch = sharedBodySearch,
  ) {}

  get total(): number {
    return this.table.length;
  }

  /** A stdio server's frames are here (its process, stdout or stderr): the UI offers its Console. */
  hasStdio = false;

  append(envelope: Envelope): Row {
    const row: Row = summarizeEnvelope(envelope);
    if (!this.hasStdio && (envelope.layer === 'stderr' || envelope.layer === 'stdio' || envelope.conn.includes('stdio'))) this.hasStdio = true;
    if (envelope.layer === 'jsonrpc' || envelope.layer === 'stdio') this.pair(envelope, row);
    const last = this.table.length ? this.table.seq(this.table.length - 1) : -Infinity;
    const index = this.table.push(row);
    if (this.outOfOrder || envelope.seq <= last) this.indexOutOfOrder(index);
    if (row.exchange) {
      const list = this.exchangeSeqs.get(row.exchange) ?? [];
      list.push(envelope.seq);
      this.exchangeSeqs.set(row.exchange, list);
    }
    return row;
  }

  /** Once one seq arrives out of order, binary search no longer holds: every seq goes in a map. */
  private indexOutOfOrder(index: number): void {
    if (!this.outOfOrder) {
      this.outOfOrder = new Map();
      for (let i = 0; i < index; i++) this.outOfOrder.set(this.table.seq(i), i);
    }
    const seq = this.table.seq(index);
    if (!this.outOfOrder.has(seq)) this.outOfOrder.set(seq, index);
  }

  private indexOfSeq(seq: number): number | undefined {
    if (this.outOfOrder) return this.outOfOrder.get(seq);
    let lo = 0;
    let hi = this.table.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const value = this.table.seq(mid);
      if (value === seq) return mid;
      if (value < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Joins a response to its request before the row is stored: the response's label and both rows' durations. */
  private pair(envelope: Envelope, row: Row): void {
    // stdio lines that are JSON-RPC pair like jsonrpc envelopes; anything else was already marked invalid.
    if (envelope.layer === 'stdio' && row.invalid) return;
    // Batches pair message by message; the row shows the first message's partner.
    const first = this.pairer.add(envelope)[0];
    if (!first || first.exchange === undefined) return;
    if (first.message.kind === 'request') {
      this.requests.set(first.exchange, { seq: envelope.seq, t: envelope.t });
      return;
    }
    const request = this.requests.get(first.exchange);
    if (first.message.kind !== 'response' || !request) return;
    if (first.method !== undefined) row.label = `${first.method} → ${row.error ? 'error' : 'result'}`;
    const durationMs = envelope.t - request.t;
    row.pairSeq = request.seq;
    row.durationMs = durationMs;
    const requestIndex = this.indexOfSeq(request.seq);
    if (requestIndex !== undefined) this.table.setPair(requestIndex, envelope.seq, durationMs);
  }

  /** The seqs of rows [start, start + count), in capture order. */
  seqs(start: number, count: number): number[] {
    const end = Math.min(this.table.length, start + count);
    const seqs: number[] = [];
    for (let i = Math.max(0, start); i < end; i++) seqs.push(this.table.seq(i));
    return seqs;
  }

  /** Times of rows [start, start + count), in capture order (replay schedules by them). */
  times(start: number, count: number): number[] {
    const end = Math.min(this.table.length, start + count);
    const times: number[] = [];
    for (let i = Math.max(0, start); i < end; i++) times.push(this.table.time(i));
    return times;
  }

  row(seq: number): Row | undefined {
    const index = this.indexOfSeq(seq);
    return index === undefined ? undefined : this.table.row(index);
  }

  exchange(id: string | undefined): number[] {
    return id ? [...(this.exchangeSeqs.get(id) ?? [])] : [];
  }

  private view(key: string): FilterView {
    let view = this.filters.get(key);
    if (view) return view;
    const parsed = parseFilter(key);
    const { fields, text } = splitFilter(parsed);
    const seqTerms = fields.terms.filter((t) => t.type === 'field' && t.field === 'seq');
    const shapeTerms = fields.terms.filter((t) => !seqTerms.includes(t));
    view = {
      key,
      errors: parsed.errors,
      byShape: compileFilter({ terms: shapeTerms, errors: [], needsBody: false }),
      verdicts: new Uint8Array(Math.max(64, this.table.shapeCount)),
      bySeq: seqTerms.length ? this.seqTest(compileFilter({ terms: seqTerms, errors: [], needsBody: false })) : undefined,
      searchesBodies: text.terms.length > 0,
      matches: growUint32(),
      scanned: 0,
    };
    this.filters.set(key, view);
    if (this.filters.size > MAX_CACHED_FILTERS) {
      const oldest = this.filters.keys().next().value;
      if (oldest !== undefined && oldest !== key) this.filters.delete(oldest);
    }
    return view;
  }

  /** `seq:` terms read nothing but the seq, so one scratch row serves every test. */
  private seqTest(matcher: FrameMatcher): (seq: number) => boolean {
    const scratch: Row = { seq: 0, t: 0, lane: 'inspector', conn: '', layer: 'meta', dir: 'in', size: 0, label: '', kind: 'meta', error: false, invalid: false };
    return (seq) => {
      scratch.seq = seq;
      return matcher(scratch);
    };
  }

  /** Appends to `into` the row indexes in [from, to) that pass the view's field and seq terms. */
  private candidates(view: FilterView, from: number, to: number, into: GrowableArray<Uint32Array>): void {
    if (view.verdicts.length < this.table.shapeCount) {
      const grown = new Uint8Array(this.table.shapeCount * 2);
      grown.set(view.verdicts);
      view.verdicts = grown;
    }
    const { verdicts, byShape, bySeq } = view;
    const shapes = this.table.shapeIdColumn();
    const seqs = this.table.seqColumn();
    for (let i = from; i < to; i++) {
      const shape = shapes[i] as number;
      let verdict = verdicts[shape];
      if (verdict === SHAPE_UNKNOWN) {
        verdict = byShape(this.table.row(i)) ? SHAPE_MATCHES : SHAPE_FAILS;
        verdicts[shape] = verdict;
      }
      if (verdict === SHAPE_MATCHES && (bySeq === undefined || bySeq(seqs[i] as number))) into.push(i);
    }
  }

  /** Brings a view up to the session's current rows; free text and regex go to the body search worker. */
  private async scan(view: FilterView): Promise<void> {
    while (view.scanning) await view.scanning;
    if (view.scanned >= this.table.length || view.stopped) return;
    if (!view.searchesBodies) {
      const to = this.table.length;
      this.candidates(view, view.scanned, to, view.matches);
      view.scanned = to;
      return;
    }
    view.scanning = this.scanBodies(view).finally(() => { view.scanning = undefined; });
    await view.scanning;
  }

  /** One batch of candidates with their labels, and their bodies being read. */
  private batch(view: FilterView, from: number): { from: number; to: number; indexes: number[]; labels: string[]; bodies: Promise<(string | undefined)[]> } {
    const to = Math.min(this.table.length, from + BODY_BATCH);
    const found = growUint32(to - from);
    this.candidates(view, from, to, found);
    const indexes = Array.from(found.view());
    const bodies = indexes.length ? this.bodiesOf(indexes.map((i) => this.table.seq(i))) : Promise.resolve([]);
    // A read that fails is reported when its batch is matched, not as an unhandled rejection meanwhile.
    bodies.catch(() => undefined);
    return { from, to, indexes, labels: indexes.map((i) => this.table.label(i)), bodies };
  }

  private async scanBodies(view: FilterView): Promise<void> {
    this.activeBodyScan = view.key;
    let next = view.scanned < this.table.length ? this.batch(view, view.scanned) : undefined;
    while (next && this.activeBodyScan === view.key) {
      const current = next;
      try {
        const bodies = await current.bodies;
        // The next batch's bodies are read while the worker searches this one.
        next = current.to < this.table.length ? this.batch(view, current.to) : undefined;
        const hits = current.indexes.length ? await this.bodySearch.match({ filter: view.key, labels: current.labels, bodies }) : [];
        for (const hit of hits) view.matches.push(current.indexes[hit] as number);
      } catch (error) {
        const why = error instanceof BodySearchTimeout ? `${error.message} (a regular expression that backtracks?)` : error instanceof Error ? error.message : String(error);
        const first = this.table.seq(current.indexes[0] ?? current.from);
        const last = this.table.seq(current.indexes.at(-1) ?? current.to - 1);
        view.stopped = `Searching bodies stopped in frames #${first} to #${last}: ${why}; the matches shown come from the frames before them.`;
        view.errors = [...view.errors, view.stopped];
        return;
      }
      view.scanned = current.to;
      // Frames that arrived while this batch was searched join the scan.
      if (!next && view.scanned < this.table.length) next = this.batch(view, view.scanned);
    }
  }

  /**
   * A page of the filtered view. The empty filter is the whole session. With `limit` (replay),
   * only the first `limit` rows of the session count as played: the view is the part of the
   * filtered view that comes from them.
   */
  async page(filter: string, start: number, count: number, limit?: number): Promise<{ matched: number; rows: Row[]; errors: string[] }> {
    const key = filter.trim();
    if (key === '') {
      const matched = limit === undefined ? this.table.length : Math.min(this.table.length, limit);
      const rows: Row[] = [];
      for (let i = Math.max(0, start); i < Math.min(matched, start + count); i++) rows.push(this.table.row(i));
      return { matched, rows, errors: [] };
    }
    const view = this.view(key);
    await this.scan(view);
    const matches = view.matches.view();
    const matched = limit === undefined ? matches.length : countBelow(matches, limit);
    const rows: Row[] = [];
    for (let i = Math.max(0, start); i < Math.min(matched, start + count); i++) rows.push(this.table.row(matches[i] as number));
    return { matched, rows, errors: view.errors };
  }

  /** Position of a seq in a filtered view, or -1 when the filter hides it (or, with `limit`, it is not played yet). */
  async indexOf(filter: string, seq: number, limit?: number): Promise<number> {
    const index = this.indexOfSeq(seq);
    if (index === undefined) return -1;
    if (limit !== undefined && index >= limit) return -1;
    const key = filter.trim();
    if (key === '') return index;
    const view = this.view(key);
    await this.scan(view);
    const matches = view.matches.view();
    let lo = 0;
    let hi = matches.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const value = matches[mid] as number;
      if (value === index) return mid;
      if (value < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** How many of the ascending `sorted` are below `bound`: binary search, since matches are in capture order. */
function countBelow(sorted: Uint32Array, bound: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
