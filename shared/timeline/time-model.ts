import type { LaneId } from '../capture/envelope';
import type { FrameSummary } from '../frames/summary';

/** Bars of one lane are stacked on at most this many tracks; more concurrency shares the last one. */
export const MAX_TRACKS = 6;
/** An idle stretch is labelled when it is at least this long and at least GAP_MIN_SHARE of the span. */
export const GAP_MIN_MS = 250;
export const GAP_MIN_SHARE = 0.05;

export type ItemKind = 'bar' | 'tick';
export type ItemStatus = 'ok' | 'error' | 'invalid';

/**
 * One mark on the time-scaled view. A bar is an HTTP exchange (request to its end) or a
 * JSON-RPC request to its response; everything else (events, responses, steps) is a tick.
 */
export interface TimeItem {
  seq: number;
  /** Index into the model's lanes. */
  lane: number;
  kind: ItemKind;
  /** Milliseconds from the model's origin. */
  start: number;
  end: number;
  /** Bar track within the lane (0 for ticks). */
  track: number;
  status: ItemStatus;
  label: string;
  size: number;
  layer: FrameSummary['layer'];
  /**
   * The frame's own time could not be used (missing, or earlier than the frame before it: the
   * clock jumped back), so it is placed by capture order right after its predecessor.
   */
  displaced: boolean;
}

export interface TimeGap { from: number; to: number }

export interface TimeModel {
  lanes: LaneId[];
  /** Wall-clock ms of the first timed frame (0 when no frame has a time). */
  origin: number;
  /** ms from origin to the last mark's end. */
  span: number;
  /** In capture order; `start` never decreases. */
  items: TimeItem[];
  /** Tracks used by each lane's bars (at least 1). */
  tracks: number[];
  /** The longest bar, so a view can find bars that start before it and reach into it. */
  maxBar: number;
  gaps: TimeGap[];
  displaced: number;
}

function statusOf(row: FrameSummary): ItemStatus {
  return row.invalid ? 'invalid' : row.error ? 'error' : 'ok';
}

const ENDS_EXCHANGE = new Set<FrameSummary['kind']>(['http-end', 'http-error']);

/**
 * Lays frames out on one time axis: positions from their timestamps (by order where a time is
 * missing or runs backwards), bars for exchanges and request/response pairs with the duration
 * the capture shows, tracks so concurrent bars do not overlap, and the idle gaps worth naming.
 */
export function buildTimeModel(rows: readonly FrameSummary[], lanes: readonly LaneId[]): TimeModel {
  const laneIndex = new Map(lanes.map((lane, i) => [lane, i]));
  const firstTimed = rows.find((r) => Number.isFinite(r.t));
  const origin = firstTimed ? firstTimed.t : 0;
  const items: TimeItem[] = [];
  const bySeq = new Map<number, TimeItem>();
  const openExchanges = new Map<string, TimeItem>();
  let last = 0;
  let displaced = 0;

  for (const row of rows) {
    const lane = laneIndex.get(row.lane);
    if (lane === undefined) continue;
    const own = row.t - origin;
    const timed = Number.isFinite(own) && own >= last;
    const start = timed ? own : last;
    if (!timed) displaced++;
    last = start;
    const item: TimeItem = {
      seq: row.seq, lane, kind: 'tick', start, end: start, track: 0,
      status: statusOf(row), label: row.label, size: row.size, layer: row.layer, displaced: !timed,
    };
    if (row.kind === 'request' && row.pairSeq !== undefined && row.pairSeq > row.seq && row.durationMs !== undefined && row.durationMs >= 0) {
      item.kind = 'bar';
      item.end = start + row.durationMs;
    } else if (row.kind === 'http-request' && row.exchange) {
      item.kind = 'bar';
      openExchanges.set(row.exchange, item);
    } else if (row.exchange && openExchanges.has(row.exchange)) {
      const request = openExchanges.get(row.exchange);
      if (request) {
        request.end = Math.max(request.end, start);
        if (row.error && request.status === 'ok') request.status = 'error';
        if (ENDS_EXCHANGE.has(row.kind)) openExchanges.delete(row.exchange);
      }
    }
    items.push(item);
    bySeq.set(row.seq, item);
  }
  // A response that arrived with a different clock than its request still closes the bar where it sits.
  for (const item of items) {
    if (item.kind !== 'bar') continue;
    item.end = Math.max(item.end, item.start);
  }

  const tracks = assignTracks(items, lanes.length);
  let span = 0;
  let maxBar = 0;
  for (const item of items) {
    span = Math.max(span, item.end);
    if (item.kind === 'bar') maxBar = Math.max(maxBar, item.end - item.start);
  }
  return { lanes: [...lanes], origin, span, items, tracks, maxBar, gaps: idleGaps(items, span), displaced };
}

/** Greedy interval packing per lane: each bar takes the first track free at its start. */
function assignTracks(items: TimeItem[], laneCount: number): number[] {
  const trackEnds: number[][] = Array.from({ length: laneCount }, () => []);
  for (const item of items) {
    if (item.kind !== 'bar') continue;
    const ends = trackEnds[item.lane] ?? [];
    let track = ends.findIndex((end) => end <= item.start);
    if (track < 0) track = ends.length < MAX_TRACKS ? ends.length : MAX_TRACKS - 1;
    ends[track] = Math.max(ends[track] ?? 0, item.end);
    item.track = track;
  }
  return trackEnds.map((ends) => Math.max(1, ends.length));
}

/** Stretches where nothing on any lane is happening, long enough to matter at this span. */
function idleGaps(items: readonly TimeItem[], span: number): TimeGap[] {
  const threshold = Math.max(GAP_MIN_MS, span * GAP_MIN_SHARE);
  const gaps: TimeGap[] = [];
  let busyUntil = -Infinity;
  for (const item of items) {
    if (busyUntil !== -Infinity && item.start - busyUntil >= threshold) gaps.push({ from: busyUntil, to: item.start });
    busyUntil = Math.max(busyUntil, item.end);
  }
  return gaps;
}

/** Index of the first item whose start is >= ms (> ms when `after`); items are sorted by start. */
export function firstAtOrAfter(items: readonly TimeItem[], ms: number, after = false): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = items[mid]?.start ?? Infinity;
    if (start < ms || (after && start === ms)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The items that can show between from and to ms: bars that started earlier are included. */
export function visibleRange(model: TimeModel, from: number, to: number): [number, number] {
  return [firstAtOrAfter(model.items, from - model.maxBar), firstAtOrAfter(model.items, to, true)];
}
