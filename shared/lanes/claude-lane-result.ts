import { z } from 'zod';
import { HostedCall, HostedError, HostedStep } from './hosted-lane-result';
import { LaneStatus } from './probe-report';

/**
 * The Claude lane's result: Anthropic's Messages API MCP connector listing (and optionally
 * calling) the server under test. Evidence fields are envelope `seq`s.
 */

export const ClaudeTool = z.object({
  name: z.string(),
  description: z.string().nullable().optional(),
  input_schema: z.unknown(),
  /** Whether the request's toolset configuration offers it to the model. */
  enabled: z.boolean(),
});
export type ClaudeTool = z.infer<typeof ClaudeTool>;

/** One `mcp_tool_listing` block: the server's tools as Anthropic's connector fetched them. */
export const ClaudeListing = z.object({
  serverName: z.string(),
  tools: z.array(ClaudeTool),
  evidence: z.array(z.number().int()),
});
export type ClaudeListing = z.infer<typeof ClaudeListing>;

export const ClaudeResult = z.object({
  lane: z.literal('claude'),
  status: LaneStatus,
  /** `<base>/v1/messages` (no key in it). */
  endpoint: z.string(),
  model: z.string(),
  /** The `anthropic-beta` value sent. */
  beta: z.string(),
  steps: z.array(HostedStep),
  /** The tools the model is offered: every listing's enabled tools. */
  tools: z.array(ClaudeTool),
  listings: z.array(ClaudeListing),
  /** True when the beta in use reports no listing, so the tool list is unknown rather than empty. */
  listingUnreported: z.boolean(),
  /** Server-description headers the connector has no field for. */
  droppedHeaders: z.array(z.string()),
  messageIds: z.array(z.string()),
  httpStatus: z.number().int().optional(),
  call: HostedCall.optional(),
  error: HostedError.optional(),
  skipped: z.string().optional(),
});
export type ClaudeResult = z.infer<typeof ClaudeResult>;
