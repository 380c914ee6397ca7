import { z } from 'zod';
import { McpListedToolSchema } from './realtime-events';

/**
 * Zod schemas for what the Responses API returns about hosted MCP: the `mcp_list_tools` and
 * `mcp_call` output items and the streamed events, every one of which carries `sequence_number`.
 * Loose, for the Playground lane and the diagnosis.
 */
export const ResponsesMcpListToolsItemSchema = z.looseObject({
  id: z.string(),
  type: z.literal('mcp_list_tools'),
  server_label: z.string(),
  tools: z.array(McpListedToolSchema),
  error: z.string().nullable().optional(),
});

export const ResponsesMcpCallItemSchema = z.looseObject({
  id: z.string(),
  type: z.literal('mcp_call'),
  server_label: z.string(),
  name: z.string(),
  arguments: z.string(),
  output: z.string().nullable().optional(),
  /** openai 7.x: an object (`mcp_protocol_error`, `mcp_tool_execution_error`, `http_error`); a string in captures from before 2026. */
  error: z.union([z.string(), z.looseObject({ type: z.string() })]).nullable().optional(),
  status: z.string().optional(),
  approval_request_id: z.string().nullable().optional(),
});

const OutputItemSchema = z.looseObject({ id: z.string().optional(), type: z.string() });

export const ResponseObjectSchema = z.looseObject({
  id: z.string(),
  object: z.literal('response'),
  status: z.string().optional(),
  output: z.array(OutputItemSchema),
  tools: z.array(z.looseObject({ type: z.string() })),
});

export const ResponsesStreamEventSchema = z.looseObject({ type: z.string(), sequence_number: z.number() });
export type ResponsesStreamEventLike = z.infer<typeof ResponsesStreamEventSchema>;

export const ResponsesMcpListToolsEventSchema = z.looseObject({
  type: z.enum(['response.mcp_list_tools.in_progress', 'response.mcp_list_tools.completed', 'response.mcp_list_tools.failed']),
  sequence_number: z.number(),
  item_id: z.string(),
  output_index: z.number(),
});

export const ResponsesOutputItemEventSchema = z.looseObject({
  type: z.enum(['response.output_item.added', 'response.output_item.done']),
  sequence_number: z.number(),
  output_index: z.number(),
  item: OutputItemSchema,
});

/** The `mcp_list_tools` items of a finished response. */
export function mcpListToolsItemsOf(response: unknown): z.infer<typeof ResponsesMcpListToolsItemSchema>[] {
  const parsed = ResponseObjectSchema.safeParse(response);
  if (!parsed.success) return [];
  return parsed.data.output.flatMap((item) => {
    const list = ResponsesMcpListToolsItemSchema.safeParse(item);
    return list.success ? [list.data] : [];
  });
}
