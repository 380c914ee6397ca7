import type { Envelope } from '../capture/envelope';
import { isKnownRevision, isSessionless, UNSUPPORTED_PROTOCOL_VERSION } from '../lanes/protocol-revision';
import { headerValue, isRecord, parseJson, quoteJson } from '../diagnosis/json';
import { META_KEYS } from '../diagnosis/views/mcp-era-view';

/**
 * The protocol-era members of one frame, each with what it means, for the frame inspector:
 * what MCP 2026-07-28 puts in `_meta`, headers and results, and the 2025 handshake fields beside
 * it. A `problem` marks a value the revision does not allow. Meanings follow the MCP
 * specification (2026-07-28 changelog; docs/protocol-eras.md).
 */
export interface EraField {
  where: 'header' | 'body';
  name: string;
  value: string;
  meaning: string;
  problem?: string;
}

/** The JSON a frame carries: an SSE event's data lines, or the raw text. */
export function framePayload(envelope: Pick<Envelope, 'layer' | 'raw'>): string {
  if (envelope.layer === 'sse') {
    return envelope.raw.split(/\r\n|\r|\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
  }
  return envelope.raw;
}

const revisionProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return `must be a revision string, got ${quoteJson(value, 40)}`;
  return isKnownRevision(value) ? undefined : `${quoteJson(value)} is no published MCP revision`;
};

function headerFields(request: Envelope | undefined, response: Envelope | undefined, bodyVersion: unknown, bodyMethod: string | undefined): EraField[] {
  const fields: EraField[] = [];
  const sent = request?.http?.headers;
  const version = headerValue(sent, 'mcp-protocol-version');
  if (version !== undefined) {
    const clash = typeof bodyVersion === 'string' && bodyVersion !== version ? `differs from _meta's ${quoteJson(bodyVersion)}: servers refuse this (-32020)` : undefined;
    fields.push({ where: 'header', name: 'MCP-Protocol-Version', value: version, meaning: isSessionless(version) ? 'the revision, mirrored from _meta so proxies can route without reading the body' : 'the revision negotiated at initialize, sent on every later request (2025-06-18 and later)', ...(clash ? { problem: clash } : {}) });
  }
  const method = headerValue(sent, 'mcp-method');
  if (method !== undefined) fields.push({ where: 'header', name: 'Mcp-Method', value: method, meaning: 'the JSON-RPC method, mirrored from the body (2026-07-28)', ...(bodyMethod !== undefined && bodyMethod !== method ? { problem: `the body's method is ${quoteJson(bodyMethod)}` } : {}) });
  const name = headerValue(sent, 'mcp-name');
  if (name !== undefined) fields.push({ where: 'header', name: 'Mcp-Name', value: name, meaning: 'the tool, prompt or resource the request is about, mirrored from params (2026-07-28)' });
  const session = headerValue(sent, 'mcp-session-id') ?? headerValue(response?.http?.headers, 'mcp-session-id');
  if (session !== undefined) fields.push({ where: 'header', name: 'Mcp-Session-Id', value: session, meaning: 'a 2025 Streamable HTTP session; 2026-07-28 has none, each request stands alone' });
  return fields;
}

function metaFields(params: Record<string, unknown>): EraField[] {
  const meta = params._meta;
  if (meta === undefined) return [];
  if (!isRecord(meta)) return [{ where: 'body', name: 'params._meta', value: quoteJson(meta, 60), meaning: 'request metadata', problem: 'must be an object' }];
  const fields: EraField[] = [];
  if (META_KEYS.protocolVersion in meta) {
    const value = meta[META_KEYS.protocolVersion];
    const problem = revisionProblem(value);
    fields.push({ where: 'body', name: `_meta["${META_KEYS.protocolVersion}"]`, value: quoteJson(value, 40), meaning: 'the revision this request speaks: with no session, every request says it', ...(problem ? { problem } : {}) });
  }
  if (META_KEYS.clientCapabilities in meta) fields.push({ where: 'body', name: `_meta["${META_KEYS.clientCapabilities}"]`, value: quoteJson(meta[META_KEYS.clientCapabilities], 80), meaning: 'what the client can do (roots, sampling, elicitation…), sent with each request instead of once at initialize; a server may list tools by it' });
  if (META_KEYS.clientInfo in meta) fields.push({ where: 'body', name: `_meta["${META_KEYS.clientInfo}"]`, value: quoteJson(meta[META_KEYS.clientInfo], 80), meaning: 'who the client is, per request' });
  return fields;
}

function resultFields(result: Record<string, unknown>): EraField[] {
  const fields: EraField[] = [];
  if (Array.isArray(result.supportedVersions)) fields.push({ where: 'body', name: 'result.supportedVersions', value: quoteJson(result.supportedVersions, 80), meaning: 'server/discover: the revisions this server serves; a client picks one and names it in every request' });
  if ('resultType' in result) {
    const type = result.resultType;
    const meaning = type === 'complete' ? 'the final answer' : type === 'incomplete' || type === 'input_required' ? 'not finished: the server needs more (input, a continuation); the client sends the request again with what it asked for' : 'how to read this result (2026-07-28)';
    fields.push({ where: 'body', name: 'result.resultType', value: quoteJson(type, 40), meaning });
  }
  if ('inputRequests' in result) {
    const asked = isRecord(result.inputRequests) ? Object.entries(result.inputRequests).map(([key, r]) => `${key}: ${isRecord(r) && typeof r.method === 'string' ? r.method : '?'}`) : [];
    fields.push({ where: 'body', name: 'result.inputRequests', value: asked.length ? asked.join(', ') : quoteJson(result.inputRequests, 60), meaning: 'multi-round-trip (2026-07-28): requests the client must answer first (elicitation, sampling, roots), carried in the result instead of sent as server-to-client requests; the client retries with inputResponses under the same keys', ...(isRecord(result.inputRequests) ? {} : { problem: 'must be an object keyed by request id' }) });
  }
  if ('requestState' in result) fields.push({ where: 'body', name: 'result.requestState', value: quoteJson(result.requestState, 60), meaning: "multi-round-trip: the server's opaque state, which the client echoes verbatim in its retry; the server must treat it as untrusted", ...(typeof result.requestState === 'string' ? {} : { problem: 'must be a string' }) });
  if (isRecord(result.task)) fields.push({ where: 'body', name: 'result.task', value: quoteJson(result.task, 80), meaning: 'a task (2025-11-25 tasks extension): the work continues; poll tasks/get and fetch tasks/result. SDK 2.x keeps this vocabulary for interoperability only' });
  if ('ttlMs' in result) {
    const ttl = result.ttlMs;
    const problem = typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 ? undefined : 'must be a non-negative whole number of milliseconds';
    fields.push({ where: 'body', name: 'result.ttlMs', value: quoteJson(ttl, 40), meaning: ttl === 0 ? 'cache hint: do not reuse this result' : `cache hint: a client may reuse this result for ${typeof ttl === 'number' ? `${ttl} ms` : 'that long'} (a list_changed should still invalidate it)`, ...(problem ? { problem } : {}) });
  }
  if ('cacheScope' in result) {
    const scope = result.cacheScope;
    fields.push({ where: 'body', name: 'result.cacheScope', value: quoteJson(scope, 40), meaning: scope === 'public' ? 'cache hint: shared caches may keep it (the same for every client)' : 'cache hint: only this client may keep it', ...(scope !== 'public' && scope !== 'private' ? { problem: 'must be "public" or "private"' } : {}) });
  }
  if (typeof result.protocolVersion === 'string' && isRecord(result.serverInfo)) fields.push({ where: 'body', name: 'result.protocolVersion', value: result.protocolVersion, meaning: 'initialize (2025): the revision the server chose for this session' });
  return fields;
}

/**
 * The era fields of `envelope` (a jsonrpc, http or sse frame), reading the headers of the HTTP
 * `request`/`response` envelopes of its exchange when given. Empty for frames with none.
 */
export function eraFieldsOf(envelope: Envelope, request?: Envelope, response?: Envelope): EraField[] {
  const value = parseJson(framePayload(envelope));
  const message = isRecord(value) ? value : undefined;
  const params = message && isRecord(message.params) ? message.params : undefined;
  const bodyVersion = params && isRecord(params._meta) ? params._meta[META_KEYS.protocolVersion] : undefined;
  const bodyMethod = typeof message?.method === 'string' ? message.method : undefined;
  const fields = envelope.dir === 'out' || request === envelope ? headerFields(request, response, bodyVersion, bodyMethod) : headerFields(undefined, response, undefined, undefined).filter((f) => f.name === 'Mcp-Session-Id');
  if (params) {
    fields.push(...metaFields(params));
    if ('inputResponses' in params) fields.push({ where: 'body', name: 'params.inputResponses', value: isRecord(params.inputResponses) ? Object.keys(params.inputResponses).join(', ') : quoteJson(params.inputResponses, 60), meaning: 'multi-round-trip: the retry of a request that came back input_required, with the answers to its inputRequests under their keys', ...(isRecord(params.inputResponses) ? {} : { problem: 'must be an object keyed like the inputRequests it answers' }) });
    if ('requestState' in params) fields.push({ where: 'body', name: 'params.requestState', value: quoteJson(params.requestState, 60), meaning: "multi-round-trip: the server's requestState, echoed back verbatim on the retry" });
    if (isRecord(params.task)) fields.push({ where: 'body', name: 'params.task', value: quoteJson(params.task, 60), meaning: 'task augmentation (2025-11-25 tasks extension): the client asks the server to run this as a task and answer at once with a task id' });
    if (bodyMethod?.startsWith('tasks/')) fields.push({ where: 'body', name: 'method', value: bodyMethod, meaning: 'the tasks extension (2025-11-25): status, result, list or cancel of a task started earlier' });
    if (bodyMethod === 'initialize' && typeof params.protocolVersion === 'string') fields.push({ where: 'body', name: 'params.protocolVersion', value: params.protocolVersion, meaning: 'initialize (2025): the revision the client offers; the server answers with the one it picks' });
  }
  if (message && isRecord(message.result)) fields.push(...resultFields(message.result));
  if (message && isRecord(message.error) && message.error.code === UNSUPPORTED_PROTOCOL_VERSION) {
    const data = isRecord(message.error.data) ? message.error.data : {};
    fields.push({ where: 'body', name: 'error.code -32022', value: quoteJson(data.supported ?? message.error.message, 80), meaning: 'unsupported protocol version: the server does not speak the revision asked for; error.data.supported lists those it does' });
  }
  return fields;
}
