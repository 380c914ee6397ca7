/**
 * The `error` of an `mcp_call` item as either API sends it, read into one line of text.
 * Responses (openai 7.x): `{type:"mcp_protocol_error", code, message}`,
 * `{type:"mcp_tool_execution_error", content}` or `{type:"http_error", code, message}`;
 * Realtime: `{type:"protocol_error"|"tool_execution_error"|"http_error", code?, message}`;
 * Responses before 2026 (old captures): a plain string.
 */
export function describeMcpCallError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return 'unknown error';
  const { type, code, message, content } = error as { type?: unknown; code?: unknown; message?: unknown; content?: unknown };
  const text = typeof message === 'string' ? message : contentText(content);
  return [type, code, text].filter((v) => v !== undefined && v !== null && v !== '').join(' ') || 'unknown error';
}

/** The text blocks of an MCP `content` array (what `mcp_tool_execution_error` carries, and what a tool result says in words), joined by newlines. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = content.flatMap((block) => (typeof block === 'object' && block !== null && typeof (block as { text?: unknown }).text === 'string' ? [(block as { text: string }).text] : []));
  return texts.length > 0 ? texts.join('\n') : undefined;
}
