import { contentText, describeMcpCallError } from '../../openai/mcp-call-error';
import { resultSchemaProblems } from '../../tools/result-schema';
import type { SchemaProblem } from '../../tools/validate-value';
import { isRecord, parseJson, stringOf } from '../json';

/**
 * One tool call as one lane's client made it, read from the wire: a `tools/call` exchange for the
 * MCP lanes, an `mcp_call` item for the OpenAI lanes, an `mcp_tool_use` with its result for Claude.
 * What the call-results rule compares across lanes.
 */
export interface ToolCallView {
  name: string;
  /** As sent: the JSON-RPC `arguments`, or the hosted item's `arguments` string parsed (kept as the string when it is not JSON). */
  arguments: unknown;
  /** result: an answer; error-result: the tool answered isError (or the API relayed a tool execution error); failed: a protocol or HTTP error; unanswered: nothing came back in the capture. */
  outcome: 'result' | 'error-result' | 'failed' | 'unanswered';
  /** What the client got in words: the MCP result's text blocks, or the hosted item's `output`. */
  text?: string;
  /** MCP results: content blocks that are not text (images, audio, resources), which a text-only relay cannot carry. */
  otherBlocks?: number;
  error?: string;
  /** OpenAI lanes: the `mcp_call` item's id; Claude: the `mcp_tool_use` block's id. */
  itemId?: string;
  /** The request, or the event that announced the call. */
  seq: number;
  /** The answer, or the event that finished the item. */
  resultSeq?: number;
  /** MCP lanes: where the server's result breaks the MCP CallToolResult schema (the SDK's spec schema). */
  schemaProblems?: SchemaProblem[];
}

/** A `tools/call` request and its JSON-RPC answer (undefined: none arrived). */
export function mcpToolCall(seq: number, params: Record<string, unknown>, answer?: { seq: number; body: Record<string, unknown> }): ToolCallView {
  const call: ToolCallView = { name: stringOf(params.name) ?? '?', arguments: params.arguments ?? {}, outcome: 'unanswered', seq };
  if (!answer) return call;
  call.resultSeq = answer.seq;
  const { result, error } = answer.body;
  if (error !== undefined) {
    const rpc = isRecord(error) ? error : {};
    return { ...call, outcome: 'failed', error: `${typeof rpc.code === 'number' ? `${rpc.code} ` : ''}${stringOf(rpc.message) ?? 'error'}` };
  }
  const content = isRecord(result) && Array.isArray(result.content) ? result.content : [];
  const text = contentText(content);
  const otherBlocks = content.filter((block) => !(isRecord(block) && block.type === 'text')).length;
  const schemaProblems = resultSchemaProblems('tools/call', result) ?? [];
  return {
    ...call,
    ...(schemaProblems.length > 0 ? { schemaProblems: schemaProblems.slice(0, 8) } : {}),
    outcome: isRecord(result) && result.isError === true ? 'error-result' : 'result',
    ...(text !== undefined ? { text } : {}),
    ...(otherBlocks > 0 ? { otherBlocks } : {}),
  };
}

/** Tool execution errors are the tool's own answer; protocol and HTTP errors mean the call never got one. */
const TOOL_ERROR_TYPES = new Set(['tool_execution_error', 'mcp_tool_execution_error']);

/**
 * A finished `mcp_call` item, as Realtime (`conversation.item.done`, `response.output_item.done`)
 * and Responses (`response.output_item.done`, a response's `output`) both carry it.
 */
export function hostedToolCall(item: Record<string, unknown>, seq: number): ToolCallView {
  const argumentsText = stringOf(item.arguments) ?? '';
  const parsed = argumentsText.trim() === '' ? {} : parseJson(argumentsText);
  const call: ToolCallView = { name: stringOf(item.name) ?? '?', arguments: parsed === undefined ? argumentsText : parsed, outcome: 'unanswered', seq, resultSeq: seq };
  const error = item.error;
  if (error !== undefined && error !== null) {
    const type = typeof error === 'string' ? undefined : isRecord(error) ? stringOf(error.type) : undefined;
    return { ...call, outcome: type !== undefined && TOOL_ERROR_TYPES.has(type) ? 'error-result' : 'failed', error: describeMcpCallError(error) };
  }
  const output = stringOf(item.output);
  if (output !== undefined) return { ...call, outcome: 'result', text: output };
  return item.status === 'failed' ? { ...call, outcome: 'failed', error: 'the item failed without an error' } : call;
}

/** An `mcp_tool_use` block and the `mcp_tool_result` that answered it. */
export function claudeToolCall(use: Record<string, unknown>, seq: number, result?: { block: Record<string, unknown>; seq: number }): ToolCallView {
  const call: ToolCallView = { name: stringOf(use.name) ?? '?', arguments: use.input ?? {}, outcome: 'unanswered', seq };
  if (!result) return call;
  const text = contentText(result.block.content);
  return { ...call, resultSeq: result.seq, outcome: result.block.is_error === true ? 'error-result' : 'result', ...(text !== undefined ? { text } : {}) };
}

/**
 * Adds a finished `mcp_call` item to a lane's calls. The same item arrives more than once (Realtime's
 * `response.output_item.done` then `conversation.item.done`; a Responses item then the finished
 * response's `output`): one call per item id, the first sighting's seq kept as its evidence.
 */
export function addCall(calls: ToolCallView[], item: Record<string, unknown>, seq: number): void {
  const id = stringOf(item.id);
  const known = id === undefined ? undefined : calls.find((c) => c.itemId === id);
  if (known) return;
  calls.push({ ...hostedToolCall(item, seq), ...(id !== undefined ? { itemId: id } : {}) });
}
