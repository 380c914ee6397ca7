import type { Envelope, LaneId } from '../capture/envelope';
import type { JsonRpcId } from '../capture/jsonrpc';
import { pairJsonRpc } from '../capture/pairing';
import { isRecord, parseRecord, quoteJson } from '../diagnosis/json';

/**
 * The lanes whose recorded server answers can be served: the Inspector's own MCP client, and
 * the recording proxy in front of a real server. (The OpenAI lanes talk to OpenAI, not to MCP.)
 */
export const SERVED_LANES: readonly LaneId[] = ['inspector', 'server'];

/** JSON-RPC server-error code for "the capture holds no answer to this request". */
export const UNMATCHED_CODE = -32001;

/** `original` keeps each answer's recorded delay; `fast` answers at once; a number scales the delays (2 = twice as fast). */
export type Pace = { kind: 'original' } | { kind: 'fast' } | { kind: 'factor'; factor: number };

export function parsePace(text: string): Pace | undefined {
  if (text === 'original') return { kind: 'original' };
  if (text === 'fast') return { kind: 'fast' };
  const factor = Number(text);
  return Number.isFinite(factor) && factor > 0 ? { kind: 'factor', factor } : undefined;
}

export function delayFor(recordedMs: number, pace: Pace): number {
  if (pace.kind === 'fast') return 0;
  const ms = Math.max(0, recordedMs);
  return pace.kind === 'original' ? ms : ms / pace.factor;
}

interface RecordedAnswer {
  /** The recorded response less its id: `{ result }` or `{ error }`. */
  body: { result: unknown } | { error: unknown };
  delayMs: number;
  requestSeq: number;
  responseSeq: number;
}

export interface IncomingRequest {
  id: JsonRpcId;
  method: string;
  params?: unknown;
}

export interface ReplayAnswer {
  /** The JSON-RPC response to send, with the request's own id. */
  message: Record<string, unknown>;
  delayMs: number;
  /** The recorded frames it came from; absent when the capture could not answer. */
  recorded?: { requestSeq: number; responseSeq: number };
}

/** A notification to send on a stream, `delayMs` after the request (paced). */
export interface StreamedNotification {
  message: Record<string, unknown>;
  delayMs: number;
  seq: number;
}

/**
 * The answer to a request the recorded server kept open as a stream (2026-07-28's
 * `subscriptions/listen`): the notifications it sent there, then no response until the client
 * leaves.
 */
export interface ReplayStream {
  notifications: StreamedNotification[];
  requestSeq: number;
}

/** Requests answered by a stream of notifications tied to them by `_meta`, never by a response (MCP 2026-07-28). */
const STREAMING_METHODS = new Set(['subscriptions/listen']);
export const SUBSCRIPTION_ID_META = 'io.modelcontextprotocol/subscriptionId';

const subscriptionIdOf = (message: Record<string, unknown>): unknown => {
  const params = isRecord(message.params) ? message.params : {};
  return isRecord(params._meta) ? params._meta[SUBSCRIPTION_ID_META] : undefined;
};

/** The notification re-addressed to the subscription the replaying client opened. */
function readdressed(message: Record<string, unknown>, id: JsonRpcId): Record<string, unknown> {
  const params = isRecord(message.params) ? message.params : {};
  const meta = isRecord(params._meta) ? params._meta : {};
  return { ...message, params: { ...params, _meta: { ...meta, [SUBSCRIPTION_ID_META]: id } } };
}

/** Object keys sorted at every level, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same params. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
}

/**
 * What counts as the same request: the same method and the same params, compared as JSON with
 * key order ignored and the top-level `_meta` (progress tokens, per-request ids) left out; absent
 * params equal `{}`. `initialize` matches on the method alone, since clients differ in the
 * `clientInfo` and capabilities they send while the recorded server answered one way.
 */
export function requestKey(method: string, params: unknown): string {
  if (method === 'initialize') return method;
  const rest = isRecord(params) ? Object.fromEntries(Object.entries(params).filter(([key]) => key !== '_meta')) : params ?? {};
  return `${method} ${JSON.stringify(canonical(rest))}`;
}

/** Every answer a capture recorded from an MCP server, by request key, in recorded order. */
export class ReplayBook {
  private constructor(
    /** Names the capture in error messages. */
    readonly label: string,
    private readonly answers: Map<string, RecordedAnswer[]>,
    readonly methods: ReadonlySet<string>,
    private readonly streams: Map<string, { notifications: (StreamedNotification & { recordedMs: number })[]; requestSeq: number }[]>,
  ) {}

  static fromEnvelopes(envelopes: readonly Envelope[], label: string, lanes: readonly LaneId[] = SERVED_LANES): ReplayBook {
    const served = envelopes.filter((e) => e.layer === 'jsonrpc' && lanes.includes(e.lane));
    const bySeq = new Map(served.map((e) => [e.seq, e]));
    const answers = new Map<string, RecordedAnswer[]>();
    const methods = new Set<string>();
    const streams = new Map<string, { notifications: (StreamedNotification & { recordedMs: number })[]; requestSeq: number }[]>();
    for (const exchange of pairJsonRpc(served).exchanges) {
      if (exchange.requester === 'out' && STREAMING_METHODS.has(exchange.method)) {
        const asked = bySeq.get(exchange.requestSeq);
        const request = parseRecord(asked?.raw ?? '');
        if (!asked || !request) continue;
        const notifications = served.flatMap((e) => {
          const message = e.dir === 'in' && e.seq > asked.seq && e.lane === asked.lane && e.conn === asked.conn ? parseRecord(e.raw) : undefined;
          if (!message || 'id' in message || subscriptionIdOf(message) !== exchange.id) return [];
          return [{ message, delayMs: 0, recordedMs: e.t - exchange.requestT, seq: e.seq }];
        });
        const key = requestKey(exchange.method, request.params);
        streams.set(key, [...(streams.get(key) ?? []), { notifications, requestSeq: exchange.requestSeq }]);
        methods.add(exchange.method);
        continue;
      }
      if (exchange.requester !== 'out' || exchange.responseSeq === undefined) continue;
      const request = parseRecord(bySeq.get(exchange.requestSeq)?.raw ?? '');
      const response = parseRecord(bySeq.get(exchange.responseSeq)?.raw ?? '');
      if (!request || !response) continue;
      const body = 'error' in response ? { error: response.error } : { result: response.result };
      const key = requestKey(exchange.method, request.params);
      const list = answers.get(key) ?? [];
      list.push({ body, delayMs: exchange.durationMs ?? 0, requestSeq: exchange.requestSeq, responseSeq: exchange.responseSeq });
      answers.set(key, list);
      methods.add(exchange.method);
    }
    return new ReplayBook(label, answers, methods, streams);
  }

  get size(): number {
    let n = 0;
    for (const list of this.answers.values()) n += list.length;
    for (const list of this.streams.values()) n += list.length;
    return n;
  }

  /** Whether the method is answered by a stream (the request stays open), not by a response. */
  static isStreaming(method: string): boolean {
    return STREAMING_METHODS.has(method);
  }

  /** A cursor for one client session: repeated requests get the recorded answers in order, then the last again. */
  session(pace: Pace): (request: IncomingRequest) => ReplayAnswer | ReplayStream {
    const used = new Map<string, number>();
    return (request) => {
      const key = requestKey(request.method, request.params);
      const streams = this.streams.get(key);
      if (streams && streams.length > 0) {
        const index = Math.min(used.get(key) ?? 0, streams.length - 1);
        used.set(key, index + 1);
        const stream = streams[index] as (typeof streams)[number];
        return {
          requestSeq: stream.requestSeq,
          notifications: stream.notifications.map((n) => ({ message: readdressed(n.message, request.id), delayMs: delayFor(n.recordedMs, pace), seq: n.seq })),
        };
      }
      const list = this.answers.get(key);
      if (!list || list.length === 0) return this.unmatched(request);
      const index = Math.min(used.get(key) ?? 0, list.length - 1);
      used.set(key, index + 1);
      const answer = list[index] as RecordedAnswer;
      return {
        message: { jsonrpc: '2.0', id: request.id, ...answer.body },
        delayMs: delayFor(answer.delayMs, pace),
        recorded: { requestSeq: answer.requestSeq, responseSeq: answer.responseSeq },
      };
    };
  }

  private unmatched(request: IncomingRequest): ReplayAnswer {
    const known = this.methods.has(request.method);
    const why = known ? `no recorded ${request.method} request had these params` : `the recorded server was never asked ${request.method}`;
    return {
      message: {
        jsonrpc: '2.0', id: request.id,
        error: {
          code: UNMATCHED_CODE,
          message: `parallax serve-capture: ${this.label} has no answer to ${request.method} ${quoteJson(request.params ?? {}, 300)}: ${why}`,
          data: { capture: this.label, method: request.method, params: request.params ?? null },
        },
      },
      delayMs: 0,
    };
  }
}

/** Where the recorded server answered, by transport, from the MCP lanes' views; `/mcp` when nothing was HTTP. */
export function recordedEndpoints(views: readonly { lane: LaneId; kind: string; target?: string; transport?: string }[]): { streamable: string[]; sse: string[]; stdio: boolean } {
  const out = { streamable: [] as string[], sse: [] as string[], stdio: false };
  for (const view of views) {
    if (view.kind !== 'mcp' || !SERVED_LANES.includes(view.lane)) continue;
    if (view.transport === 'stdio') {
      out.stdio = true;
      continue;
    }
    let path: string | undefined;
    try {
      path = view.target ? new URL(view.target).pathname : undefined;
    } catch {
      path = undefined;
    }
    if (!path) continue;
    const list = view.transport === 'sse' ? out.sse : out.streamable;
    if (!list.includes(path)) list.push(path);
  }
  if (out.streamable.length === 0 && out.sse.length === 0) out.streamable.push('/mcp');
  return out;
}
