import type { McpToolConfig } from '../../openai/mcp-tool-config';
import { isRecord, stringOf } from '../json';
import type { ViewTool } from './lane-view';

/**
 * The `mcp` entries of a tools array as the client sent them, even when the API refused the
 * array: the rules need the URL, labels and allowed_tools of a rejected config too.
 */
export function mcpConfigsIn(tools: unknown): McpToolConfig[] {
  if (!Array.isArray(tools)) return [];
  return tools.filter((t): t is Record<string, unknown> => isRecord(t) && t.type === 'mcp' && typeof t.server_label === 'string')
    .map((t) => t as unknown as McpToolConfig);
}

/** The tools of an `mcp_list_tools` item as OpenAI reports them (`input_schema`, nullable description). */
export function itemTools(item: Record<string, unknown>, seq: number): ViewTool[] | undefined {
  if (!Array.isArray(item.tools)) return undefined;
  return item.tools.filter(isRecord).map((tool) => ({
    name: stringOf(tool.name) ?? '(unnamed)',
    description: tool.description === null ? null : stringOf(tool.description),
    schema: tool.input_schema,
    annotations: tool.annotations,
    seq,
    issues: [],
  }));
}
