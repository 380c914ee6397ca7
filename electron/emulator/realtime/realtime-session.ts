import type * as GA from 'openai/resources/realtime/realtime';
import type * as Beta from 'openai/resources/beta/realtime/realtime';
import type { Session as BetaSession } from 'openai/resources/beta/realtime/sessions';
import { checkTools, requiresApproval, type McpToolConfig } from '../../../shared/openai/mcp-tool-config';
import { invalidType, invalidValue, missingParameter, type OpenAIError } from '../../../shared/openai/openai-error';
import { BETA_ONLY_CLIENT_EVENTS, type RealtimeInterfaceName } from '../../../shared/openai/realtime-interfaces';
import type { FaultName } from '../faults';
import { newId } from '../ids';
import { callMcpTool, importMcpTools, type ImportedTool, type JobContext } from '../mcp-import';
import type { EmulatorOptions } from '../options';
import { parseCallInstructions, type CallInstruction } from '../tool-call-instructions';
import { checkSessionUpdate } from './session-update';
import { betaSession, gaSession, type BetaSessionObject, type GaSession } from './session-objects';

/** Beta's item events, carrying MCP items the beta types do not know (the API sends them anyway). */
type BetaItemCreated = Omit<Beta.ConversationItemCreatedEvent, 'item'> & { item: GA.ConversationItem };
type Item = GA.ConversationItem;

export interface RealtimeSessionInit {
  model: string;
  /** This connection is a beta client on the retired `beta-2025` profile. */
  beta: boolean;
  interface: RealtimeInterfaceName;
  /** GA: a beta-only client event (today's API answers beta_api_shape_disabled and closes). */
  onBetaOnlyEvent(): void;
  faults: ReadonlySet<FaultName>;
  options: EmulatorOptions;
  send(event: GA.RealtimeServerEvent | Beta.RealtimeServerEvent | BetaItemCreated): void;
}

interface ServerImport {
  config: McpToolConfig;
  itemId: string;
  /** null while listing is in progress or after it failed. */
  tools: ImportedTool[] | null;
}

const ARGUMENT_DELTA_SIZE = 24;
const EMULATOR_NOTE = '[Parallax local emulator]';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One emulated Realtime connection: session configuration, the MCP import in the documented
 * event order, conversation items, and responses whose tool calls come from `parallax:call`
 * instructions (there is no model).
 */
export class RealtimeEmulatorSession {
  private readonly session: GaSession | BetaSessionObject;
  private readonly items = new Map<string, Item>();
  private lastItemId: string | null = null;
  /** Full MCP definitions seen in this session, by label, for label-only reuse. */
  private readonly knownMcp = new Map<string, McpToolConfig>();
  private readonly imports = new Map<string, ServerImport>();
  private activeLabels: string[] = [];
  private readonly approvalRequests = new Map<string, { label: string; call: CallInstruction; executed: boolean }>();
  private responseActive = false;
  private readonly responseWaiters: (() => void)[] = [];
  private closed = false;
  private readonly context: JobContext;

  constructor(private readonly init: RealtimeSessionInit) {
    this.session = init.beta ? betaSession(init.model) : gaSession(init.model);
    this.context = { faults: init.faults, options: init.options };
  }

  get beta(): boolean {
    return this.init.beta;
  }

  start(): void {
    if (this.init.beta) this.init.send({ type: 'session.created', event_id: newId('event'), session: this.session as BetaSession } satisfies Beta.SessionCreatedEvent);
    else this.init.send({ type: 'session.created', event_id: newId('event'), session: this.session as GaSession } satisfies GA.SessionCreatedEvent);
  }

  close(): void {
    this.closed = true;
    for (const wake of this.responseWaiters.splice(0)) wake();
  }

  /** Handles one client frame. */
  handle(text: string): void {
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      this.error({ type: 'invalid_request_error', code: 'invalid_json', message: "The server failed to parse the event: it is not valid JSON.", param: null }, null);
      return;
    }
    if (!isRecord(event)) return this.error(invalidType('(event)', 'an object', event), null);
    const eventId = typeof event.event_id === 'string' ? event.event_id : null;
    if (this.init.interface === 'ga' && typeof event.type === 'string' && BETA_ONLY_CLIENT_EVENTS.includes(event.type)) {
      this.closed = true;
      return this.init.onBetaOnlyEvent();
    }
    switch (event.type) {
      case 'session.update': return this.onSessionUpdate(event, eventId);
      case 'conversation.item.create': return this.onItemCreate(event, eventId);
      case 'conversation.item.retrieve': return this.onItemRetrieve(event, eventId);
      case 'response.create': return void this.onResponseCreate(event, eventId);
      case undefined: return this.error(missingParameter('type'), eventId);
      default:
        return this.error(invalidValue('type', `Invalid value: '${String(event.type)}'. The local emulator handles session.update, conversation.item.create, conversation.item.retrieve and response.create.`), eventId);
    }
  }

  private send(event: Parameters<RealtimeSessionInit['send']>[0]): void {
    if (!this.closed) this.init.send(event);
  }

  private error(error: OpenAIError, eventId: string | null): void {
    this.send({ type: 'error', event_id: newId('event'), error: { ...error, event_id: eventId } } satisfies GA.RealtimeErrorEvent);
  }

  // ---- session.update and the MCP import ----

  private onSessionUpdate(event: Record<string, unknown>, eventId: string | null): void {
    const check = checkSessionUpdate(event.session, this.init.beta, this.knownMcp);
    if ('error' in check) return this.error(check.error, eventId);
    Object.assign(this.session, check.patch);
    if (this.init.beta) this.send({ type: 'session.updated', event_id: newId('event'), session: this.session as BetaSession } satisfies Beta.SessionUpdatedEvent);
    else this.send({ type: 'session.updated', event_id: newId('event'), session: this.session as GaSession } satisfies GA.SessionUpdatedEvent);
    if (check.mcp === null) return;
    this.activeLabels = check.mcp.map((c) => c.server_label);
    for (const config of check.mcp) {
      this.knownMcp.set(config.server_label, config);
      const previous = this.imports.get(config.server_label);
      // The same definition again is not listed again; a changed one is.
      if (previous && JSON.stringify(previous.config) === JSON.stringify(config)) continue;
      void this.runImport(config);
    }
  }

  private announce(item: Item): void {
    const previous = this.lastItemId;
    if (item.id) {
      this.items.set(item.id, item);
      this.lastItemId = item.id;
    }
    if (this.init.beta) this.send({ type: 'conversation.item.created', event_id: newId('event'), item, previous_item_id: previous } satisfies BetaItemCreated);
    else this.send({ type: 'conversation.item.added', event_id: newId('event'), item, previous_item_id: previous } satisfies GA.ConversationItemAdded);
  }

  /** GA only: the beta interface never sends `conversation.item.done`. */
  private finish(item: Item): void {
    if (item.id) this.items.set(item.id, item);
    if (!this.init.beta) this.send({ type: 'conversation.item.done', event_id: newId('event'), item, previous_item_id: null } satisfies GA.ConversationItemDone);
  }

  /** Resolves after the next response has finished, or after `slowListMs` (the slow-list fault). */
  private nextResponseDone(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.init.options.slowListMs);
      this.responseWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async runImport(config: McpToolConfig): Promise<void> {
    const item: GA.RealtimeMcpListTools = { id: newId('item'), type: 'mcp_list_tools', server_label: config.server_label, tools: [] };
    const itemId = item.id ?? '';
    const state: ServerImport = { config, itemId, tools: null };
    this.imports.set(config.server_label, state);
    if (this.init.options.announceListItemFirst) this.announce(item);
    this.send({ type: 'mcp_list_tools.in_progress', event_id: newId('event'), item_id: itemId } satisfies GA.McpListToolsInProgress);
    const held = this.init.faults.has('slow-list') ? this.nextResponseDone() : null;
    const result = await importMcpTools(config, this.context);
    if (held) await held;
    if (this.imports.get(config.server_label) !== state) return; // superseded by a newer definition
    if (result.ok) {
      state.tools = result.tools;
      item.tools = result.tools;
      this.send({ type: 'mcp_list_tools.completed', event_id: newId('event'), item_id: itemId } satisfies GA.McpListToolsCompleted);
      if (!this.init.options.announceListItemFirst) this.announce(item);
      this.finish(item);
      return;
    }
    this.send({ type: 'mcp_list_tools.failed', event_id: newId('event'), item_id: itemId } satisfies GA.McpListToolsFailed);
    if (!this.init.options.announceListItemFirst) this.announce(item);
    if (this.init.options.itemDoneAfterListFailure) this.finish(item);
    if (this.init.options.errorEventAfterListFailure) {
      this.error({ type: 'invalid_request_error', code: 'mcp_list_tools_failed', message: result.message, param: null }, null);
    }
  }

  // ---- conversation items ----

  private onItemCreate(event: Record<string, unknown>, eventId: string | null): void {
    const item = event.item;
    if (item === undefined) return this.error(missingParameter('item'), eventId);
    if (!isRecord(item)) return this.error(invalidType('item', 'an object', item), eventId);
    if (typeof item.type !== 'string') return this.error(missingParameter('item.type'), eventId);
    if (item.type === 'mcp_approval_response') {
      if (typeof item.approval_request_id !== 'string') return this.error(missingParameter('item.approval_request_id'), eventId);
      if (typeof item.approve !== 'boolean') return this.error(missingParameter('item.approve'), eventId);
      if (!this.approvalRequests.has(item.approval_request_id)) {
        return this.error({ type: 'invalid_request_error', code: 'invalid_value', message: `No mcp_approval_request with id '${item.approval_request_id}' in this conversation.`, param: 'item.approval_request_id' }, eventId);
      }
    }
    const stored = { ...item, id: typeof item.id === 'string' ? item.id : newId('item') } as Item;
    this.announce(stored);
    this.finish(stored);
  }

  private onItemRetrieve(event: Record<string, unknown>, eventId: string | null): void {
    if (typeof event.item_id !== 'string') return this.error(missingParameter('item_id'), eventId);
    const item = this.items.get(event.item_id);
    if (!item) return this.error({ type: 'invalid_request_error', code: 'item_not_found', message: `Item with item_id not found: ${event.item_id}`, param: 'item_id' }, eventId);
    this.send({ type: 'conversation.item.retrieved', event_id: newId('event'), item } satisfies GA.RealtimeServerEvent.ConversationItemRetrieved);
  }

  // ---- responses ----

  private instructionText(params: Record<string, unknown>): string {
    const fromResponse = typeof params.instructions === 'string' ? params.instructions : '';
    const fromSession = typeof this.session.instructions === 'string' ? this.session.instructions : '';
    const lastUser = [...this.items.values()].reverse().find((i): i is GA.RealtimeConversationItemUserMessage => i.type === 'message' && i.role === 'user');
    const userText = lastUser?.content.map((c) => c.text ?? c.transcript ?? '').join('\n') ?? '';
    return [fromResponse, fromSession, userText].join('\n');
  }

  private resolve(call: CallInstruction, turnLabels: readonly string[]): { state: ServerImport; tool: ImportedTool } | null {
    // Only servers configured for this session or turn count: `tools: []` takes them away.
    const configured = [...turnLabels, ...this.activeLabels];
    const labels = call.serverLabel ? configured.filter((l) => l === call.serverLabel) : configured;
    for (const label of labels) {
      const state = this.imports.get(label);
      const tool = state?.tools?.find((t) => t.name === call.tool);
      if (state && tool) return { state, tool };
    }
    // `label/name` may be a tool name containing a slash.
    if (call.serverLabel) return this.resolve({ ...call, serverLabel: null, tool: `${call.serverLabel}/${call.tool}` }, turnLabels);
    return null;
  }

  private async onResponseCreate(event: Record<string, unknown>, eventId: string | null): Promise<void> {
    if (this.responseActive) {
      return this.error({ type: 'invalid_request_error', code: 'conversation_already_has_active_response', message: 'Conversation already has an active response in progress.', param: null }, eventId);
    }
    const params = isRecord(event.response) ? event.response : {};
    let turnLabels: string[] = [];
    if (params.tools !== undefined) {
      const check = checkTools(params.tools, 'response.tools', this.knownMcp);
      if (check.error) return this.error(check.error, eventId);
      turnLabels = check.mcp.map((c) => c.server_label);
      this.responseActive = true;
      // [guess] Per-turn MCP tools are listed (same events as session tools) before the response starts.
      for (const config of check.mcp) {
        this.knownMcp.set(config.server_label, config);
        const previous = this.imports.get(config.server_label);
        if (!previous || JSON.stringify(previous.config) !== JSON.stringify(config)) await this.runImport(config);
      }
    }
    this.responseActive = true;
    const response: GA.RealtimeResponse = { id: newId('resp'), object: 'realtime.response', status: 'in_progress', output: [], conversation_id: newId('conv'), output_modalities: ['text'], max_output_tokens: 'inf', metadata: null };
    const responseId = response.id ?? '';
    this.send({ type: 'response.created', event_id: newId('event'), response: { ...response, output: [] } } satisfies GA.ResponseCreatedEvent);
    const output: Item[] = [];
    const emit = (item: Item) => {
      output.push(item);
      this.send({ type: 'response.output_item.added', event_id: newId('event'), response_id: responseId, output_index: output.length - 1, item } satisfies GA.ResponseOutputItemAddedEvent);
      this.announce(item);
      return output.length - 1;
    };
    const done = (item: Item, index: number) => {
      this.send({ type: 'response.output_item.done', event_id: newId('event'), response_id: responseId, output_index: index, item } satisfies GA.ResponseOutputItemDoneEvent);
      this.finish(item);
    };
    const notes: string[] = [];

    for (const [id, request] of this.approvalRequests) {
      if (request.executed) continue;
      const answer = [...this.items.values()].find((i): i is GA.RealtimeMcpApprovalResponse => i.type === 'mcp_approval_response' && i.approval_request_id === id);
      if (!answer) continue;
      request.executed = true;
      const state = this.imports.get(request.label);
      if (answer.approve && state) await this.runCall(state, request.call, id, responseId, emit, done);
      else if (!answer.approve) notes.push(`call of ${request.call.tool} was not approved`);
    }

    const { calls, errors } = parseCallInstructions(this.instructionText(params));
    notes.push(...errors);
    for (const call of calls) {
      const found = this.resolve(call, turnLabels);
      if (!found) {
        const loaded = [...this.imports.values()].reduce((n, s) => n + (s.tools?.length ?? 0), 0);
        notes.push(`tool '${call.tool}' is not among the ${loaded} MCP tools loaded so far`);
        continue;
      }
      if (requiresApproval(found.state.config, found.tool)) {
        const request: GA.RealtimeMcpApprovalRequest = { id: newId('mcpr'), type: 'mcp_approval_request', server_label: found.state.config.server_label, name: call.tool, arguments: call.argumentsText };
        this.approvalRequests.set(request.id, { label: found.state.config.server_label, call, executed: false });
        done(request, emit(request));
        continue;
      }
      await this.runCall(found.state, call, null, responseId, emit, done);
    }

    if (output.length === 0 || notes.length > 0) {
      const text = `${EMULATOR_NOTE} ${notes.length > 0 ? notes.join('; ') : 'no tool call requested. Put a line "parallax:call <tool> {json args}" in the instructions to call one.'}`;
      const message: GA.RealtimeConversationItemAssistantMessage = { id: newId('item'), object: 'realtime.item', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] };
      done(message, emit(message));
    }
    this.responseActive = false;
    this.send({ type: 'response.done', event_id: newId('event'), response: { ...response, status: 'completed', output } } satisfies GA.ResponseDoneEvent);
    for (const wake of this.responseWaiters.splice(0)) wake();
  }

  private async runCall(state: ServerImport, call: CallInstruction, approvalId: string | null, responseId: string, emit: (item: Item) => number, done: (item: Item, index: number) => void): Promise<void> {
    if (this.init.faults.has('function-call')) return this.emitFunctionCall(call, responseId, emit, done);
    const item: GA.RealtimeMcpToolCall = { id: newId('item'), type: 'mcp_call', server_label: state.config.server_label, name: call.tool, arguments: '', approval_request_id: approvalId, output: null, error: null };
    const index = emit(item);
    for (let at = 0; at < call.argumentsText.length; at += ARGUMENT_DELTA_SIZE) {
      this.send({ type: 'response.mcp_call_arguments.delta', event_id: newId('event'), item_id: item.id, output_index: index, response_id: responseId, delta: call.argumentsText.slice(at, at + ARGUMENT_DELTA_SIZE) } satisfies GA.ResponseMcpCallArgumentsDelta);
    }
    this.send({ type: 'response.mcp_call_arguments.done', event_id: newId('event'), item_id: item.id, output_index: index, response_id: responseId, arguments: call.argumentsText } satisfies GA.ResponseMcpCallArgumentsDone);
    item.arguments = call.argumentsText;
    this.items.set(item.id, { ...item });
    this.send({ type: 'response.mcp_call.in_progress', event_id: newId('event'), item_id: item.id, output_index: index } satisfies GA.ResponseMcpCallInProgress);
    const outcome = await callMcpTool(state.config, call.tool, call.arguments, this.context);
    switch (outcome.kind) {
      case 'output': item.output = outcome.output; break;
      case 'tool_error': item.error = { type: 'tool_execution_error', message: outcome.message }; break;
      case 'protocol_error': item.error = { type: 'protocol_error', code: outcome.code, message: outcome.message }; break;
      case 'http_error': item.error = { type: 'http_error', code: outcome.code, message: outcome.message }; break;
      case 'timeout': item.error = { type: 'http_error', code: 424, message: outcome.message }; break;
    }
    if (item.error) this.send({ type: 'response.mcp_call.failed', event_id: newId('event'), item_id: item.id, output_index: index } satisfies GA.ResponseMcpCallFailed);
    else this.send({ type: 'response.mcp_call.completed', event_id: newId('event'), item_id: item.id, output_index: index } satisfies GA.ResponseMcpCallCompleted);
    done(item, index);
  }

  /** The function-call fault: the model names the MCP tool in a function_call, and nothing reaches the server. */
  private emitFunctionCall(call: CallInstruction, responseId: string, emit: (item: Item) => number, done: (item: Item, index: number) => void): void {
    const item: GA.RealtimeConversationItemFunctionCall = { id: newId('item'), object: 'realtime.item', type: 'function_call', call_id: newId('call'), name: call.tool, arguments: '', status: 'in_progress' };
    const index = emit(item);
    const callId = item.call_id as string;
    for (let at = 0; at < call.argumentsText.length; at += ARGUMENT_DELTA_SIZE) {
      this.send({ type: 'response.function_call_arguments.delta', event_id: newId('event'), item_id: item.id as string, output_index: index, response_id: responseId, call_id: callId, delta: call.argumentsText.slice(at, at + ARGUMENT_DELTA_SIZE) } satisfies GA.ResponseFunctionCallArgumentsDeltaEvent);
    }
    this.send({ type: 'response.function_call_arguments.done', event_id: newId('event'), item_id: item.id as string, output_index: index, response_id: responseId, call_id: callId, name: call.tool, arguments: call.argumentsText } satisfies GA.ResponseFunctionCallArgumentsDoneEvent);
    item.arguments = call.argumentsText;
    item.status = 'completed';
    this.items.set(item.id as string, { ...item });
    done(item, index);
  }
}
