import { z } from 'zod';
import { ToolIssue } from '../tools/issue';
import { ValidatedTool } from '../tools/validate-tool';
import { SchemaProblem } from '../tools/validate-value';
import { LaneStatus } from './probe-report';
import { ProtocolRequest } from './protocol-revision';

/** The Inspector lane's full result: what the UI shows and the diagnosis reads. Evidence fields are envelope `seq`s. */

export const InspectorTransport = z.enum(['streamable-http', 'sse', 'stdio']);
export type InspectorTransport = z.infer<typeof InspectorTransport>;
export const TransportRequest = z.enum(['auto', 'streamable-http', 'sse', 'stdio']);
export type TransportRequest = z.infer<typeof TransportRequest>;
export const CapabilityProfile = z.enum(['none', 'all']);
export type CapabilityProfile = z.infer<typeof CapabilityProfile>;

/** How the revision in use was reached: which request settled it and why, citing the frames. */
export const Negotiation = z.object({
  requested: ProtocolRequest,
  era: z.enum(['modern', 'legacy']),
  revision: z.string().optional(),
  via: z.enum(['server/discover', 'initialize']),
  why: z.string(),
  evidence: z.array(z.number().int()),
});
export type Negotiation = z.infer<typeof Negotiation>;

export const StepName = z.enum(['connect', 'discover', 'initialize', 'list-tools', 'call-tool', 'request', 'open', 'auth-discovery', 'shutdown']);
export const Step = z.object({
  name: StepName,
  status: z.enum(['ok', 'failed', 'skipped']),
  detail: z.string().optional(),
  startedAt: z.number(),
  endedAt: z.number(),
  /** The meta envelope that recorded this step. */
  seq: z.number().int().optional(),
});
export type Step = z.infer<typeof Step>;

/** One way of reaching the server that was tried; `auto` records both so the user sees why one won. */
export const TransportAttempt = z.object({
  transport: InspectorTransport,
  conn: z.string(),
  outcome: z.enum(['connected', 'fell-back', 'failed']),
  /** HTTP status that decided it (400/404/405 make `auto` fall back to SSE). */
  status: z.number().int().optional(),
  reason: z.string().optional(),
  evidence: z.array(z.number().int()),
});
export type TransportAttempt = z.infer<typeof TransportAttempt>;

export const Handshake = z.object({
  offeredProtocolVersion: z.string(),
  negotiatedProtocolVersion: z.string().optional(),
  capabilityProfile: CapabilityProfile,
  clientCapabilities: z.record(z.string(), z.unknown()),
  clientInfo: z.object({ name: z.string(), version: z.string() }),
  serverCapabilities: z.record(z.string(), z.unknown()).optional(),
  serverInfo: z.record(z.string(), z.unknown()).optional(),
  instructions: z.string().optional(),
  /** Streamable HTTP only. */
  sessionId: z.string().optional(),
  evidence: z.array(z.number().int()),
});
export type Handshake = z.infer<typeof Handshake>;

export const ToolsPage = z.object({
  index: z.number().int(),
  cursor: z.string().optional(),
  nextCursor: z.string().optional(),
  toolCount: z.number().int(),
  requestSeq: z.number().int().optional(),
  responseSeq: z.number().int().optional(),
  error: z.string().optional(),
});
export type ToolsPage = z.infer<typeof ToolsPage>;

/** One complete walk through the pages: the first, and one per `notifications/tools/list_changed`. */
export const ToolListing = z.object({
  trigger: z.enum(['initial', 'list_changed']),
  pages: z.array(ToolsPage),
  /** end: no nextCursor. page-limit / cursor-loop / error: stopped early, the list may be partial. */
  stoppedBecause: z.enum(['end', 'page-limit', 'cursor-loop', 'error']),
  tools: z.array(ValidatedTool),
  issues: z.array(ToolIssue),
});
export type ToolListing = z.infer<typeof ToolListing>;

/** A task (SEP-1686) the lane ran a tool call as, with the status it last reported. */
export const TaskRef = z.object({ taskId: z.string(), status: z.string().optional(), statusMessage: z.string().optional() });
export type TaskRef = z.infer<typeof TaskRef>;

export const ToolCall = z.object({
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** The raw result as received (isError results included). */
  result: z.unknown().optional(),
  isError: z.boolean().optional(),
  error: z.string().optional(),
  /** Set when the tool was called as a task (its execution.taskSupport is "required"): the task and its last status. */
  task: TaskRef.optional(),
  evidence: z.array(z.number().int()),
});
export type ToolCall = z.infer<typeof ToolCall>;

/** An MCP request the lane sends once after listing (resources/read, prompts/get, ...), as the user asked. */
export const LaneRequest = z.object({ method: z.string().min(1), params: z.record(z.string(), z.unknown()) });
export type LaneRequest = z.infer<typeof LaneRequest>;

export const RequestOutcome = LaneRequest.extend({
  /** The raw result as received, even when it fails the MCP schema. */
  result: z.unknown().optional(),
  /** Where the result breaks the MCP schema of its method's result; empty when it fits. */
  schemaProblems: z.array(SchemaProblem).optional(),
  error: z.string().optional(),
  /** The JSON-RPC error code, when the server answered with an error. */
  errorCode: z.number().int().optional(),
  evidence: z.array(z.number().int()),
});
export type RequestOutcome = z.infer<typeof RequestOutcome>;

/** The server asked for OAuth (401 + WWW-Authenticate) and what discovery found. Never holds a token. */
export const AuthChallenge = z.object({
  status: z.number().int(),
  wwwAuthenticate: z.string(),
  resourceMetadataUrl: z.string().optional(),
  scope: z.string().optional(),
  error: z.string().optional(),
  protectedResource: z.object({ ok: z.boolean(), detail: z.string(), authorizationServers: z.array(z.string()).optional() }).optional(),
  evidence: z.array(z.number().int()),
});
export type AuthChallenge = z.infer<typeof AuthChallenge>;

/** Bytes that could not be read as JSON-RPC: a banner on stdout, a non-JSON SSE data field. */
export const InvalidFrame = z.object({
  seq: z.number().int(),
  reason: z.string(),
  preview: z.string(),
});
export type InvalidFrame = z.infer<typeof InvalidFrame>;

export const InspectorErrorCode = z.enum([
  'bad-input', 'connect-failed', 'unauthorized', 'transport-mismatch', 'initialize-failed', 'version-unsupported',
  'list-failed', 'call-failed', 'process-exited', 'timeout', 'aborted',
]);
export const InspectorError = z.object({ code: InspectorErrorCode, message: z.string(), evidence: z.array(z.number().int()) });
export type InspectorError = z.infer<typeof InspectorError>;

/** The lanes Parallax's own MCP client runs in: the Inspector, and itself again at a second revision to compare with. */
export const McpClientLaneId = z.enum(['inspector', 'era']);
export type McpClientLaneId = z.infer<typeof McpClientLaneId>;

export const InspectorResult = z.object({
  lane: McpClientLaneId,
  status: LaneStatus,
  /** Where the server was reached: a URL, or the stdio command line. */
  target: z.string(),
  transportRequested: TransportRequest,
  protocolRequested: ProtocolRequest,
  negotiation: Negotiation.optional(),
  transport: InspectorTransport.optional(),
  attempts: z.array(TransportAttempt),
  steps: z.array(Step),
  handshake: Handshake.optional(),
  /** The latest complete listing's tools; `listings` keeps every walk. */
  tools: z.array(ValidatedTool),
  listings: z.array(ToolListing),
  call: ToolCall.optional(),
  requests: z.array(RequestOutcome).optional(),
  auth: AuthChallenge.optional(),
  invalidFrames: z.array(InvalidFrame),
  error: InspectorError.optional(),
});
export type InspectorResult = z.infer<typeof InspectorResult>;
