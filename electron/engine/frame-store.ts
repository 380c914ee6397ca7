import type { Envelope } from '../../shared/capture/envelope';
import { JsonRpcPairer } from '../../shared/capture/pairing';
import { compileFilter, parseFilter, type FrameMatcher } from '../../shared/frames/filter';
import { summarizeEnvelope, type FrameSummary } from '../../shared/frames/summary';

type Row = FrameSummary;

interface FilterView {
  matcher: FrameMatcher;
  errors: string[];
  needsBody: boolean;
  /** Row indexes that match, in order; extended as frames arrive. */
  matches: number[];
  scanned: number;
}

const MAX_CACHED_FILTERS = 6;
const BODY_BATCH = 2000;

/**
 * The rows of one session, in capture order, with JSON-RPC pairs joined and filtered views
 * cached. Envelopes themselves stay wherever the session keeps them (memory for a live run,
 * the capture file for a loaded one); rows carry no payload.
 */
export class FrameStore {
  private readonly rows: Row[] = [];
  private readonly indexBySeq = new Map<number, number>();
  private readonly exchangeSeqs = new Map<string, number[]>();
  private readonly pairer = new JsonRpcPairer();
  /** Pairer exchange index -> the request's seq and time. */
  private readonly requests = new Map<number, { seq: number; t: number }>();
  private readonly filters = new Map<string, FilterView>();

  /** bodiesOf reads payloads for body search in batches: from memory live, from disk for a loaded capture. */
  constructor(private readonly bodiesOf: (seqs: number[]) => Promise<(string | undefined)[]>) {}

  get total(): number {
    return this.rows.length;
  }

  append(envelope: Envelope): Row {
    const row: Row = summarizeEnvelope(envelope);
    const index = this.rows.push(row) - 1;
    this.indexBySeq.set(envelope.seq, index);
    if (row.exchange) {
      const list = this.exchangeSeqs.get(row.exchange) ?? [];
      list.push(envelope.seq);
      this.exchangeSeqs.set(row.exchange, list);
    }
    if (envelope.layer === 'jsonrpc' || envelope.layer === 'stdio') this.pair(envelope, row);
    return row;
  }

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
    const requestIndex = this.indexBySeq.get(request.seq);
    const requestRow = requestIndex === undefined ? undefined : this.rows[requestIndex];
    if (requestRow) {
      requestRow.pairSeq = envelope.seq;
      requestRow.durationMs = durationMs;
    }
  }

  /** The seqs of rows [start, start + count), in capture order. */
  seqs(start: number, count: number): number[] {
    return this.rows.slice(start, start + count).map((r) => r.seq);
  }

  row(seq: number): Row | undefined {
    const index = this.indexBySeq.get(seq);
    return index === undefined ? undefined : this.rows[index];
  }

  exchange(id: string | undefined): number[] {
    return id ? [...(this.exchangeSeqs.get(id) ?? [])] : [];
  }

  private async view(filter: string): Promise<FilterView> {
    const key = filter.trim();
    let view = this.filters.get(key);
    if (!view) {
      const parsed = parseFilter(key);
      view = { matcher: compileFilter(parsed), errors: parsed.errors, needsBody: parsed.needsBody, matches: [], scanned: 0 };
      this.filters.set(key, view);
      if (this.filters.size > MAX_CACHED_FILTERS) {
        const oldest = this.filters.keys().next().value;
        if (oldest !== undefined && oldest !== key) this.filters.delete(oldest);
      }
    }
    if (key === '') {
      view.scanned = this.rows.length;
      return view;
    }
    while (view.scanned < this.rows.length) {
      const from = view.scanned;
      const to = Math.min(this.rows.length, from + BODY_BATCH);
      const batch = this.rows.slice(from, to);
      const bodies = view.needsBody ? await this.bodiesOf(batch.map((r) => r.seq)) : [];
      // Another caller may have advanced the view while this one waited for bodies.
      if (view.scanned !== from) continue;
      batch.forEach((row, i) => { if (view.matcher(row, bodies[i])) view.matches.push(from + i); });
      view.scanned = to;
    }
    return view;
  }

  /** Times of rows [start, start + count), in capture order (replay schedules by them). */
  times(start: number, count: number): number[] {
    return this.rows.slice(start, start + count).map((r) => r.t);
  }

  /**
   * A page of the filtered view. The empty filter is the whole session. With `limit` (replay),
   * only the first `limit` rows of the session count as played: the view is the part of the
   * filtered view that comes from them.
   */
  async page(filter: string, start: number, count: number, limit?: number): Promise<{ matched: number; rows: Row[]; errors: string[] }> {
    const view = await this.view(filter);
    if (filter.trim() === '') {
      const matched = limit === undefined ? this.rows.length : Math.min(this.rows.length, limit);
      return { matched, rows: this.rows.slice(start, Math.min(matched, start + count)).map((r) => ({ ...r })), errors: [] };
    }
    const matched = limit === undefined ? view.matches.length : countBelow(view.matches, limit);
    const rows = view.matches.slice(start, Math.min(matched, start + count)).map((i) => ({ ...(this.rows[i] as Row) }));
    return { matched, rows, errors: view.errors };
  }

  /** Position of a seq in a filtered view, or -1 when the filter hides it (or, with `limit`, it is not played yet). */
  async indexOf(filter: string, seq: number, limit?: number): Promise<number> {
    const index = this.indexBySeq.get(seq);
    if (index === undefined) return -1;
    if (limit !== undefined && index >= limit) return -1;
    if (filter.trim() === '') return index;
    const matches = (await this.view(filter)).matches;
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
function countBelow(sorted: number[], bound: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
