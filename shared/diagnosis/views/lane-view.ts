import type { LaneId } from '../../capture/envelope';
import type { LaneStatus } from '../../lanes/probe-report';
import type { McpToolConfig } from '../../openai/mcp-tool-config';
import type { ToolIssue } from '../../tools/issue';
import type { ClaudeMcpServer, ClaudeMcpToolset } from '../../anthropic/mcp-connector-request';
import type { ToolCallView } from './tool-calls';

/** A tool as one lane saw it; OpenAI lanes report `input_schema`, MCP lanes `inputSchema`: both land in `schema`. */
export interface ViewTool {
  name: string;
  description: string | null | undefined;
  schema: unknown;
  annotations: unknown;
  /** The envelope whose payload listed it. */
  seq: number;
  /** MCP lanes: what the tool validation found in the server's definition. */
  issues: ToolIssue[];
  /** MCP lanes: the definition exactly as the server sent it. */
  raw?: unknown;
}

export interface ViewStep {
  name: string;
  status: 'ok' | 'failed' | 'pending';
  detail: string;
  evidence: number[];
}

/**
 * listed: the lane holds a finished tool list. not-loaded: listing started but no list arrived
 * (yet). failed: listing was refused or failed. not-run: the lane never asked for tools.
 */
export type ToolsState = 'listed' | 'not-loaded' | 'failed' | 'not-run';

export interface LaneViewBase {
  lane: LaneId;
  status: LaneStatus;
  tools: ViewTool[];
  toolsState: ToolsState;
  /** seqs that prove the tool list, or its absence. */
  toolsEvidence: number[];
  steps: ViewStep[];
  /** Every tool call the lane's client made, in wire order. */
  calls: ToolCallView[];
  error?: { message: string; evidence: number[] };
  /** Frames this view could not read, and why (a damaged capture never throws). */
  unreadable: { seq: number; reason: string }[];
}

// ---- MCP lanes (Inspector, Server) ----

export interface McpPage {
  requestSeq: number;
  responseSeq?: number;
  cursor?: string;
  nextCursor?: string;
  toolCount: number;
  error?: string;
  /** MCP 2026-07-28: the result's cache hint (`ttlMs`, `cacheScope`), as the server sent it. */
  cacheHint?: { ttlMs?: number; cacheScope?: string };
}

export interface McpListing {
  conn: string;
  pages: McpPage[];
  /** unfollowed: the last page offered a nextCursor nobody asked for (a client that reads one page). */
  stoppedBecause: 'end' | 'cursor-loop' | 'error' | 'unfollowed' | 'unanswered';
  rawTools: { raw: unknown; seq: number }[];
}

export interface McpInitialize {
  conn: string;
  requestSeq: number;
  responseSeq?: number;
  offered?: string;
  negotiated?: string;
  clientCapabilities: Record<string, unknown>;
  clientName?: string;
  /** From the server's answer: what it said it can do, and who it is. */
  serverCapabilities?: Record<string, unknown>;
  serverInfo?: { name: string; version?: string };
  error?: string;
  /** Error -32022 (MCP 2026-07-28: unsupported protocol version): the revisions the server named. */
  versionRefusal?: { supported: string[]; requested?: string };
}

export interface HttpRefusal {
  conn: string;
  seq: number;
  requestSeq?: number;
  method?: string;
  url?: string;
  status: number;
  wwwAuthenticate?: string;
  /** The refusal's body, its first 300 characters: a server often says why there. */
  body?: string;
  bodySeq?: number;
  exchange?: string;
}

/**
 * A refusal from DNS-rebinding protection: 421 Misdirected Request (the Python SDK), or 403 whose
 * body names the Host header (the TypeScript SDK's "Invalid Host header: ..."/"Invalid Host: ...").
 */
export const isHostRejection = (r: HttpRefusal): boolean => r.status === 421 || (r.status === 403 && /invalid host|host header/i.test(r.body ?? ''));

export interface TransportAttemptView {
  conn: string;
  seq: number;
  transport: string;
  outcome: string;
  status?: number;
  reason?: string;
}

export interface McpLaneView extends LaneViewBase {
  kind: 'mcp';
  /** The server URL or command the lane talked to. */
  target?: string;
  transport?: string;
  transportSeq?: number;
  attempts: TransportAttemptView[];
  initializes: McpInitialize[];
  listings: McpListing[];
  listChanged: { conn: string; seq: number }[];
  refusals: HttpRefusal[];
  invalidFrames: { seq: number; reason: string }[];
  /** The revision the lane was asked to speak (`--protocol`: auto, legacy or a revision), from its lane-config. */
  protocolRequested?: string;
  /** Questions the server put to the client's user (elicitation/create, sampling/createMessage), by the frame that asked. */
  serverAsks: { seq: number; method: string }[];
  /** Questions that ended without the user's answer, from the lane's `question-unanswered` metas. */
  unanswered: { seq: number; method: string; outcome: string; afterMs: number; answer: string }[];
  /** What the client's version negotiation settled on, from its `negotiation` meta event (MCP client lanes only). */
  negotiation?: { requested?: string; revision?: string; via?: string; why?: string; seq: number };
}

// ---- OpenAI Realtime (Realtime lane, the user's client) ----

export interface RealtimeFrame {
  seq: number;
  dir: 'out' | 'in';
  type: string;
  event: Record<string, unknown>;
}

export interface RealtimeErrorView {
  seq: number;
  code?: string;
  param?: string;
  message: string;
  /** The client event it answers (echoed `error.event_id`). */
  eventId?: string;
}

export interface SessionUpdateView {
  seq: number;
  eventId?: string;
  hasSession: boolean;
  /** The session object's top-level keys as sent. */
  keys: string[];
  /** `session.type` as sent; undefined when missing. */
  sessionType: unknown;
  mcp: McpToolConfig[];
  /** The error the API answered it with, or the session.updated that accepted it. */
  error?: RealtimeErrorView;
  acceptedSeq?: number;
}

export interface ListItemView {
  itemId: string;
  label?: string;
  addedSeq?: number;
  addedToolCount?: number;
  inProgressSeq?: number;
  completedSeq?: number;
  failedSeq?: number;
  doneSeq?: number;
  retrievedSeq?: number;
  /** From conversation.item.done (or .retrieved); undefined when no full item arrived. */
  tools?: ViewTool[];
}

export interface ServerAddressView {
  host: string;
  addresses: string[];
  seq: number;
}

/** A lane's `server-address` meta, read leniently. */
export function serverAddressOf(meta: Record<string, unknown>, seq: number): ServerAddressView | undefined {
  if (meta.kind !== 'server-address' || typeof meta.host !== 'string' || !Array.isArray(meta.addresses)) return undefined;
  return { host: meta.host, addresses: meta.addresses.filter((a): a is string => typeof a === 'string').slice(0, 16), seq };
}

export interface FunctionCallView {
  seq: number;
  name: string;
  itemId?: string;
}

/** A finished function_call item, once per item id (Realtime sends it in several events). */
export function addFunctionCall(calls: FunctionCallView[], item: Record<string, unknown>, seq: number): void {
  if (item.type !== 'function_call' || typeof item.name !== 'string') return;
  const itemId = typeof item.id === 'string' ? item.id : undefined;
  if (itemId !== undefined && calls.some((c) => c.itemId === itemId)) return;
  calls.push({ seq, name: item.name, ...(itemId !== undefined ? { itemId } : {}) });
}

export interface ApprovalView {
  seq: number;
  id: string;
  name: string;
  label: string;
  answeredSeq?: number;
}

export interface RealtimeLaneView extends LaneViewBase {
  kind: 'realtime';
  url?: string;
  upgradeRequestSeq?: number;
  upgradeStatus?: number;
  upgradeResponseSeq?: number;
  /** Signs of the beta interface: the OpenAI-Beta header or subprotocol, with their seqs. */
  beta: { reason: string; seq: number }[];
  emulated: boolean;
  frames: RealtimeFrame[];
  sessionUpdates: SessionUpdateView[];
  errors: RealtimeErrorView[];
  items: ListItemView[];
  responseCreates: number[];
  approvals: ApprovalView[];
  /** function_call items the model produced, by the event that finished each. */
  functionCalls: FunctionCallView[];
  /** What the server URL's host name resolved to where the lane ran (its `server-address` meta). */
  serverAddresses: ServerAddressView[];
  closeSeq?: number;
  closedBy?: 'out' | 'in';
}

// ---- OpenAI Responses (Playground lane) ----

export interface ResponsesExchangeView {
  requestSeq: number;
  responseSeq?: number;
  status?: number;
  body?: Record<string, unknown>;
  mcp: McpToolConfig[];
  stream: boolean;
  error?: { seq: number; message: string; code?: string; type?: string; status?: number };
}

export interface ResponsesListItemView {
  itemId: string;
  label: string;
  addedSeq?: number;
  inProgressSeq?: number;
  completedSeq?: number;
  failedSeq?: number;
  doneSeq?: number;
  error?: string | null;
  tools?: ViewTool[];
}

export interface PlaygroundLaneView extends LaneViewBase {
  kind: 'responses';
  emulated: boolean;
  exchanges: ResponsesExchangeView[];
  items: ResponsesListItemView[];
  approvals: ApprovalView[];
  /** function_call items the model produced, by the event that finished each. */
  functionCalls: FunctionCallView[];
  /** What the server URL's host name resolved to where the lane ran (its `server-address` meta). */
  serverAddresses: ServerAddressView[];
}

// ---- Anthropic Messages API MCP connector (Claude lane) ----

export interface ClaudeListingView {
  serverName: string;
  /** The body envelope that carried the `mcp_tool_listing` block. */
  seq: number;
  /** Every tool the server listed, enabled or not. */
  tools: ViewTool[];
}

export interface ClaudeExchangeView {
  requestSeq: number;
  responseSeq?: number;
  bodySeq?: number;
  status?: number;
  /** The `anthropic-beta` header as sent. */
  beta?: string;
  mcpServers: ClaudeMcpServer[];
  toolsets: ClaudeMcpToolset[];
  listings: ClaudeListingView[];
  toolUses: { seq: number; id: string; name: string; serverName: string; resultSeq?: number; isError?: boolean }[];
  /** Anthropic's error body `{type:"error", error:{type, message}}`. */
  error?: { seq: number; message: string; type?: string; status?: number };
}

export interface ClaudeLaneView extends LaneViewBase {
  kind: 'claude';
  emulated: boolean;
  exchanges: ClaudeExchangeView[];
  /** Listed by the server, but not offered to the model by the toolset configuration. */
  disabled: { name: string; serverName: string; seq: number; requestSeq: number }[];
  /** A message came back under a beta that reports no listing: the tool list is unknown. */
  listingUnreported: boolean;
  /** The lane's warnings (headers the connector cannot send, a URL Anthropic cannot reach), with their meta seq. */
  warnings: { code: string; message: string; seq: number }[];
}

export type LaneView = McpLaneView | RealtimeLaneView | PlaygroundLaneView | ClaudeLaneView;

/** The configs every OpenAI lane sent, whatever its interface. */
export function mcpConfigsOf(view: LaneView): McpToolConfig[] {
  if (view.kind === 'realtime') return view.sessionUpdates.flatMap((u) => u.mcp);
  if (view.kind === 'responses') return view.exchanges.flatMap((x) => x.mcp);
  return [];
}

/** The frames that gave OpenAI those configs: session.update events, POST /v1/responses requests. */
export function mcpConfigSeqs(view: LaneView): number[] {
  if (view.kind === 'realtime') return view.sessionUpdates.filter((u) => u.mcp.length > 0).map((u) => u.seq);
  if (view.kind === 'responses') return view.exchanges.filter((x) => x.mcp.length > 0).map((x) => x.requestSeq);
  return [];
}

/**
 * The lane tried to list the server's tools and that failed, as opposed to failing before any
 * listing (a rejected session.update, a refused upgrade): only then can the server side explain it.
 */
export function listingFailed(view: LaneView): boolean {
  if (view.kind === 'realtime') return view.toolsState !== 'listed' && view.items.some((i) => i.failedSeq !== undefined);
  if (view.kind === 'responses') return view.toolsState !== 'listed' && (view.items.some((i) => i.error || i.failedSeq !== undefined) || view.exchanges.some((x) => x.status === 424));
  // The connector's refusals name the MCP server ("... MCP server '<name>'"); a 401 for the key is not a listing failure.
  if (view.kind === 'claude') return view.toolsState !== 'listed' && view.exchanges.some((x) => /MCP server/.test(x.error?.message ?? ''));
  return view.toolsState === 'failed';
}
