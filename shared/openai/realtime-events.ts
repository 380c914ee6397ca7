import { z } from 'zod';
import { OpenAIErrorSchema } from './openai-error';

/**
 * Zod schemas for the Realtime server events that matter to MCP import and calls, loose
 * (unknown fields pass through) so a new API field never breaks parsing. Used by the Realtime
 * lane and the diagnosis to read what a session received; the emulator's own events are
 * type-checked against the `openai` package instead.
 */
export const McpListedToolSchema = z.looseObject({
  name: z.string(),
  description: z.string().nullable().optional(),
  input_schema: z.unknown(),
  annotations: z.unknown().optional(),
});

export const RealtimeMcpListToolsItemSchema = z.looseObject({
  id: z.string().optional(),
  type: z.literal('mcp_list_tools'),
  server_label: z.string(),
  tools: z.array(McpListedToolSchema),
});

export const RealtimeMcpCallItemSchema = z.looseObject({
  id: z.string(),
  type: z.literal('mcp_call'),
  server_label: z.string(),
  name: z.string(),
  arguments: z.string(),
  approval_request_id: z.string().nullable().optional(),
  output: z.string().nullable().optional(),
  error: z.looseObject({ type: z.string(), message: z.string(), code: z.number().optional() }).nullable().optional(),
});

export const RealtimeMcpApprovalRequestItemSchema = z.looseObject({
  id: z.string(),
  type: z.literal('mcp_approval_request'),
  server_label: z.string(),
  name: z.string(),
  arguments: z.string(),
});

const ItemSchema = z.looseObject({ id: z.string().optional(), type: z.string() });

export const RealtimeItemEventSchema = z.looseObject({
  type: z.enum(['conversation.item.added', 'conversation.item.done', 'conversation.item.created', 'conversation.item.retrieved']),
  event_id: z.string(),
  item: ItemSchema,
  previous_item_id: z.string().nullable().optional(),
});

export const McpListToolsProgressEventSchema = z.looseObject({
  type: z.enum(['mcp_list_tools.in_progress', 'mcp_list_tools.completed', 'mcp_list_tools.failed']),
  event_id: z.string(),
  item_id: z.string(),
});

export const McpCallProgressEventSchema = z.looseObject({
  type: z.enum(['response.mcp_call.in_progress', 'response.mcp_call.completed', 'response.mcp_call.failed']),
  event_id: z.string(),
  item_id: z.string(),
  output_index: z.number(),
});

export const RealtimeErrorEventSchema = z.looseObject({ type: z.literal('error'), event_id: z.string(), error: OpenAIErrorSchema });

export const RealtimeSessionEventSchema = z.looseObject({
  type: z.enum(['session.created', 'session.updated']),
  event_id: z.string(),
  session: z.looseObject({ type: z.string().optional(), tools: z.array(z.looseObject({ type: z.string() })).optional() }),
});

export const RealtimeResponseEventSchema = z.looseObject({
  type: z.enum(['response.created', 'response.done']),
  event_id: z.string(),
  response: z.looseObject({ id: z.string().optional(), status: z.string().optional(), output: z.array(ItemSchema).optional() }),
});

/** Any server event: a `type` and an `event_id`; specific schemas above refine known types. */
export const RealtimeServerEventSchema = z.looseObject({ type: z.string(), event_id: z.string().optional() });
export type RealtimeServerEventLike = z.infer<typeof RealtimeServerEventSchema>;

export type McpListToolsItem = z.infer<typeof RealtimeMcpListToolsItemSchema>;

/** The tool list an item event carries, when it is an `mcp_list_tools` item. */
export function mcpListToolsItemOf(event: unknown): McpListToolsItem | null {
  const parsed = RealtimeItemEventSchema.safeParse(event);
  if (!parsed.success) return null;
  const item = RealtimeMcpListToolsItemSchema.safeParse(parsed.data.item);
  return item.success ? item.data : null;
}

/** Parses one WebSocket text frame; `null` when it is not a JSON object with a string `type`. */
export function parseRealtimeFrame(text: string): RealtimeServerEventLike | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = RealtimeServerEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
