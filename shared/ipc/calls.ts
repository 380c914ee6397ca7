import { z } from 'zod';
import { LaneId } from '../capture/envelope';
import { LaneCall, SchemaVerdict } from '../lanes/call-report';
import { RequestOutcome } from '../lanes/inspector-result';
import { RootList } from '../lanes/probe-setup';

/**
 * The Call pane's requests: a tool call through the chosen lanes, and resources/prompts requests
 * through the Inspector lane, each run against the server of the last probe (Setup's server,
 * headers and token stay in the engine) into a new live session, like `parallax call/read/prompt`.
 */

/** The MCP requests the Call pane can send besides tools/call (the Inspector lane only). */
export const PaneMethod = z.enum(['resources/list', 'resources/templates/list', 'resources/read', 'prompts/list', 'prompts/get']);
export type PaneMethod = z.infer<typeof PaneMethod>;

const Arguments = z.record(z.string(), z.unknown());

/** What the user can send on an open connection: the pane's requests and the ones that only make sense on a connection kept open. */
export const ConnectionMethod = z.enum([...PaneMethod.options, 'tools/call', 'ping', 'completion/complete', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);
export type ConnectionMethod = z.infer<typeof ConnectionMethod>;

/** The open connection as the UI shows it: `closed` says why when the lane ended (server gone, a new run, the user). */
export const ConnectionState = z.object({
  sessionId: z.string(),
  state: z.enum(['connecting', 'open', 'closed']),
  reason: z.string().optional(),
  /** open: what roots/list answers on it, and whether roots are declared at all (capabilities "all"). */
  roots: z.object({ declared: z.boolean(), list: RootList }).optional(),
  /** open: the revision negotiated, so the bar offers only the requests that revision has. */
  revision: z.string().optional(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

export const CallToolResponse = z.object({
  /** The live session the call was recorded into: evidence seqs are its frames. */
  sessionId: z.string(),
  /** The capture that session is journaled to: the history opens it once another session is on screen. */
  capturePath: z.string().nullable(),
  tool: z.string(),
  arguments: Arguments,
  argumentCheck: SchemaVerdict.optional(),
  lanes: z.array(LaneCall),
});
export type CallToolResponse = z.infer<typeof CallToolResponse>;

export const McpRequestsResponse = z.object({
  sessionId: z.string(),
  capturePath: z.string().nullable(),
  /** The Inspector lane's own outcome: failed when it could not connect (error says why). */
  status: z.string(),
  error: z.string().optional(),
  evidence: z.array(z.number().int()),
  outcomes: z.array(RequestOutcome),
});
export type McpRequestsResponse = z.infer<typeof McpRequestsResponse>;

/** A server asked the user something (elicitation/create) during a run; the UI answers with `answerElicitation`. */
export const ElicitationRequested = z.object({
  id: z.string(),
  lane: LaneId,
  mode: z.enum(['form', 'url']),
  message: z.string(),
  /** form mode: the flat object schema of what to ask (SEP-1034 defaults included). */
  requestedSchema: z.unknown().optional(),
  /** url mode: where the server sends the user. */
  url: z.string().optional(),
  /** Epoch ms: unanswered by then, the server gets `cancel`. */
  answerBy: z.number().optional(),
});
export type ElicitationRequested = z.infer<typeof ElicitationRequested>;

export const ElicitationAnswer = z.object({
  id: z.string().max(200),
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
}).strict();
export type ElicitationAnswer = z.infer<typeof ElicitationAnswer>;

/**
 * A server asked for a model's reply (sampling/createMessage) during a run. Parallax runs no
 * model: the user reads the request and writes or approves the reply (`answerSampling`).
 */
export const SamplingRequested = z.object({
  id: z.string(),
  lane: LaneId,
  /** The request's params as the server sent them (messages, systemPrompt, maxTokens, modelPreferences...). */
  params: z.record(z.string(), z.unknown()),
  /** Epoch ms: unanswered by then, the server gets the spec's error -1. */
  answerBy: z.number().optional(),
});
export type SamplingRequested = z.infer<typeof SamplingRequested>;

/** A server's question left the screen without the user's answer, and what the server got instead. */
export const QuestionEnded = z.object({
  id: z.string(),
  method: z.enum(['elicitation/create', 'sampling/createMessage']),
  outcome: z.enum(['timed-out', 'withdrawn', 'stopped']),
  afterMs: z.number(),
  answer: z.string(),
});
export type QuestionEnded = z.infer<typeof QuestionEnded>;

export const SamplingAnswer = z.object({
  id: z.string().max(200),
  /** `reject` answers with the spec's error (code -1, "User rejected sampling request"). */
  action: z.enum(['approve', 'reject']),
  /** The assistant's reply text, sent as one text content block. */
  text: z.string().max(1_000_000).optional(),
  /** The model named in the result; the server sees it as who answered. */
  model: z.string().min(1).max(200).optional(),
}).strict();
export type SamplingAnswer = z.infer<typeof SamplingAnswer>;

export const callRequests = {
  /** Checks values against a JSON Schema with the engine's validator (Ajv compiles code, which the renderer's CSP forbids). */
  checkArguments: {
    request: z.object({ schema: z.unknown(), value: z.unknown() }).strict(),
    response: SchemaVerdict,
  },
  /** Calls one tool through the chosen lanes against the last probe's server; answers when every lane is done. */
  callTool: {
    request: z.object({
      name: z.string().min(1).max(1000), arguments: Arguments, lanes: z.array(LaneId).min(1),
      /** The inputSchema the form was made from: the engine checks the arguments against it and marks them in the capture when they do not fit. */
      inputSchema: z.unknown().optional(),
    }).strict(),
    response: CallToolResponse,
  },
  /** Sends these requests, in order, through the Inspector lane against the last probe's server (no tool listing). */
  sendMcpRequests: {
    request: z.object({ requests: z.array(z.object({ method: PaneMethod, params: Arguments }).strict()).min(1).max(10) }).strict(),
    response: McpRequestsResponse,
  },
  /**
   * Connects the Inspector lane to the last probe's server and keeps it connected, as a new live
   * session: answers once it is connected and listed (or rejects with why it could not connect).
   */
  openConnection: { request: z.object({}).strict(), response: ConnectionState },
  /** Sends one request on the open connection, into its session; the outcome is the server's answer or error as recorded. */
  sendOnConnection: {
    request: z.object({ method: ConnectionMethod, params: Arguments }).strict(),
    response: z.object({ sessionId: z.string(), outcome: RequestOutcome }),
  },
  /**
   * New roots for the open connection: roots/list answers them from now on, and the server gets
   * notifications/roots/list_changed where the revision has it (`notified`, with `why` either way).
   */
  setConnectionRoots: {
    request: z.object({ roots: RootList }).strict(),
    response: z.object({ sessionId: z.string(), notified: z.boolean(), why: z.string(), evidence: z.array(z.number().int()) }),
  },
  /** Disconnects (requests already sent are answered first); `closed` is false when no connection was open. */
  closeConnection: { request: z.object({}).strict(), response: z.object({ closed: z.boolean() }) },
  /** The user's answer to an `elicitationRequested` event; `answered` is false when nothing waits under that id. */
  answerElicitation: { request: ElicitationAnswer, response: z.object({ answered: z.boolean() }) },
  /** The user's reply to a `samplingRequested` event; `answered` is false when nothing waits under that id. */
  answerSampling: { request: SamplingAnswer, response: z.object({ answered: z.boolean() }) },
} as const;
