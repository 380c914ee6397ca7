import type * as R from 'openai/resources/responses/responses';
import { checkTools, echoMcpToolConfig, requiresApproval, type McpToolConfig } from '../../../shared/openai/mcp-tool-config';
import { externalConnectorError, invalidType, missingParameter, type OpenAIError } from '../../../shared/openai/openai-error';
import { newId } from '../ids';
import { callMcpTool, importMcpTools, type ImportedTool, type JobContext } from '../mcp-import';
import { describeMcpCallError } from '../../../shared/openai/mcp-call-error';
import type { CallOutcome } from '../mcp-connector';
import { parseCallInstructions, type CallInstruction } from '../tool-call-instructions';

/** A Response as it goes over the wire: `output_text` is a convenience the SDK adds client-side. */
export type WireResponse = Omit<R.Response, 'output_text'>;
type WithWireResponse<E extends { response: R.Response }> = Omit<E, 'response'> & { response: WireResponse };
export type WireStreamEvent =
  | Exclude<R.ResponseStreamEvent, R.ResponseCreatedEvent | R.ResponseInProgressEvent | R.ResponseCompletedEvent | R.ResponseFailedEvent>
  | WithWireResponse<R.ResponseCreatedEvent>
  | WithWireResponse<R.ResponseInProgressEvent>
  | WithWireResponse<R.ResponseCompletedEvent>;
/** Events without `sequence_number`; the stream numbers them. */
export type UnnumberedEvent = WireStreamEvent extends infer E ? (E extends { sequence_number: number } ? Omit<E, 'sequence_number'> : never) : never;

export type RunResult =
  | { kind: 'response'; response: WireResponse }
  | { kind: 'bad_request'; error: OpenAIError; status: 400 | 404 }
  | { kind: 'connector_error'; error: OpenAIError; status: 424 };

interface Listed {
  config: McpToolConfig;
  tools: ImportedTool[];
}

const EMULATOR_NOTE = '[Parallax local emulator]';
const ARGUMENT_DELTA_SIZE = 24;
/** Characters per `response.output_text.delta` (the real API streams tokens; any split shows the same text). */
const TEXT_DELTA_SIZE = 32;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A failed call's `error` as openai 7.x types it (Responses' own type names, not Realtime's). */
function callError(outcome: Exclude<CallOutcome, { kind: 'output' }>, tool: string, label: string): R.McpToolCallError {
  switch (outcome.kind) {
    case 'protocol_error': return { type: 'mcp_protocol_error', code: outcome.code, message: `Error calling tool '${tool}': MCP error ${outcome.code}: ${outcome.message}` };
    // [guess] The content is the tool result's content blocks; the connector keeps only their text.
    case 'tool_error': return { type: 'mcp_tool_execution_error', content: [{ type: 'text', text: outcome.message }] };
    case 'http_error': return { type: 'http_error', code: outcome.code, message: `Error calling tool '${tool}' on MCP server '${label}': ${outcome.message}` };
    case 'timeout': return { type: 'http_error', code: 424, message: `Error calling tool '${tool}' on MCP server '${label}': ${outcome.message}` };
  }
}

/**
 * An assistant message as the API streams one: the item added in progress with no content,
 * the text part opened, the text in deltas, then everything closed in reverse order.
 */
function streamMessage(text: string, add: (item: R.ResponseOutputItem) => number, emit: (event: UnnumberedEvent) => void): void {
  const message: R.ResponseOutputMessage = { id: newId('msg'), type: 'message', role: 'assistant', status: 'in_progress', content: [] };
  const index = add(message);
  const part: R.ResponseOutputText = { type: 'output_text', text: '', annotations: [] };
  emit({ type: 'response.content_part.added', item_id: message.id, output_index: index, content_index: 0, part: { ...part } });
  for (let at = 0; at < text.length; at += TEXT_DELTA_SIZE) {
    emit({ type: 'response.output_text.delta', item_id: message.id, output_index: index, content_index: 0, delta: text.slice(at, at + TEXT_DELTA_SIZE), logprobs: [] });
  }
  emit({ type: 'response.output_text.done', item_id: message.id, output_index: index, content_index: 0, text, logprobs: [] });
  part.text = text;
  emit({ type: 'response.content_part.done', item_id: message.id, output_index: index, content_index: 0, part });
  message.content = [part];
  message.status = 'completed';
  emit({ type: 'response.output_item.done', output_index: index, item: message });
}

/** Stored responses, for `previous_response_id` (listing reuse and approvals). */
export type ResponseStore = Map<string, WireResponse>;

/** The tools as the response echoes them: in the order sent, each mcp tool as OpenAI echoes it (no authorization, headers null). */
function echoTools(tools: unknown, mcp: readonly McpToolConfig[]): R.Tool[] {
  let next = 0;
  return (Array.isArray(tools) ? tools : []).filter(isRecord).map((tool) => (tool.type === 'mcp' ? echoMcpToolConfig(mcp[next++] as McpToolConfig) as R.Tool.Mcp : tool as unknown as R.Tool));
}

function textOfInput(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return '';
  const messages = input.filter((i): i is Record<string, unknown> => isRecord(i) && (i.type === 'message' || i.type === undefined) && i.role === 'user');
  const last = messages.at(-1);
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (!Array.isArray(last.content)) return '';
  return last.content.map((c) => (isRecord(c) && typeof c.text === 'string' ? c.text : '')).join('\n');
}

/**
 * One `POST /v1/responses` with `mcp` tools: list each server (unless a previous response in
 * context already did), run the calls that `parallax:call` lines ask for, and build the Response.
 * `emit` receives the streamed events in order, for streaming and non-streaming alike.
 */
export async function runResponse(body: Record<string, unknown>, context: JobContext, store: ResponseStore, emit: (event: UnnumberedEvent) => void): Promise<RunResult> {
  if (typeof body.model !== 'string') return { kind: 'bad_request', status: 400, error: body.model === undefined ? missingParameter('model') : invalidType('model', 'a string', body.model) };
  const checked = body.tools === undefined ? { error: null, mcp: [] } : checkTools(body.tools, 'tools', new Map(), 'responses');
  if (checked.error) return { kind: 'bad_request', status: 400, error: checked.error };
  let previous: WireResponse | undefined;
  if (body.previous_response_id !== undefined) {
    previous = typeof body.previous_response_id === 'string' ? store.get(body.previous_response_id) : undefined;
    if (!previous) return { kind: 'bad_request', status: 404, error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: `Previous response with id '${String(body.previous_response_id)}' not found.`, param: 'previous_response_id' } };
  }

  const output: R.ResponseOutputItem[] = [];
  const response: WireResponse = {
    id: newId('resp'),
    object: 'response',
    access_programs: null,
    created_at: Math.floor(Date.now() / 1000),
    status: 'in_progress',
    model: body.model,
    output,
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    metadata: isRecord(body.metadata) ? (body.metadata as Record<string, string>) : {},
    parallel_tool_calls: true,
    temperature: 1,
    top_p: 1,
    tool_choice: 'auto',
    tools: echoTools(body.tools, checked.mcp),
    previous_response_id: previous?.id ?? null,
    usage: { input_tokens: 0, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: 0, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 },
  };
  emit({ type: 'response.created', response: { ...response, output: [] } });
  emit({ type: 'response.in_progress', response: { ...response, output: [] } });
  const add = (item: R.ResponseOutputItem): number => {
    output.push(item);
    emit({ type: 'response.output_item.added', output_index: output.length - 1, item: { ...item } as R.ResponseOutputItem });
    return output.length - 1;
  };
  const done = (item: R.ResponseOutputItem, index: number) => emit({ type: 'response.output_item.done', output_index: index, item });

  // Listing: an mcp_list_tools item already in context (previous response or input) is not listed again.
  const listed: Listed[] = [];
  for (const config of checked.mcp) {
    const inContext = [...(previous?.output ?? []), ...(Array.isArray(body.input) ? (body.input as R.ResponseOutputItem[]) : [])];
    const earlier = inContext.find((i): i is R.ResponseOutputItem.McpListTools => isRecord(i) && i.type === 'mcp_list_tools' && i.server_label === config.server_label && Array.isArray(i.tools) && !i.error);
    if (earlier) {
      listed.push({ config, tools: earlier.tools as ImportedTool[] });
      continue;
    }
    const item: R.ResponseOutputItem.McpListTools = { id: newId('mcpl'), type: 'mcp_list_tools', server_label: config.server_label, tools: [], error: null };
    const index = add(item);
    emit({ type: 'response.mcp_list_tools.in_progress', item_id: item.id, output_index: index });
    const result = await importMcpTools(config, context);
    if (!result.ok) {
      item.error = result.message;
      emit({ type: 'response.mcp_list_tools.failed', item_id: item.id, output_index: index });
      done(item, index);
      return { kind: 'connector_error', status: 424, error: externalConnectorError(result.message) };
    }
    item.tools = result.tools;
    listed.push({ config, tools: result.tools });
    emit({ type: 'response.mcp_list_tools.completed', item_id: item.id, output_index: index });
    done(item, index);
  }

  const notes: string[] = [];
  const calls: { call: CallInstruction; listing: Listed; approvalId: string | null }[] = [];
  // Approvals answered in this request's input, for requests the previous response made.
  for (const answer of Array.isArray(body.input) ? body.input.filter((i): i is Record<string, unknown> => isRecord(i) && i.type === 'mcp_approval_response') : []) {
    const request = previous?.output.find((i): i is R.ResponseOutputItem.McpApprovalRequest => i.type === 'mcp_approval_request' && i.id === answer.approval_request_id);
    const listing = request && listed.find((l) => l.config.server_label === request.server_label);
    if (!request || !listing) {
      notes.push(`approval response for unknown request '${String(answer.approval_request_id)}'`);
      continue;
    }
    if (answer.approve !== true) {
      notes.push(`call of ${request.name} was not approved`);
      continue;
    }
    calls.push({ call: { serverLabel: request.server_label, tool: request.name, arguments: JSON.parse(request.arguments || '{}') as Record<string, unknown>, argumentsText: request.arguments }, listing, approvalId: request.id });
  }
  const instructions = parseCallInstructions([typeof body.instructions === 'string' ? body.instructions : '', textOfInput(body.input)].join('\n'));
  notes.push(...instructions.errors);
  for (const call of instructions.calls) {
    const listing = listed.find((l) => (call.serverLabel === null || l.config.server_label === call.serverLabel) && l.tools.some((t) => t.name === call.tool))
      ?? listed.find((l) => call.serverLabel !== null && l.tools.some((t) => t.name === `${call.serverLabel}/${call.tool}`));
    const tool = listing?.tools.find((t) => t.name === call.tool || t.name === `${call.serverLabel}/${call.tool}`);
    if (!listing || !tool) {
      notes.push(`tool '${call.tool}' is not among the ${listed.reduce((n, l) => n + l.tools.length, 0)} MCP tools listed`);
      continue;
    }
    if (requiresApproval(listing.config, tool)) {
      const request: R.ResponseOutputItem.McpApprovalRequest = { id: newId('mcpr'), type: 'mcp_approval_request', server_label: listing.config.server_label, name: tool.name, arguments: call.argumentsText };
      done(request, add(request));
      continue;
    }
    calls.push({ call: { ...call, tool: tool.name }, listing, approvalId: null });
  }

  for (const { call, listing, approvalId } of calls) {
    if (context.faults.has('function-call')) {
      // The function-call fault: the model names the MCP tool in a function_call, and nothing reaches the server.
      const fc: R.ResponseFunctionToolCall = { id: newId('fc'), type: 'function_call', call_id: newId('call'), name: call.tool, arguments: '', status: 'in_progress' };
      const at = add(fc);
      for (let from = 0; from < call.argumentsText.length; from += ARGUMENT_DELTA_SIZE) {
        emit({ type: 'response.function_call_arguments.delta', item_id: fc.id as string, output_index: at, delta: call.argumentsText.slice(from, from + ARGUMENT_DELTA_SIZE) });
      }
      fc.arguments = call.argumentsText;
      emit({ type: 'response.function_call_arguments.done', item_id: fc.id as string, output_index: at, arguments: call.argumentsText });
      fc.status = 'completed';
      done(fc, at);
      continue;
    }
    const item: R.ResponseOutputItem.McpCall = { id: newId('mcp'), type: 'mcp_call', server_label: listing.config.server_label, name: call.tool, arguments: '', approval_request_id: approvalId, output: null, error: null, status: 'in_progress' };
    const index = add(item);
    for (let at = 0; at < call.argumentsText.length; at += ARGUMENT_DELTA_SIZE) {
      emit({ type: 'response.mcp_call_arguments.delta', item_id: item.id, output_index: index, delta: call.argumentsText.slice(at, at + ARGUMENT_DELTA_SIZE) });
    }
    item.arguments = call.argumentsText;
    emit({ type: 'response.mcp_call_arguments.done', item_id: item.id, output_index: index, arguments: call.argumentsText });
    item.status = 'calling';
    emit({ type: 'response.mcp_call.in_progress', item_id: item.id, output_index: index });
    const outcome = await callMcpTool(listing.config, call.tool, call.arguments, context);
    if (outcome.kind === 'output') {
      item.output = outcome.output;
      item.status = 'completed';
      emit({ type: 'response.mcp_call.completed', item_id: item.id, output_index: index });
      done(item, index);
      continue;
    }
    item.status = 'failed';
    const error = callError(outcome, call.tool, listing.config.server_label);
    item.error = error;
    emit({ type: 'response.mcp_call.failed', item_id: item.id, output_index: index });
    done(item, index);
    // Reported: a call that runs past the connector's timeout fails the whole request with 424.
    if (outcome.kind === 'timeout') return { kind: 'connector_error', status: 424, error: externalConnectorError('message' in error ? error.message : describeMcpCallError(error)) };
  }

  if (output.length === 0 || notes.length > 0 || instructions.calls.length === 0 && calls.length === 0) {
    const text = `${EMULATOR_NOTE} ${notes.length > 0 ? notes.join('; ') : 'no tool call requested. Put a line "parallax:call <tool> {json args}" in the instructions or input to call one.'}`;
    streamMessage(text, add, emit);
  }
  response.status = 'completed';
  response.completed_at = Math.floor(Date.now() / 1000);
  store.set(response.id, response);
  emit({ type: 'response.completed', response });
  return { kind: 'response', response };
}
