import { z } from 'zod';
import { Direction, Layer, LaneId, type Envelope } from '../capture/envelope';
import { classifyJsonRpc, jsonRpcIdKey } from '../capture/jsonrpc';
import { ownCopy } from './own-copy';
import { processEventWords } from '../console/process-words';

export const FRAME_KINDS = [
  'request', 'response', 'notification',
  'http-request', 'http-response', 'http-body', 'http-end', 'http-error',
  'event', 'ws-close', 'line', 'log', 'meta',
] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/** What a timeline row needs to draw one envelope, without its payload. */
export const FrameSummary = z.object({
  seq: z.number().int(),
  t: z.number(),
  lane: LaneId,
  conn: z.string(),
  layer: Layer,
  dir: Direction,
  size: z.number().int(),
  /** The most telling name: JSON-RPC method, Realtime/Responses event type, `POST /mcp`, `200 OK`. */
  label: z.string(),
  kind: z.enum(FRAME_KINDS),
  /** JSON-RPC id, as text so 1 and "1" stay distinct ("n:1" vs "s:1"). */
  rpcId: z.string().optional(),
  /** JSON-RPC method of a request or notification. */
  method: z.string().optional(),
  /** Tool name for tools/call and mcp_call frames. */
  tool: z.string().optional(),
  httpStatus: z.number().int().optional(),
  exchange: z.string().optional(),
  /** The frame is an error: JSON-RPC error, HTTP >= 400, a Realtime `error` or a `.failed` event. */
  error: z.boolean(),
  /** Not a well-formed frame for its layer (a non-JSON stdout line, a JSON-RPC message missing its jsonrpc field). */
  invalid: z.boolean(),
  /** seq of the request or response this frame pairs with, and how long the pair took. */
  pairSeq: z.number().int().optional(),
  durationMs: z.number().optional(),
});
export type FrameSummary = z.infer<typeof FrameSummary>;

function tryJson(raw: string): unknown {
  const first = raw.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface RpcShape { kind: 'request' | 'response' | 'notification'; method?: string; rpcId?: string; error: boolean; invalid: boolean; reason?: string; tool?: string }

/** One row for the message(s) a raw text holds; the capture module's classifier decides validity. */
function describeJsonRpc(raw: string): RpcShape {
  const messages = classifyJsonRpc(raw);
  const first = messages[0] ?? { kind: 'invalid' as const, reason: 'empty' };
  const invalid = messages.find((m) => m.kind === 'invalid');
  const error = messages.some((m) => m.kind === 'response' && m.error);
  if (messages.length > 1) {
    const kind = first.kind === 'invalid' ? 'request' : first.kind;
    return { kind, method: `batch of ${messages.length}`, error, invalid: invalid !== undefined, reason: invalid?.kind === 'invalid' ? invalid.reason : undefined };
  }
  switch (first.kind) {
    case 'invalid':
      return { kind: 'request', error: false, invalid: true, reason: first.reason };
    case 'notification':
      return { kind: 'notification', method: first.method, error: false, invalid: false };
    case 'request':
      return { kind: 'request', method: first.method, rpcId: jsonRpcIdKey(first.id), error: false, invalid: false, tool: first.method === 'tools/call' ? toolNameOf(raw) : undefined };
    case 'response':
      return { kind: 'response', rpcId: first.id === null ? undefined : jsonRpcIdKey(first.id), error: first.error, invalid: false };
  }
}

function toolNameOf(raw: string): string | undefined {
  const json = tryJson(raw);
  const params = isObject(json) && isObject(json.params) ? json.params : undefined;
  return typeof params?.name === 'string' ? params.name : undefined;
}

/** Realtime and Responses events: their `type`, and whether it reports a failure. */
function openAiEventLabel(json: Record<string, unknown>): { label: string; error: boolean; tool?: string } | undefined {
  if (typeof json.type !== 'string') return undefined;
  const type = json.type;
  const item = isObject(json.item) ? json.item : undefined;
  const tool = item?.type === 'mcp_call' && typeof item.name === 'string' ? item.name : undefined;
  const error = type === 'error' || type.endsWith('.failed') || type === 'response.failed';
  const itemType = item && typeof item.type === 'string' ? ` (${item.type})` : '';
  return { label: `${type}${itemType}`, error, tool };
}

function sseEventSummary(raw: string): { label: string; json: unknown } {
  let event = 'message';
  const data: string[] = [];
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return { label: `event: ${event}`, json: data.length ? tryJson(data.join('\n')) : undefined };
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/** What a layer's reading of an envelope adds to the fields every row has. */
interface Reading {
  label: string;
  kind: FrameKind;
  error: boolean;
  invalid: boolean;
  rpcId?: string;
  method?: string;
  tool?: string;
  httpStatus?: number;
}

function readHttp(env: Envelope): Reading {
  const http = env.http;
  if (!http) return { label: 'HTTP (no metadata)', kind: 'http-body', error: false, invalid: true };
  if (http.phase === 'request') return { label: `${http.method ?? 'GET'} ${pathOf(http.url)}`, kind: 'http-request', error: false, invalid: false };
  if (http.phase === 'response') {
    const status = http.status ?? 0;
    return { label: `${status} ${http.statusText ?? ''}`.trim(), kind: 'http-response', httpStatus: status, error: status >= 400 || status === 0, invalid: false };
  }
  if (http.phase === 'error') {
    // The client's own abort (closing an SSE stream at shutdown) ends an exchange; it is not a failure.
    const aborted = /\babort/i.test(env.raw);
    return { label: `${aborted ? 'closed by the client' : 'failed'}: ${env.raw.slice(0, 120)}`, kind: 'http-error', error: !aborted, invalid: false };
  }
  if (http.phase === 'end') return { label: 'end', kind: 'http-end', error: false, invalid: false };
  return { label: 'body', kind: 'http-body', error: false, invalid: false };
}

function readWs(env: Envelope): Reading {
  if (env.ws?.kind === 'close') return { label: `close ${env.ws.code ?? ''} ${env.raw}`.trim(), kind: 'ws-close', error: (env.ws.code ?? 1000) !== 1000, invalid: false };
  const json = tryJson(env.raw);
  const openAi = isObject(json) ? openAiEventLabel(json) : undefined;
  if (openAi) return { label: openAi.label, kind: 'event', error: openAi.error, invalid: false, tool: openAi.tool };
  return { label: env.ws?.kind === 'binary' ? 'binary message' : 'message (not a JSON event)', kind: 'event', error: false, invalid: env.ws?.kind !== 'binary' };
}

function readRpc(env: Envelope): Reading {
  const first = env.raw.trimStart()[0];
  if (first !== '{' && first !== '[') {
    const label = env.layer === 'stdio' ? `not JSON-RPC: ${env.raw.slice(0, 80)}` : 'unparseable JSON-RPC';
    return { label, kind: 'line', error: false, invalid: true };
  }
  const rpc = describeJsonRpc(env.raw);
  const label = rpc.method ?? (rpc.invalid ? `invalid: ${rpc.reason ?? 'not JSON-RPC'}` : rpc.error ? 'error response' : 'response');
  return { label, kind: rpc.kind, rpcId: rpc.rpcId, method: rpc.method, tool: rpc.tool, error: rpc.error, invalid: rpc.invalid };
}

function readMeta(env: Envelope): Reading {
  const json = tryJson(env.raw);
  if (!isObject(json)) return { label: 'meta', kind: 'meta', error: false, invalid: false };
  const text = (key: string) => (typeof json[key] === 'string' ? (json[key] as string) : undefined);
  const kind = text('kind') ?? 'meta';
  // A stdio server's start, exit and shutdown steps read as the Console says them.
  const processWords = processEventWords(json);
  if (processWords !== undefined) return { label: `${kind}: ${processWords}`, kind: 'meta', error: kind === 'process-error' || (kind === 'process-exit' && json.by === 'itself' && json.code !== 0), invalid: false };
  const head = [kind, text('name') ?? text('step') ?? text('transport'), text('status') ?? text('outcome')].filter(Boolean).join(' ');
  const why = text('detail') ?? text('why') ?? text('reason') ?? text('message');
  const failed = json.level === 'error' || ['failed', 'error', 'timed-out'].includes(text('status') ?? text('outcome') ?? '');
  return { label: why ? `${head}: ${why}` : head, kind: 'meta', error: failed, invalid: false };
}

function read(env: Envelope): Reading {
  switch (env.layer) {
    case 'http': return readHttp(env);
    case 'sse': {
      const sse = sseEventSummary(env.raw);
      const openAi = isObject(sse.json) ? openAiEventLabel(sse.json) : undefined;
      return { label: openAi ? `${sse.label} · ${openAi.label}` : sse.label, kind: 'event', error: openAi?.error ?? false, invalid: env.incomplete === true, tool: openAi?.tool };
    }
    case 'ws': return readWs(env);
    case 'jsonrpc':
    case 'stdio': return readRpc(env);
    case 'stderr': return { label: env.raw.split(/\r?\n/, 1)[0]?.slice(0, 120) ?? '', kind: 'log', error: false, invalid: false };
    case 'meta': return readMeta(env);
  }
}

/**
 * Summarises one envelope for the timeline. Pure and total: any raw text, however broken, gives
 * a row. A loaded capture summarises every envelope, so the row is built as one literal of one
 * shape (object spread here cost more than the parsing), with optional fields only when set.
 * The row outlives the envelope (a live session keeps rows, its journal the payloads), so its
 * label is copied out of the raw text it may have been cut from: an SSE event name, a stdio or
 * stderr line, an error message would otherwise keep the whole payload alive per row.
 */
export function summarizeEnvelope(env: Envelope): FrameSummary {
  const r = read(env);
  const row: FrameSummary = {
    seq: env.seq, t: env.t, lane: env.lane, conn: env.conn, layer: env.layer, dir: env.dir,
    size: env.size ?? env.raw.length, label: ownCopy(r.label), kind: r.kind, error: r.error, invalid: r.invalid,
  };
  const exchange = env.http?.exchange ?? env.link?.exchange;
  if (exchange !== undefined) row.exchange = exchange;
  if (r.rpcId !== undefined) row.rpcId = r.rpcId;
  if (r.method !== undefined) row.method = r.method;
  if (r.tool !== undefined) row.tool = r.tool;
  if (r.httpStatus !== undefined) row.httpStatus = r.httpStatus;
  return row;
}
