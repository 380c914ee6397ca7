import type { Direction, Envelope, LaneId } from '../../capture/envelope';
import { JsonRpcPairer } from '../../capture/pairing';
import { headerValue, isRecord, parseJson } from '../json';

/**
 * What MCP 2026-07-28 puts on the wire, per message, read from a capture: the `_meta` keys of
 * each request, the headers of the HTTP request that carried it, and the era-specific members
 * of each result (`resultType`, `ttlMs`, `cacheScope`). The era rules and the frame inspector's
 * explanations read this one view. Source: the MCP specification 2026-07-28 (docs/protocol-eras.md).
 */
export const META_KEYS = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
} as const;

/** Where one message sits: lane, connection, direction and its envelope. */
interface EraFrame {
  lane: LaneId;
  conn: string;
  /** `out`: from the client (a request it asks); `in`: from the server (sampling, roots, elicitation). */
  dir: Direction;
  seq: number;
  t: number;
}

export interface EraRequest extends EraFrame {
  method: string;
  /** `params._meta` was present and an object. */
  hasMeta: boolean;
  /** `params._meta` was present but not an object: the wrong type, named by the finding. */
  metaMalformed?: string;
  /** `_meta["io.modelcontextprotocol/protocolVersion"]`, as sent (any JSON type). */
  metaVersion?: unknown;
  /** The seq of the HTTP request envelope that carried it, with its era headers. */
  httpSeq?: number;
  headerVersion?: string;
  headerMethod?: string;
  headerName?: string;
}

export interface EraResponse extends EraFrame {
  /** The request it answers (paired by id), when known. */
  method?: string;
  requestSeq?: number;
  ok: boolean;
  errorCode?: number;
  errorMessage?: string;
  result?: Record<string, unknown>;
  resultType?: unknown;
  ttlMs?: unknown;
  cacheScope?: unknown;
}

export interface EraNotification extends EraFrame {
  method: string;
}

export interface McpEraView {
  requests: EraRequest[];
  responses: EraResponse[];
  notifications: EraNotification[];
}

const MCP_LANES: readonly LaneId[] = ['inspector', 'era', 'server'];

export function buildEraView(envelopes: readonly Envelope[]): McpEraView {
  const httpRequests = new Map<string, Envelope>();
  for (const e of envelopes) if (e.layer === 'http' && e.http?.phase === 'request' && e.dir === 'out') httpRequests.set(`${e.lane}\u0000${e.http.exchange}`, e);

  const pairer = new JsonRpcPairer();
  const view: McpEraView = { requests: [], responses: [], notifications: [] };
  // Exchange index -> the request's seq (the pairer's own result() copies every exchange).
  const requestSeqOf = new Map<number, number>();
  for (const envelope of envelopes) {
    if (envelope.layer !== 'jsonrpc' || !MCP_LANES.includes(envelope.lane)) continue;
    const paired = pairer.add(envelope);
    const value = parseJson(envelope.raw);
    const messages = Array.isArray(value) ? value : [value];
    paired.forEach((p, index) => {
      const message = messages[index];
      if (!isRecord(message)) return;
      const base = { lane: envelope.lane, conn: envelope.conn, dir: envelope.dir, seq: envelope.seq, t: envelope.t };
      if (p.message.kind === 'notification') {
        view.notifications.push({ ...base, method: p.message.method });
        return;
      }
      if (p.message.kind === 'request') {
        const request = readRequest(base, p.message.method, message, envelope, httpRequests);
        view.requests.push(request);
        if (p.exchange !== undefined) requestSeqOf.set(p.exchange, envelope.seq);
        return;
      }
      if (p.message.kind === 'response') {
        view.responses.push(readResponse(base, message, p.method, p.exchange === undefined ? undefined : requestSeqOf.get(p.exchange)));
      }
    });
  }
  return view;
}

function readRequest(base: Omit<EraRequest, 'method' | 'hasMeta'>, method: string, message: Record<string, unknown>, envelope: Envelope, httpRequests: Map<string, Envelope>): EraRequest {
  const params = isRecord(message.params) ? message.params : undefined;
  const meta = params?._meta;
  const request: EraRequest = { ...base, method, hasMeta: isRecord(meta) };
  if (meta !== undefined && !isRecord(meta)) request.metaMalformed = `params._meta is ${meta === null ? 'null' : Array.isArray(meta) ? 'an array' : `a ${typeof meta}`}, not an object`;
  if (isRecord(meta) && META_KEYS.protocolVersion in meta) request.metaVersion = meta[META_KEYS.protocolVersion];
  const carrier = envelope.link?.exchange ? httpRequests.get(`${envelope.lane}\u0000${envelope.link.exchange}`) : undefined;
  if (carrier) {
    request.httpSeq = carrier.seq;
    const headers = carrier.http?.headers;
    const version = headerValue(headers, 'mcp-protocol-version');
    const headerMethod = headerValue(headers, 'mcp-method');
    const headerName = headerValue(headers, 'mcp-name');
    if (version !== undefined) request.headerVersion = version;
    if (headerMethod !== undefined) request.headerMethod = headerMethod;
    if (headerName !== undefined) request.headerName = headerName;
  }
  return request;
}

function readResponse(base: Omit<EraResponse, 'ok'>, message: Record<string, unknown>, method: string | undefined, requestSeq: number | undefined): EraResponse {
  const response: EraResponse = { ...base, ok: isRecord(message.result), ...(method ? { method } : {}), ...(requestSeq !== undefined ? { requestSeq } : {}) };
  if (isRecord(message.error)) {
    if (typeof message.error.code === 'number') response.errorCode = message.error.code;
    if (typeof message.error.message === 'string') response.errorMessage = message.error.message;
  }
  if (isRecord(message.result)) {
    response.result = message.result;
    if ('resultType' in message.result) response.resultType = message.result.resultType;
    if ('ttlMs' in message.result) response.ttlMs = message.result.ttlMs;
    if ('cacheScope' in message.result) response.cacheScope = message.result.cacheScope;
  }
  return response;
}
