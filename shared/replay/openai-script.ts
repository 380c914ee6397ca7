import type { Envelope, LaneId } from '../capture/envelope';
import { isRecord, parseRecord } from '../diagnosis/json';

/**
 * The recorded OpenAI side of a capture, as a script to play back: what the Realtime API sent
 * after each client event, and what the Responses API answered to each POST. Replaying it lets a
 * client (the user's, or Parallax's own lanes) meet the recorded API again, with no key and no
 * network; matching is by event type in recorded order (Realtime) and by the `stream` flag in
 * recorded order (Responses), which is what a client run twice the same way repeats.
 */

/** One recorded server frame, `delayMs` after what triggered it (paced on playback). */
export interface TimedFrame {
  raw: string;
  delayMs: number;
  seq: number;
}

export interface RealtimeStep {
  /** The client event type that prompted these frames. */
  clientType: string;
  seq: number;
  replies: TimedFrame[];
}

export interface RealtimeConnectionScript {
  conn: string;
  lane: LaneId;
  /** Headers of the recorded upgrade answer worth repeating (the emulator's label, request ids). */
  headers: [string, string][];
  /** Sent on connect, before any client event (session.created). */
  opening: TimedFrame[];
  steps: RealtimeStep[];
}

export interface ResponsesExchangeScript {
  seq: number;
  stream: boolean;
  status: number;
  headers: [string, string][];
  /** A whole body; or, for an event stream, each recorded SSE event block in order. */
  body?: string;
  events?: TimedFrame[];
}

export const REALTIME_LANES: readonly LaneId[] = ['realtime', 'client'];
export const RESPONSES_LANES: readonly LaneId[] = ['playground'];

/** Recorded response headers a replay repeats: the `x-` ones (the emulator's label among them) and the content type. */
const kept = (headers: readonly [string, string][] | undefined): [string, string][] =>
  (headers ?? []).filter(([name]) => /^x-/i.test(name) || name.toLowerCase() === 'content-type');

export function realtimeScriptsOf(envelopes: readonly Envelope[], lanes: readonly LaneId[] = REALTIME_LANES): RealtimeConnectionScript[] {
  const scripts = new Map<string, RealtimeConnectionScript & { anchorT: number }>();
  for (const e of [...envelopes].sort((a, b) => a.seq - b.seq)) {
    if (!lanes.includes(e.lane)) continue;
    const key = `${e.lane}\u0000${e.conn}`;
    if (e.layer === 'http' && e.http?.phase === 'response' && e.http.status === 101) {
      scripts.set(key, { conn: e.conn, lane: e.lane, headers: kept(e.http.headers), opening: [], steps: [], anchorT: e.t });
      continue;
    }
    if (e.layer !== 'ws' || e.ws?.kind !== 'text') continue;
    const script = scripts.get(key) ?? { conn: e.conn, lane: e.lane, headers: [], opening: [], steps: [], anchorT: e.t };
    scripts.set(key, script);
    if (e.dir === 'out') {
      const type = parseRecord(e.raw)?.type;
      if (typeof type !== 'string') continue;
      script.steps.push({ clientType: type, seq: e.seq, replies: [] });
      script.anchorT = e.t;
      continue;
    }
    const frame = { raw: e.raw, delayMs: Math.max(0, e.t - script.anchorT), seq: e.seq };
    const step = script.steps.at(-1);
    (step ? step.replies : script.opening).push(frame);
  }
  return [...scripts.values()].filter((s) => s.opening.length > 0 || s.steps.length > 0).map(({ anchorT: _anchor, ...script }) => script);
}

export function responsesScriptsOf(envelopes: readonly Envelope[], lanes: readonly LaneId[] = RESPONSES_LANES): ResponsesExchangeScript[] {
  const open = new Map<string, ResponsesExchangeScript & { requestT: number }>();
  const done: ResponsesExchangeScript[] = [];
  for (const e of [...envelopes].sort((a, b) => a.seq - b.seq)) {
    if (!lanes.includes(e.lane)) continue;
    const exchange = e.http?.exchange ?? e.link?.exchange;
    if (!exchange) continue;
    const key = `${e.lane}\u0000${exchange}`;
    if (e.layer === 'http' && e.http?.phase === 'request') {
      if (e.http.method !== 'POST' || !/\/responses(\?|$)/.test(e.http.url ?? '')) continue;
      const body = parseRecord(e.raw);
      open.set(key, { seq: e.seq, stream: isRecord(body) && body.stream === true, status: 0, headers: [], requestT: e.t });
      continue;
    }
    const script = open.get(key);
    if (!script) continue;
    if (e.layer === 'http' && e.http?.phase === 'response') {
      script.status = e.http.status ?? 0;
      script.headers = kept(e.http.headers);
    } else if (e.layer === 'http' && e.http?.phase === 'body') {
      script.body = (script.body ?? '') + e.raw;
    } else if (e.layer === 'sse' && e.dir === 'in') {
      (script.events ??= []).push({ raw: e.raw, delayMs: Math.max(0, e.t - script.requestT), seq: e.seq });
    } else if (e.layer === 'http' && (e.http?.phase === 'end' || e.http?.phase === 'error')) {
      open.delete(key);
      const { requestT: _t, ...finished } = script;
      if (finished.status > 0) done.push(finished);
    }
  }
  return done;
}
