import { z } from 'zod';
import { McpListedToolSchema } from '../openai/realtime-events';
import { LaneStatus } from './probe-report';

/**
 * Results of the two lanes where OpenAI's hosted MCP client talks to the server: Playground
 * (Responses API) and Realtime. Evidence fields are envelope `seq`s, so the UI and the diagnosis
 * can point at the frames that show each fact.
 */

export const HostedTool = McpListedToolSchema;
export type HostedTool = z.infer<typeof HostedTool>;

/** One status step, as the lane's status line showed it ("connected", "listed 10 tools", ...). */
export const HostedStep = z.object({
  name: z.enum(['connect', 'session-update', 'request', 'list-tools', 'approval', 'call-tool', 'close']),
  status: z.enum(['running', 'ok', 'failed', 'skipped']),
  detail: z.string(),
  t: z.number(),
  /** The meta envelope that recorded it. */
  seq: z.number().int(),
});
export type HostedStep = z.infer<typeof HostedStep>;

/** One `mcp_list_tools` item the API produced, and where its tools were finally read. */
export const HostedListing = z.object({
  itemId: z.string(),
  serverLabel: z.string(),
  outcome: z.enum(['completed', 'failed', 'incomplete']),
  /**
   * The event whose item held the final list: Realtime `conversation.item.done` (or the
   * `conversation.item.retrieved` fallback), Responses `response.output_item.done` (or the finished
   * response's output). Null when no event ever carried the finished item.
   */
  source: z.enum(['conversation.item.done', 'conversation.item.retrieved', 'response.output_item.done', 'response.completed']).nullable(),
  tools: z.array(HostedTool),
  /** Responses' item `error`, or the Realtime `error` event that followed a failure. */
  error: z.string().optional(),
  evidence: z.array(z.number().int()),
});
export type HostedListing = z.infer<typeof HostedListing>;

export const HostedCall = z.object({
  name: z.string(),
  serverLabel: z.string(),
  arguments: z.string(),
  approval: z.object({ requestId: z.string(), approved: z.boolean(), by: z.enum(['auto', 'user']) }).optional(),
  status: z.enum(['completed', 'failed', 'not-called']),
  output: z.string().nullable().optional(),
  /** Realtime: `{type, code?, message}`; Responses: a string. Kept as the API sent it. */
  error: z.unknown().optional(),
  detail: z.string().optional(),
  evidence: z.array(z.number().int()),
});
export type HostedCall = z.infer<typeof HostedCall>;

export const HostedErrorCode = z.enum([
  'skipped', 'bad-input', 'unauthorized', 'connect-failed', 'http-error', 'session-rejected', 'no-mcp-tool',
  'list-failed', 'api-error', 'timeout', 'closed', 'limit-exceeded', 'protocol', 'aborted', 'call-failed',
]);
export const HostedError = z.object({ code: HostedErrorCode, message: z.string(), evidence: z.array(z.number().int()) });
export type HostedError = z.infer<typeof HostedError>;

const commonResult = {
  status: LaneStatus,
  /** The endpoint used (no key in it). */
  endpoint: z.string(),
  model: z.string(),
  steps: z.array(HostedStep),
  /** Every tool the lane ended up with, across its listings. */
  tools: z.array(HostedTool),
  listings: z.array(HostedListing),
  call: HostedCall.optional(),
  error: HostedError.optional(),
  /** Set when the lane did not run, with the reason. */
  skipped: z.string().optional(),
};

export const RealtimeResult = z.object({
  lane: z.literal('realtime'),
  ...commonResult,
  interface: z.enum(['ga', 'beta']),
  /** generated from the server description, or the user's own text sent as is. */
  sessionUpdate: z.enum(['generated', 'custom']),
});
export type RealtimeResult = z.infer<typeof RealtimeResult>;

export const PlaygroundResult = z.object({
  lane: z.literal('playground'),
  ...commonResult,
  responseIds: z.array(z.string()),
  /** The HTTP status of the listing request (424 for a failed list without streaming). */
  httpStatus: z.number().int().optional(),
});
export type PlaygroundResult = z.infer<typeof PlaygroundResult>;
