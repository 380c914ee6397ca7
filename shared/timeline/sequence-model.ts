import type { LaneId } from '../capture/envelope';
import type { FrameSummary } from '../frames/summary';

/**
 * A lane's frames as a sequence diagram: who talked to whom, in capture order. Built from the
 * timeline's rows (not payloads), so the renderer and a bundle draw it from the same data.
 */

export type ParticipantRole = 'client' | 'parallax' | 'provider' | 'server';

export interface Participant {
  role: ParticipantRole;
  name: string;
}

export type MessageKind = 'arrow' | 'note';

export interface SequenceMessage {
  /** The frame that is clicked to inspect this message (the JSON-RPC frame when a carrier was folded into it). */
  seq: number;
  /** The carrier frame folded into this message (the HTTP request or SSE event that held the JSON-RPC message). */
  carrierSeq?: number;
  kind: MessageKind;
  /** Indexes into the participants; a note has from === to. */
  from: number;
  to: number;
  /** A participant the message passes through (the recording proxy, the tap). */
  via?: number;
  /** JSON-RPC method, event type, `POST /mcp`, `200 OK`. */
  label: string;
  /** How it travelled: `POST /messages/`, `SSE message`, `WebSocket`. */
  transport?: string;
  httpStatus?: number;
  size: number;
  /** More than LARGE_FRAME bytes: labelled by size and drawn heavier. */
  large: boolean;
  error: boolean;
  invalid: boolean;
  /** ms from the lane's first timed frame; undefined when the frame had no usable time. */
  at?: number;
  /** Placed by capture order: its time was missing or ran backwards. */
  untimed: boolean;
  /** OpenAI (or Anthropic) reporting its own call to the MCP server (mcp_list_tools.*, mcp_call.*). */
  reportsServer: boolean;
}

export interface SequenceModel {
  lane: LaneId;
  participants: Participant[];
  /** The messages in the window, in capture order. */
  messages: SequenceMessage[];
  /** Messages of the lane left out before and after the window. */
  before: number;
  after: number;
  /** Every message of the lane (the window is a slice of these). */
  total: number;
  /** Index of the window's first message among all of them. */
  offset: number;
  untimed: number;
}

export const LARGE_FRAME = 1024 * 1024;
/** Arrows drawn at most: a window around the selection, never one element per frame of a long capture. */
export const DEFAULT_WINDOW = 150;

export interface SequenceOptions {
  /** The frame to centre the window on; the lane's first messages when absent or not in the lane. */
  around?: number | null;
  /** Start the window at this message index (paging with the "more" markers); wins over `around`. */
  start?: number;
  max?: number;
  /** The OpenAI lanes talked to the local emulator. */
  emulated?: boolean;
  /** Leave Parallax's own meta events (steps, decisions) out. */
  hideNotes?: boolean;
}

const LANE_CLIENT: Record<LaneId, string> = {
  inspector: 'Parallax Inspector', era: 'Parallax Inspector (other revision)', server: 'your client', playground: 'Parallax Playground',
  realtime: 'Parallax Realtime', client: 'your client', claude: 'Parallax Claude lane',
};

/** Who stands in a lane's diagram, left to right. `server` and `client` are recorded by Parallax in the middle. */
export function participantsOf(lane: LaneId, options: { emulated?: boolean } = {}): Participant[] {
  const client: Participant = { role: 'client', name: LANE_CLIENT[lane] };
  const server: Participant = { role: 'server', name: 'MCP server' };
  const openai: Participant = { role: 'provider', name: options.emulated ? 'OpenAI (local emulator)' : 'OpenAI' };
  if (lane === 'inspector' || lane === 'era') return [client, server];
  if (lane === 'server') return [client, { role: 'parallax', name: 'Parallax (recording proxy)' }, server];
  if (lane === 'client') return [client, { role: 'parallax', name: 'Parallax (tap)' }, openai, server];
  if (lane === 'claude') return [client, { role: 'provider', name: 'Anthropic' }, server];
  return [client, openai, server];
}

/** The envelopes that only carried a JSON-RPC message: folded into that message's arrow. */
const CARRIERS = new Set<FrameSummary['kind']>(['http-request', 'http-body', 'event', 'line']);
/** Frames with nothing to say on a diagram: the exchange's end. */
const SILENT = new Set<FrameSummary['kind']>(['http-end']);

function isCarrierOf(carrier: FrameSummary, message: FrameSummary): boolean {
  if (!CARRIERS.has(carrier.kind) || carrier.conn !== message.conn || carrier.dir !== message.dir) return false;
  if (carrier.layer === 'stdio') return true;
  return carrier.exchange !== undefined && carrier.exchange === message.exchange;
}

function transportOf(row: FrameSummary): string {
  if (row.layer === 'http') return row.label;
  if (row.layer === 'sse') return row.label.split(' · ')[0] ?? 'SSE';
  if (row.layer === 'stdio') return 'stdio';
  return row.layer;
}

/** The event type without the SSE framing (`event: response.created · response.created` is `response.created`). */
function labelOf(row: FrameSummary, methods: Map<string, string>): string {
  if (row.layer === 'jsonrpc' || (row.layer === 'stdio' && row.kind !== 'line')) {
    if (row.kind === 'response') {
      const method = row.rpcId !== undefined ? methods.get(`${row.conn}\u0000${row.rpcId}`) : undefined;
      return `${method ?? 'response'} ${row.error ? 'error' : 'result'}`;
    }
    return row.tool ? `${row.label} ${row.tool}` : row.label;
  }
  if (row.layer === 'sse') {
    const parts = row.label.split(' · ');
    return parts[1] ?? parts[0] ?? row.label;
  }
  return row.label;
}

const REPORTS_SERVER = /(^|\.)mcp_(list_tools|call)[._]|\((mcp_list_tools|mcp_call)\)|mcp_tool_(use|result)/;

/** Every message of one lane, carriers folded. Linear in the lane's rows. */
export function laneMessages(rows: readonly FrameSummary[], lane: LaneId, options: SequenceOptions = {}): SequenceMessage[] {
  const participants = participantsOf(lane, options);
  const clientIndex = 0;
  const parallaxIndex = participants.findIndex((p) => p.role === 'parallax');
  const providerIndex = participants.findIndex((p) => p.role === 'provider');
  const serverIndex = participants.findIndex((p) => p.role === 'server');
  const peer = providerIndex >= 0 ? providerIndex : serverIndex;
  const methods = new Map<string, string>();
  const own = rows.filter((r) => r.lane === lane);
  const messages: SequenceMessage[] = [];
  let origin: number | undefined;
  let last = -Infinity;
  for (let i = 0; i < own.length; i++) {
    const row = own[i] as FrameSummary;
    const next = own[i + 1];
    if (SILENT.has(row.kind)) continue;
    // A carrier is drawn as part of the message it held, unless it held none.
    if (next && (next.layer === 'jsonrpc') && isCarrierOf(row, next)) continue;
    const carrier = i > 0 && row.layer === 'jsonrpc' && isCarrierOf(own[i - 1] as FrameSummary, row) ? own[i - 1] : undefined;
    if (row.kind === 'request' && row.method && row.rpcId !== undefined) methods.set(`${row.conn}\u0000${row.rpcId}`, row.method);
    if (row.layer === 'meta' && options.hideNotes) continue;

    const timed = Number.isFinite(row.t) && row.t >= last;
    if (timed) {
      origin ??= row.t;
      last = row.t;
    }
    const label = labelOf(row, methods);
    const isNote = row.layer === 'meta' || row.layer === 'stderr';
    // Parallax's notes sit on its own column (the client column when Parallax is the client); stderr is the server's.
    const noteAt = row.layer === 'stderr' ? serverIndex : parallaxIndex >= 0 ? parallaxIndex : clientIndex;
    const from = isNote ? noteAt : row.dir === 'out' ? clientIndex : peer;
    const to = isNote ? noteAt : row.dir === 'out' ? peer : clientIndex;
    const size = Math.max(row.size, carrier?.size ?? 0);
    const message: SequenceMessage = {
      seq: row.seq, kind: isNote ? 'note' : 'arrow', from, to, label, size, large: size > LARGE_FRAME,
      error: row.error || (carrier?.error ?? false), invalid: row.invalid, untimed: !timed,
      reportsServer: providerIndex >= 0 && REPORTS_SERVER.test(label),
    };
    if (!isNote && parallaxIndex >= 0) message.via = parallaxIndex;
    if (carrier) {
      message.carrierSeq = carrier.seq;
      message.transport = transportOf(carrier);
    } else if (row.layer === 'ws' || row.layer === 'sse') {
      message.transport = row.layer === 'ws' ? 'WebSocket' : transportOf(row);
    }
    if (row.httpStatus !== undefined) message.httpStatus = row.httpStatus;
    if (timed && origin !== undefined) message.at = row.t - origin;
    messages.push(message);
  }
  return messages;
}

/** The window of a lane's messages to draw, with counts of what lies outside it. */
export function buildSequence(rows: readonly FrameSummary[], lane: LaneId, options: SequenceOptions = {}): SequenceModel {
  return windowOf(laneMessages(rows, lane, options), lane, options);
}

/** Slices already-built messages (the renderer keeps them while only the selection moves). */
export function windowOf(all: readonly SequenceMessage[], lane: LaneId, options: SequenceOptions = {}): SequenceModel {
  const max = Math.max(1, options.max ?? DEFAULT_WINDOW);
  let start = 0;
  if (options.start !== undefined) start = options.start;
  else if (options.around !== undefined && options.around !== null) {
    const index = indexOfSeq(all, options.around);
    if (index >= 0) start = index - Math.floor(max / 2);
  }
  start = Math.max(0, Math.min(start, all.length - max));
  const messages = all.slice(start, start + max);
  return {
    lane, participants: participantsOf(lane, options), messages,
    before: start, after: Math.max(0, all.length - start - messages.length), total: all.length, offset: start,
    untimed: all.reduce((n, m) => n + (m.untimed ? 1 : 0), 0),
  };
}

/** Where the frame `seq` is drawn (its own message, the one its carrier was folded into, or the nearest after it); -1 for no messages. */
export function indexOfSeq(all: readonly SequenceMessage[], seq: number): number {
  let lo = 0;
  let hi = all.length;
  // Messages are in seq order; the carrier sits just before its message.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((all[mid] as SequenceMessage).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  const at = all[lo];
  if (at && (at.seq === seq || at.carrierSeq === seq)) return lo;
  return lo < all.length ? lo : all.length - 1;
}
