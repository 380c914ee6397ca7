import type { Envelope, LaneId } from '../../capture/envelope';
import { classifyJsonRpc, jsonRpcIdKey } from '../../capture/jsonrpc';
import { validateToolList } from '../../tools/tool-list';
import { headerValue, isRecord, parseJson, parseRecord, stringOf, uniqueSeqs } from '../json';
import { versionRefusalOf } from '../../lanes/protocol-revision';
import type { HttpRefusal, McpLaneView, McpListing, McpPage, ViewTool } from './lane-view';
import { mcpToolCall, type ToolCallView } from './tool-calls';

/** Server requests that a person answers. */
const USER_QUESTIONS = new Set(['elicitation/create', 'sampling/createMessage']);

interface PendingRequest {
  method: string;
  seq: number;
  params: Record<string, unknown>;
}

/**
 * An MCP client's point of view (the Inspector lane, or the Server lane behind the recording
 * proxy) rebuilt from its envelopes alone: the JSON-RPC frames give the handshake and every
 * tools/list page, the HTTP heads give refusals, the lane's meta events give its transport decisions.
 */
export function buildMcpView(lane: LaneId, envelopes: readonly Envelope[]): McpLaneView {
  const view: McpLaneView = {
    kind: 'mcp', lane, status: 'failed', tools: [], toolsState: 'not-run', toolsEvidence: [], steps: [], calls: [], unreadable: [],
    attempts: [], initializes: [], listings: [], listChanged: [], refusals: [], invalidFrames: [], serverAsks: [], unanswered: [],
  };
  const pending = new Map<string, PendingRequest>();
  const openListing = new Map<string, McpListing>();
  const openCalls = new Map<number, ToolCallView>();
  const requestHeads = new Map<string, Envelope>();
  const errorExchanges = new Set<string>();
  // An HTTP error body (a 401's JSON, a 404 page) is not a JSON-RPC frame gone wrong: leave it to the refusal.
  const onErrorBody = (envelope: Envelope) => envelope.link?.exchange !== undefined && errorExchanges.has(envelope.link.exchange);
  let laneResult: Record<string, unknown> | undefined;
  let laneError: { message: string; seq: number } | undefined;

  for (const envelope of envelopes) {
    if (envelope.layer === 'http') {
      readHttp(envelope, view, requestHeads);
      if (envelope.http?.phase === 'response' && (envelope.http.status ?? 0) >= 400) errorExchanges.add(envelope.http.exchange);
    }
    else if (envelope.layer === 'meta') {
      const meta = parseRecord(envelope.raw);
      if (!meta) {
        view.unreadable.push({ seq: envelope.seq, reason: 'meta envelope is not a JSON object' });
        continue;
      }
      if (meta.kind === 'lane-config') {
        view.target = stringOf(meta.target) ?? view.target;
        if (stringOf(meta.protocol) !== undefined) view.protocolRequested = stringOf(meta.protocol);
      }
      if (meta.kind === 'transport-attempt') {
        view.attempts.push({
          conn: envelope.conn, seq: envelope.seq, transport: String(meta.transport), outcome: String(meta.outcome),
          ...(typeof meta.status === 'number' ? { status: meta.status } : {}), ...(typeof meta.reason === 'string' ? { reason: meta.reason } : {}),
        });
      }
      if (meta.kind === 'transport-choice') {
        view.transport = stringOf(meta.transport);
        view.transportSeq = envelope.seq;
      }
      if (meta.kind === 'invalid-frame' && !onErrorBody(envelope)) view.invalidFrames.push({ seq: envelope.link?.carrier ?? envelope.seq, reason: String(meta.reason) });
      if (meta.kind === 'question-unanswered') {
        view.unanswered.push({
          seq: envelope.seq, method: stringOf(meta.method) ?? '?', outcome: stringOf(meta.outcome) ?? '?',
          afterMs: typeof meta.afterMs === 'number' ? meta.afterMs : 0, answer: stringOf(meta.answer) ?? '?',
        });
      }
      if (meta.kind === 'lane-error') laneError = { message: String(meta.message), seq: envelope.seq };
      if (meta.kind === 'lane-result') laneResult = meta;
      if (meta.kind === 'negotiation') {
        view.negotiation = {
          seq: envelope.seq,
          ...(stringOf(meta.requested) !== undefined ? { requested: stringOf(meta.requested) } : {}),
          ...(stringOf(meta.revision) !== undefined ? { revision: stringOf(meta.revision) } : {}),
          ...(stringOf(meta.via) !== undefined ? { via: stringOf(meta.via) } : {}),
          ...(stringOf(meta.why) !== undefined ? { why: stringOf(meta.why) } : {}),
        };
      }
    } else if (envelope.layer === 'jsonrpc' && (!onErrorBody(envelope) || isVersionRefusal(envelope.raw))) {
      readJsonRpc(envelope, view, pending, openListing, openCalls);
    }
  }
  if (!view.target) view.target = [...requestHeads.values()][0]?.http?.url;
  chooseTools(view);

  const failedListing = view.toolsState === 'failed';
  if (laneError) view.error = { message: laneError.message, evidence: [laneError.seq] };
  else if (failedListing) view.error = { message: 'tools/list failed', evidence: view.toolsEvidence };
  else if (view.toolsState !== 'listed' && view.refusals.length > 0) {
    const last = view.refusals.at(-1) as HttpRefusal;
    view.error = { message: `HTTP ${last.status} from ${last.method ?? ''} ${last.url ?? ''}`.trim(), evidence: [last.seq] };
  }
  view.status = laneResult?.status === 'skipped' ? 'skipped' : view.error || view.toolsState !== 'listed' ? 'failed' : 'ok';
  return view;
}

function readHttp(envelope: Envelope, view: McpLaneView, heads: Map<string, Envelope>): void {
  const http = envelope.http;
  if (!http) return;
  if (http.phase === 'request') heads.set(http.exchange, envelope);
  if (http.phase === 'body') {
    const refused = view.refusals.find((r) => r.exchange === http.exchange && r.conn === envelope.conn && r.body === undefined);
    if (refused) Object.assign(refused, { body: envelope.raw.slice(0, 300), bodySeq: envelope.seq });
    return;
  }
  if (http.phase !== 'response' || http.status === undefined || http.status < 400) return;
  const request = heads.get(http.exchange);
  const wwwAuthenticate = headerValue(http.headers, 'www-authenticate');
  view.refusals.push({
    conn: envelope.conn, seq: envelope.seq, status: http.status, exchange: http.exchange,
    ...(request ? { requestSeq: request.seq, method: request.http?.method, url: request.http?.url } : {}),
    ...(wwwAuthenticate ? { wwwAuthenticate } : {}),
  });
}

function readJsonRpc(envelope: Envelope, view: McpLaneView, pending: Map<string, PendingRequest>, openListing: Map<string, McpListing>, openCalls: Map<number, ToolCallView>): void {
  const parsed = parseJson(envelope.raw);
  const messages = classifyJsonRpc(envelope.raw);
  const bodies = Array.isArray(parsed) ? parsed : [parsed];
  messages.forEach((message, index) => {
    const body = isRecord(bodies[index]) ? bodies[index] : {};
    if (message.kind === 'invalid') {
      view.unreadable.push({ seq: envelope.seq, reason: message.reason });
      return;
    }
    if (message.kind === 'notification') {
      if (message.method === 'notifications/tools/list_changed' && envelope.dir === 'in') view.listChanged.push({ conn: envelope.conn, seq: envelope.seq });
      return;
    }
    if (message.kind === 'request') {
      if (envelope.dir === 'in' && USER_QUESTIONS.has(message.method)) view.serverAsks.push({ seq: envelope.seq, method: message.method });
      if (envelope.dir !== 'out') return;
      const params = isRecord(body.params) ? body.params : {};
      pending.set(`${envelope.conn}\u0000${jsonRpcIdKey(message.id)}`, { method: message.method, seq: envelope.seq, params });
      if (message.method === 'initialize') {
        const info = isRecord(params.clientInfo) ? params.clientInfo : {};
        view.initializes.push({
          conn: envelope.conn, requestSeq: envelope.seq, offered: stringOf(params.protocolVersion),
          clientCapabilities: isRecord(params.capabilities) ? params.capabilities : {}, clientName: stringOf(info.name),
        });
      }
      if (message.method === 'tools/list') startPage(envelope, params, view, openListing);
      if (message.method === 'tools/call') {
        const call = mcpToolCall(envelope.seq, params);
        view.calls.push(call);
        openCalls.set(envelope.seq, call);
      }
      return;
    }
    if (envelope.dir !== 'in' || message.id === null) return;
    const key = `${envelope.conn}\u0000${jsonRpcIdKey(message.id)}`;
    const request = pending.get(key);
    if (!request) return;
    pending.delete(key);
    const result = isRecord(body.result) ? body.result : undefined;
    const errorText = message.error ? describeRpcError(body.error) : undefined;
    if (request.method === 'initialize') {
      const init = view.initializes.find((i) => i.requestSeq === request.seq);
      if (init) {
        init.responseSeq = envelope.seq;
        if (result) {
          init.negotiated = stringOf(result.protocolVersion);
          if (isRecord(result.capabilities)) init.serverCapabilities = result.capabilities;
          if (isRecord(result.serverInfo) && typeof result.serverInfo.name === 'string') init.serverInfo = { name: result.serverInfo.name, ...(typeof result.serverInfo.version === 'string' ? { version: result.serverInfo.version } : {}) };
        }
        if (errorText) init.error = errorText;
        const refusal = versionRefusalOf(body.error);
        if (refusal) init.versionRefusal = { supported: refusal.supported, ...(refusal.requested ? { requested: refusal.requested } : {}) };
      }
    }
    const call = request.method === 'tools/call' ? openCalls.get(request.seq) : undefined;
    if (call) {
      openCalls.delete(request.seq);
      Object.assign(call, mcpToolCall(request.seq, request.params, { seq: envelope.seq, body }));
    }
    if (request.method === 'tools/list') finishPage(envelope, request, result, errorText, view, openListing);
  });
}

/** An error body is read as JSON-RPC only when it is this refusal: it names the cause the HTTP status hides. */
function isVersionRefusal(raw: string): boolean {
  const body = parseJson(raw);
  return isRecord(body) && versionRefusalOf(body.error) !== undefined;
}

function describeRpcError(error: unknown): string {
  if (!isRecord(error)) return 'error';
  return `${typeof error.code === 'number' ? `${error.code} ` : ''}${stringOf(error.message) ?? ''}`.trim();
}

function startPage(envelope: Envelope, params: Record<string, unknown>, view: McpLaneView, open: Map<string, McpListing>): void {
  const cursor = stringOf(params.cursor);
  const current = open.get(envelope.conn);
  const page: McpPage = { requestSeq: envelope.seq, toolCount: 0, ...(cursor !== undefined ? { cursor } : {}) };
  // A request without a cursor starts a new walk; one with a cursor continues the open walk.
  if (cursor === undefined || !current) {
    const listing: McpListing = { conn: envelope.conn, pages: [page], stoppedBecause: 'unanswered', rawTools: [] };
    open.set(envelope.conn, listing);
    view.listings.push(listing);
    return;
  }
  current.pages.push(page);
}

function finishPage(envelope: Envelope, request: PendingRequest, result: Record<string, unknown> | undefined, errorText: string | undefined, view: McpLaneView, open: Map<string, McpListing>): void {
  const listing = view.listings.find((l) => l.pages.some((p) => p.requestSeq === request.seq));
  const page = listing?.pages.find((p) => p.requestSeq === request.seq);
  if (!listing || !page) return;
  page.responseSeq = envelope.seq;
  if (errorText !== undefined || !result) {
    page.error = errorText ?? 'no result';
    listing.stoppedBecause = 'error';
    open.delete(envelope.conn);
    return;
  }
  const tools = Array.isArray(result.tools) ? result.tools : [];
  page.toolCount = tools.length;
  const ttlMs = typeof result.ttlMs === 'number' ? result.ttlMs : undefined;
  const cacheScope = stringOf(result.cacheScope);
  if (ttlMs !== undefined || cacheScope !== undefined) page.cacheHint = { ...(ttlMs !== undefined ? { ttlMs } : {}), ...(cacheScope !== undefined ? { cacheScope } : {}) };
  listing.rawTools.push(...tools.map((raw) => ({ raw, seq: envelope.seq })));
  const next = stringOf(result.nextCursor);
  if (next === undefined) {
    listing.stoppedBecause = 'end';
    open.delete(envelope.conn);
    return;
  }
  page.nextCursor = next;
  const seen = listing.pages.slice(0, -1).some((p) => p.nextCursor === next);
  if (seen) {
    listing.stoppedBecause = 'cursor-loop';
    open.delete(envelope.conn);
    return;
  }
  listing.stoppedBecause = 'unfollowed';
}

/** The lane's tools: the latest walk that got at least one page, validated tool by tool. */
function chooseTools(view: McpLaneView): void {
  const usable = [...view.listings].reverse().find((l) => l.pages.some((p) => p.responseSeq !== undefined && p.error === undefined));
  if (!usable) {
    const failed = view.listings.at(-1);
    view.toolsState = failed ? (failed.stoppedBecause === 'unanswered' ? 'not-loaded' : 'failed') : 'not-run';
    view.toolsEvidence = failed ? uniqueSeqs(failed.pages.flatMap((p) => [p.requestSeq, p.responseSeq])) : [];
    return;
  }
  const validated = validateToolList(usable.rawTools.map((t) => t.raw));
  view.tools = validated.tools.map((v, index): ViewTool => {
    const listed = usable.rawTools[index] as { raw: unknown; seq: number };
    const raw = isRecord(listed.raw) ? listed.raw : {};
    const listIssues = validated.issues.filter((i) => i.path.startsWith(`/tools/${index}/`));
    return {
      name: v.tool.name, description: v.tool.description, schema: raw.inputSchema, annotations: raw.annotations,
      seq: listed.seq, issues: [...v.issues, ...listIssues], raw: listed.raw,
    };
  });
  view.toolsState = 'listed';
  view.toolsEvidence = uniqueSeqs(usable.pages.map((p) => p.responseSeq));
}
