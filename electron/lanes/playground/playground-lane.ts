import type { ResponseCreateParamsStreaming, Tool } from 'openai/resources/responses/responses';
import { resolveHostAddresses } from '../../net/host-addresses';
import type { CaptureSink } from '../../../shared/capture/envelope';
import type { HostedCall, HostedError, HostedListing, PlaygroundResult } from '../../../shared/lanes/hosted-lane-result';
import { localHostOf, mcpToolConfigFor, redactedServerDescription, type ServerDescription } from '../../../shared/lanes/server-description';
import type { McpToolConfig } from '../../../shared/openai/mcp-tool-config';
import { describeMcpCallError } from '../../../shared/openai/mcp-call-error';
import { ResponsesMcpCallItemSchema, ResponsesMcpListToolsItemSchema, mcpListToolsItemsOf } from '../../../shared/openai/responses-events';
import { RealtimeMcpApprovalRequestItemSchema } from '../../../shared/openai/realtime-events';
import { createRecordingFetch, type BodyLimits, type RecordingFetch } from '../inspector/recording-fetch';
import { redactingSink } from '../wire/redacting-sink';
import { StepLog, type ProgressListener } from '../wire/step-log';
import { callInstructions, type ApprovalDecider, type ToolCallRequest } from '../wire/tool-call-request';
import { ResponsesRecorder } from './responses-recorder';
import { streamResponse, type StreamError, type StreamOutcome } from './responses-stream';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_RESPONSES_MODEL = 'gpt-4.1';

/** The listing request asks for nothing else; the import happens before the model runs. */
const LIST_INPUT = 'Reply with the single word OK. Do not call any tool.';

export interface PlaygroundLaneOptions {
  server: ServerDescription;
  /** The OpenAI key; null sends none (an emulator, or to show the 401). */
  apiKey: string | null;
  /** Defaults to `https://api.openai.com/v1`. */
  baseUrl?: string;
  model?: string;
  call?: { name: string; arguments: Record<string, unknown> };
  /** Answers approval requests; without it they are approved automatically. */
  approve?: ApprovalDecider;
  /** Per request, from sending it to the end of its stream. */
  requestTimeoutMs?: number;
  /** What is kept of each HTTP frame and the largest answer read (default: DEFAULT_LIMITS). */
  limits?: BodyLimits;
  conn?: string;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

interface Run {
  http: RecordingFetch;
  recorder: ResponsesRecorder;
  steps: StepLog;
  options: PlaygroundLaneOptions;
  baseUrl: string;
  model: string;
  config: McpToolConfig;
}

function errorCodeOf(error: StreamError): HostedError['code'] {
  if (error.status === 401 || error.status === 403) return 'unauthorized';
  if (error.status === 424) return 'list-failed';
  switch (error.kind) {
    case 'http': return 'http-error';
    case 'network': return 'connect-failed';
    case 'timeout': return 'timeout';
    case 'aborted': return 'aborted';
    case 'truncated': return 'protocol';
    default: return 'api-error';
  }
}

function describeStreamError(error: StreamError): string {
  const label = [error.type, error.code].filter(Boolean).join(', ');
  if (error.kind === 'http') return `HTTP ${error.status ?? '?'}${label ? ` ${label}` : ''}: ${error.message}`;
  if (error.kind === 'stream-error') return `error event${error.code ? ` (${error.code})` : ''}: ${error.message}`;
  if (error.kind === 'response-failed') return `response.failed${error.code ? ` (${error.code})` : ''}: ${error.message}`;
  return error.message;
}

/** The `mcp_list_tools` items of one response, read from the stream as the Playground shows them. */
function listingsOf(outcome: StreamOutcome): HostedListing[] {
  const items = new Map<string, HostedListing>();
  const itemFor = (id: string, label: string) => {
    let item = items.get(id);
    if (!item) {
      item = { itemId: id, serverLabel: label, outcome: 'incomplete', source: null, tools: [], evidence: [] };
      items.set(id, item);
    }
    return item;
  };
  for (const { event, seq } of outcome.events) {
    const item = ResponsesMcpListToolsItemSchema.safeParse((event as { item?: unknown }).item);
    if (item.success && (event.type === 'response.output_item.added' || event.type === 'response.output_item.done')) {
      const listing = itemFor(item.data.id, item.data.server_label);
      listing.evidence.push(seq);
      if (event.type === 'response.output_item.done') {
        listing.source = 'response.output_item.done';
        listing.tools = item.data.tools;
        if (item.data.error) listing.error = item.data.error;
      }
      continue;
    }
    const itemId = (event as { item_id?: unknown }).item_id;
    if (typeof itemId === 'string' && (event.type === 'response.mcp_list_tools.completed' || event.type === 'response.mcp_list_tools.failed')) {
      const listing = items.get(itemId) ?? itemFor(itemId, '(unknown)');
      listing.evidence.push(seq);
      listing.outcome = event.type === 'response.mcp_list_tools.completed' ? 'completed' : 'failed';
    }
  }
  // A stream that skipped output_item.done still ends with the full response.
  for (const finished of mcpListToolsItemsOf(outcome.final)) {
    const listing = itemFor(finished.id, finished.server_label);
    if (listing.source !== null) continue;
    listing.source = 'response.completed';
    listing.tools = finished.tools;
    if (finished.error) listing.error = finished.error;
    if (listing.outcome === 'incomplete') listing.outcome = finished.error ? 'failed' : 'completed';
  }
  return [...items.values()].map((l) => (l.outcome === 'completed' && l.source === null ? { ...l, outcome: 'incomplete' } : l));
}

function requestSignal(options: PlaygroundLaneOptions): AbortSignal {
  const timeout = AbortSignal.timeout(options.requestTimeoutMs ?? 120_000);
  return options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
}

/** `listing`: this is the request whose import the lane reports, so its progress shows in the status line. */
async function send(run: Run, body: ResponseCreateParamsStreaming, listing = false): Promise<StreamOutcome> {
  return streamResponse(run.http, run.recorder, run.baseUrl, run.options.apiKey, body, requestSignal(run.options), (type) => {
    if (listing && type === 'response.mcp_list_tools.in_progress') run.steps.step('list-tools', 'running', 'listing');
  });
}

/**
 * The Playground lane: `POST /v1/responses` with the server as an `mcp` tool, streamed, and the
 * tool list from the `mcp_list_tools` output item, as OpenAI's Playground gets it. HTTP errors
 * (424 when the hosted client cannot list the server) become a status in words. Never throws
 * for the API's or the server's fault.
 */
export async function runPlaygroundLane(options: PlaygroundLaneOptions, sink: CaptureSink): Promise<PlaygroundResult> {
  const baseUrl = options.baseUrl ?? DEFAULT_OPENAI_BASE_URL;
  const model = options.model ?? DEFAULT_RESPONSES_MODEL;
  const recorder = new ResponsesRecorder(redactingSink(sink, [options.apiKey]), options.conn ?? 'playground', 'playground');
  const steps = new StepLog(recorder, options.onProgress);
  const result: PlaygroundResult = {
    lane: 'playground', status: 'failed', endpoint: `${baseUrl.replace(/\/+$/, '')}/responses`, model, steps: steps.steps, tools: [], listings: [], responseIds: [],
  };
  const finish = (): PlaygroundResult => {
    if (result.status !== 'skipped') result.status = result.error ? 'failed' : 'ok';
    recorder.meta('lane-result', { status: result.status, tools: result.tools.map((t) => t.name), ...(result.error ? { error: result.error.message } : {}) });
    return result;
  };
  const fail = (error: HostedError, step: Parameters<StepLog['step']>[0]): PlaygroundResult => {
    result.error = error;
    steps.step(step, 'failed', error.message);
    recorder.meta('lane-error', { code: error.code, message: error.message });
    return finish();
  };

  recorder.meta('lane-config', { endpoint: result.endpoint, model, apiKey: options.apiKey ? 'provided' : 'none', server: redactedServerDescription(options.server), ...(options.call ? { call: options.call.name } : {}) });
  const plan = mcpToolConfigFor(options.server);
  if (!plan.ok) {
    result.status = 'skipped';
    result.skipped = plan.reason;
    steps.step('request', 'skipped', plan.reason);
    return finish();
  }
  // OpenAI resolves the name from the public Internet; what it resolves to here shows a private-only name.
  const resolved = options.server.url !== undefined ? await resolveHostAddresses(options.server.url) : null;
  if (resolved) recorder.meta('server-address', { ...resolved });
  const local = options.server.url !== undefined ? localHostOf(options.server.url) : null;
  if (local && /(^|\.)openai\.com$/i.test(hostOf(baseUrl))) {
    recorder.meta('warning', { message: `OpenAI's servers cannot reach ${local}; expect HTTP 424 unless the server is behind a public tunnel` });
  }
  if (!/^https?:\/\//i.test(baseUrl)) return fail({ code: 'bad-input', message: `the OpenAI base URL must be http(s), got ${JSON.stringify(baseUrl)}`, evidence: [] }, 'request');

  const http = createRecordingFetch(recorder, options.limits ? { limits: options.limits } : {});
  const run: Run = { http, recorder, steps, options, baseUrl, model, config: plan.config };
  try {
    steps.step('request', 'running', `POST ${result.endpoint}`);
    const listing = await send(run, { model, input: LIST_INPUT, tools: [plan.config as Tool.Mcp], stream: true }, true);
    if (listing.status !== undefined) result.httpStatus = listing.status;
    if (listing.responseId) result.responseIds.push(listing.responseId);
    result.listings = listingsOf(listing);
    result.tools = result.listings.flatMap((l) => (l.outcome === 'completed' ? l.tools : []));
    const evidence = [listing.requestSeq, listing.error?.seq].filter((s): s is number => s !== undefined);
    const failedListing = result.listings.find((l) => l.outcome !== 'completed');
    if (failedListing) {
      const why = failedListing.error ?? (listing.error ? describeStreamError(listing.error) : 'no error message');
      return fail({ code: 'list-failed', message: `mcp_list_tools.${failedListing.outcome === 'failed' ? 'failed' : 'completed without its tools'} for "${failedListing.serverLabel}": ${why}`, evidence: [...failedListing.evidence, ...evidence] }, 'list-tools');
    }
    if (listing.error) return fail({ code: errorCodeOf(listing.error), message: describeStreamError(listing.error), evidence }, listing.status === undefined || listing.error.kind === 'http' ? 'request' : 'list-tools');
    if (result.listings.length === 0) {
      return fail({ code: 'no-mcp-tool', message: 'the response has no mcp_list_tools item: the API did not list the server', evidence }, 'list-tools');
    }
    steps.step('list-tools', 'ok', `listed ${result.tools.length} tools`, result.tools.length);

    if (options.call && listing.responseId) {
      const owner = result.listings.find((l) => l.tools.some((t) => t.name === options.call?.name));
      if (!owner) {
        result.call = { name: options.call.name, serverLabel: options.server.label, arguments: JSON.stringify(options.call.arguments), status: 'not-called', detail: `"${options.call.name}" is not among the ${result.tools.length} tools this lane listed`, evidence: [] };
        steps.step('call-tool', 'skipped', result.call.detail ?? '');
      } else {
        result.call = await callTool(run, { serverLabel: owner.serverLabel, ...options.call }, listing.responseId, result.responseIds);
      }
    }
    return finish();
  } finally {
    http.abortAll('the Playground lane finished');
    await http.settled();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Asks for one call in a follow-up response (the listing stays in context), answering the approval request if one comes. */
async function callTool(run: Run, request: ToolCallRequest, previousId: string, responseIds: string[]): Promise<HostedCall> {
  const call: HostedCall = { name: request.name, serverLabel: request.serverLabel, arguments: JSON.stringify(request.arguments), status: 'not-called', evidence: [] };
  const tools = [run.config as Tool.Mcp];
  run.steps.step('call-tool', 'running', `calling ${request.name}`);
  let outcome = await send(run, {
    model: run.model, previous_response_id: previousId, input: callInstructions(request), tools,
    tool_choice: { type: 'mcp', server_label: request.serverLabel, name: request.name }, stream: true,
  });
  if (outcome.responseId) responseIds.push(outcome.responseId);
  const approval = outcome.events.map((e) => ({ parsed: RealtimeMcpApprovalRequestItemSchema.safeParse((e.event as { item?: unknown }).item), seq: e.seq, type: e.event.type }))
    .find((e) => e.type === 'response.output_item.done' && e.parsed.success);
  if (approval?.parsed.success && outcome.responseId) {
    const asked = approval.parsed.data;
    call.evidence.push(approval.seq);
    const by = run.options.approve ? 'user' : 'auto';
    run.steps.step('approval', 'running', `approval requested for ${asked.name}`);
    const approved = run.options.approve ? await run.options.approve({ serverLabel: asked.server_label, name: asked.name, arguments: asked.arguments }) : true;
    call.approval = { requestId: asked.id, approved, by };
    run.steps.step('approval', 'ok', `${approved ? 'approved' : 'denied'} ${by === 'auto' ? 'automatically' : 'by the user'}`);
    outcome = await send(run, { model: run.model, previous_response_id: outcome.responseId, input: [{ type: 'mcp_approval_response', approval_request_id: asked.id, approve: approved }], tools, stream: true });
    if (outcome.responseId) responseIds.push(outcome.responseId);
  }
  for (const { event, seq } of outcome.events) {
    const item = ResponsesMcpCallItemSchema.safeParse((event as { item?: unknown }).item);
    if (event.type !== 'response.output_item.done' || !item.success) continue;
    call.evidence.push(seq);
    call.arguments = item.data.arguments;
    call.output = item.data.output ?? null;
    call.status = item.data.error ? 'failed' : 'completed';
    if (item.data.error) call.error = item.data.error;
  }
  if (call.status === 'completed') {
    run.steps.step('call-tool', 'ok', `${request.name} returned`);
    return call;
  }
  const streamError = outcome.error ? describeStreamError(outcome.error) : null;
  call.detail = call.status === 'failed'
    ? `${request.name} failed: ${call.error !== undefined ? describeMcpCallError(call.error) : streamError ?? 'no error message'}`
    : call.approval && !call.approval.approved ? `${request.name} was not called: the approval was denied` : `${request.name} was not called${streamError ? `: ${streamError}` : ': the response has no mcp_call item'}`;
  if (outcome.error?.seq !== undefined) call.evidence.push(outcome.error.seq);
  // As in the Inspector lane, a failed call is a finding about the tool, not a failed lane.
  run.steps.step('call-tool', 'failed', call.detail);
  return call;
}
