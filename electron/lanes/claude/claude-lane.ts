import type { BetaContentBlock, BetaMessage } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import {
  ANTHROPIC_VERSION, claudeRequestFor, legacyToolEnabled, MCP_CLIENT_BETA_DEPRECATED, MCP_CLIENT_BETA_LISTING, toolEnabled,
  type ClaudeMcpServer, type ClaudeMcpToolset, type McpClientBeta,
} from '../../../shared/anthropic/mcp-connector-request';
import type { CaptureSink } from '../../../shared/capture/envelope';
import type { ClaudeListing, ClaudeResult } from '../../../shared/lanes/claude-lane-result';
import type { HostedCall, HostedError } from '../../../shared/lanes/hosted-lane-result';
import { localHostOf, redactedServerDescription, type ServerDescription } from '../../../shared/lanes/server-description';
import { createRecordingFetch, type BodyLimits, type RecordingFetch } from '../inspector/recording-fetch';
import { redactingSink } from '../wire/redacting-sink';
import { StepLog, type ProgressListener } from '../wire/step-log';
import { callInstructions } from '../wire/tool-call-request';
import { ClaudeRecorder } from './claude-recorder';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const DEFAULT_CLAUDE_MODEL = 'claude-sonnet-4-5';
/** Enough for a short answer; the listing happens before the model runs. */
const MAX_TOKENS = 256;
const LIST_PROMPT = 'Reply with the single word OK. Do not call any tool.';

export interface ClaudeLaneOptions {
  server: ServerDescription;
  /** The Anthropic key; null sends none (an emulator, or to show the 401). */
  apiKey: string | null;
  /** Defaults to `https://api.anthropic.com`; the lane posts to `<base>/v1/messages`. */
  baseUrl?: string;
  model?: string;
  /** The connector beta; default mcp-client-2026-09-15, whose responses report the listing. */
  beta?: McpClientBeta;
  call?: { name: string; arguments: Record<string, unknown> };
  requestTimeoutMs?: number;
  /** What is kept of each HTTP frame and the largest answer read (default: DEFAULT_LIMITS). */
  limits?: BodyLimits;
  conn?: string;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

interface Sent {
  status?: number;
  message?: BetaMessage;
  error?: HostedError;
  requestSeq?: number;
  bodySeq?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function errorCode(status: number): HostedError['code'] {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 400) return 'api-error';
  return 'http-error';
}

/** One `POST <base>/v1/messages`, JSON in and out, through the recording fetch. */
async function send(http: RecordingFetch, recorder: ClaudeRecorder, endpoint: string, options: ClaudeLaneOptions, beta: string, body: Record<string, unknown>): Promise<Sent> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION, 'anthropic-beta': beta };
  if (options.apiKey !== null) headers['x-api-key'] = options.apiKey;
  const timeout = AbortSignal.timeout(options.requestTimeoutMs ?? 120_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await http.fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(body), signal });
  } catch (error) {
    const exchange = http.exchanges.at(-1);
    const code = signal.aborted ? (timeout.aborted ? 'timeout' : 'aborted') : 'connect-failed';
    return { ...(exchange ? { requestSeq: exchange.requestSeq } : {}), error: { code, message: exchange?.error ?? (error instanceof Error ? error.message : String(error)), evidence: exchange ? [exchange.requestSeq] : [] } };
  }
  const exchange = http.exchanges.at(-1);
  const text = await response.text().catch(() => '');
  const bodySeq = exchange ? recorder.bodySeq(exchange.exchange) : undefined;
  const sent: Sent = { status: response.status, ...(exchange ? { requestSeq: exchange.requestSeq } : {}), ...(bodySeq !== undefined ? { bodySeq } : {}) };
  const evidence = [exchange?.responseSeq, bodySeq].filter((s): s is number => s !== undefined);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    sent.error = { code: response.ok ? 'protocol' : errorCode(response.status), message: `HTTP ${response.status}: the body is not JSON: ${text.slice(0, 200)}`, evidence };
    return sent;
  }
  if (!response.ok) {
    // Anthropic's error body: {"type":"error","error":{"type","message"},"request_id"}.
    const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : {};
    const label = typeof error.type === 'string' ? ` ${error.type}` : '';
    sent.error = { code: errorCode(response.status), message: `HTTP ${response.status}${label}: ${typeof error.message === 'string' ? error.message : text.slice(0, 200)}`, evidence };
    return sent;
  }
  if (!isRecord(parsed) || parsed.type !== 'message' || !Array.isArray(parsed.content)) {
    sent.error = { code: 'protocol', message: 'the answer is not a Messages API message (type "message" with content blocks)', evidence };
    return sent;
  }
  sent.message = parsed as unknown as BetaMessage;
  return sent;
}

function enabledIn(beta: McpClientBeta, server: ClaudeMcpServer, toolset: ClaudeMcpToolset | undefined, tool: string): boolean {
  return beta === MCP_CLIENT_BETA_DEPRECATED ? legacyToolEnabled(server, tool) : toolEnabled(toolset ?? {}, tool);
}

/**
 * The Claude lane: `POST /v1/messages` with the server in `mcp_servers` and an `mcp_toolset`
 * for it, as an app using Anthropic's MCP connector sends it. The tool list comes from the
 * response's `mcp_tool_listing` block (mcp-client-2026-09-15); under the documented 2025-11-20
 * beta the API reports no listing, and the lane says so rather than guessing. Never throws for
 * the API's or the server's fault.
 */
export async function runClaudeLane(options: ClaudeLaneOptions, sink: CaptureSink): Promise<ClaudeResult> {
  const base = (options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL).replace(/\/+$/, '').replace(/\/v1$/, '');
  const endpoint = `${base}/v1/messages`;
  const model = options.model ?? DEFAULT_CLAUDE_MODEL;
  const beta = options.beta ?? MCP_CLIENT_BETA_LISTING;
  // The server's token travels in the request body (authorization_token): it never reaches the capture either.
  const recorder = new ClaudeRecorder(redactingSink(sink, [options.apiKey, options.server.authorization]), options.conn ?? 'claude', 'claude');
  const steps = new StepLog(recorder, options.onProgress);
  const result: ClaudeResult = {
    lane: 'claude', status: 'failed', endpoint, model, beta, steps: steps.steps, tools: [], listings: [], listingUnreported: false, droppedHeaders: [], messageIds: [],
  };
  const finish = (): ClaudeResult => {
    if (result.status !== 'skipped') result.status = result.error ? 'failed' : 'ok';
    recorder.meta('lane-result', { status: result.status, tools: result.tools.map((t) => t.name), ...(result.error ? { error: result.error.message } : {}) });
    return result;
  };
  const fail = (error: HostedError, step: 'request' | 'list-tools'): ClaudeResult => {
    result.error = error;
    steps.step(step, 'failed', error.message);
    recorder.meta('lane-error', { code: error.code, message: error.message });
    return finish();
  };

  recorder.meta('lane-config', { endpoint, model, beta, apiKey: options.apiKey ? 'provided' : 'none', server: redactedServerDescription(options.server), ...(options.call ? { call: options.call.name } : {}) });
  const plan = claudeRequestFor(options.server, beta);
  if (!plan.ok) {
    result.status = 'skipped';
    result.skipped = plan.reason;
    steps.step('request', 'skipped', plan.reason);
    return finish();
  }
  result.droppedHeaders = plan.droppedHeaders;
  if (plan.droppedHeaders.length > 0) recorder.meta('warning', { code: 'claude-headers-dropped', headers: plan.droppedHeaders, message: `Anthropic's MCP connector has no field for custom headers; not sent: ${plan.droppedHeaders.join(', ')}` });
  const local = options.server.url !== undefined ? localHostOf(options.server.url) : null;
  if (/(^|\.)anthropic\.com$/i.test(hostOf(base)) && (local || !/^https:/i.test(options.server.url ?? ''))) {
    recorder.meta('warning', { code: 'claude-url-not-public', message: `Anthropic's servers need a public https URL; ${local ?? 'a plain http URL'} will be refused` });
  }
  if (!/^https?:\/\//i.test(base)) return fail({ code: 'bad-input', message: `the Anthropic base URL must be http(s), got ${JSON.stringify(base)}`, evidence: [] }, 'request');

  const http = createRecordingFetch(recorder, options.limits ? { limits: options.limits } : {});
  const request = (content: string) => ({ model, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content }], mcp_servers: plan.mcpServers, ...(plan.tools.length > 0 ? { tools: plan.tools } : {}) });
  try {
    steps.step('request', 'running', `POST ${endpoint}`);
    const listing = await send(http, recorder, endpoint, options, beta, request(LIST_PROMPT));
    if (listing.status !== undefined) result.httpStatus = listing.status;
    if (listing.error || !listing.message) return fail(listing.error ?? { code: 'protocol', message: 'no message', evidence: [] }, listing.status === 400 ? 'list-tools' : 'request');
    result.messageIds.push(listing.message.id);
    const evidence = [listing.bodySeq].filter((s): s is number => s !== undefined);
    result.listings = listingsOf(listing.message.content, evidence, beta, plan.mcpServers, plan.tools);
    result.tools = result.listings.flatMap((l) => l.tools.filter((t) => t.enabled));
    if (result.listings.length === 0) {
      result.listingUnreported = true;
      steps.step('list-tools', 'ok', beta === MCP_CLIENT_BETA_LISTING ? 'the response has no mcp_tool_listing block' : `the server answered; ${beta} reports no tool listing (use ${MCP_CLIENT_BETA_LISTING} to see it)`);
    } else {
      const disabled = result.listings.reduce((n, l) => n + l.tools.filter((t) => !t.enabled).length, 0);
      steps.step('list-tools', 'ok', `listed ${result.tools.length} tools${disabled > 0 ? ` (${disabled} disabled by the toolset configuration)` : ''}`, result.tools.length);
    }
    if (options.call) result.call = await callTool(http, recorder, endpoint, options, beta, request(callInstructions({ serverLabel: options.server.label, ...options.call })), result, steps);
    return finish();
  } finally {
    http.abortAll('the Claude lane finished');
    await http.settled();
  }
}

function listingsOf(content: readonly BetaContentBlock[], evidence: number[], beta: McpClientBeta, servers: ClaudeMcpServer[], toolsets: ClaudeMcpToolset[]): ClaudeListing[] {
  const listings: ClaudeListing[] = [];
  for (const block of content) {
    if (block.type !== 'mcp_tool_listing') continue;
    const server = servers.find((s) => s.name === block.mcp_server_name) ?? { type: 'url', url: '', name: block.mcp_server_name };
    const toolset = toolsets.find((t) => t.mcp_server_name === block.mcp_server_name);
    listings.push({
      serverName: block.mcp_server_name,
      tools: block.tools.map((t) => ({ name: t.name, description: t.description ?? null, input_schema: t.input_schema, enabled: enabledIn(beta, server, toolset, t.name) })),
      evidence,
    });
  }
  return listings;
}

async function callTool(http: RecordingFetch, recorder: ClaudeRecorder, endpoint: string, options: ClaudeLaneOptions, beta: string, body: Record<string, unknown>, result: ClaudeResult, steps: StepLog): Promise<HostedCall> {
  const request = options.call as NonNullable<ClaudeLaneOptions['call']>;
  const call: HostedCall = { name: request.name, serverLabel: options.server.label, arguments: JSON.stringify(request.arguments), status: 'not-called', evidence: [] };
  if (!result.listingUnreported && !result.tools.some((t) => t.name === request.name)) {
    call.detail = `"${request.name}" is not among the ${result.tools.length} tools the model is offered`;
    steps.step('call-tool', 'skipped', call.detail);
    return call;
  }
  steps.step('call-tool', 'running', `calling ${request.name}`);
  const sent = await send(http, recorder, endpoint, options, beta, body);
  if (sent.bodySeq !== undefined) call.evidence.push(sent.bodySeq);
  if (sent.message) result.messageIds.push(sent.message.id);
  const content = sent.message?.content ?? [];
  const use = content.find((b): b is Extract<BetaContentBlock, { type: 'mcp_tool_use' }> => b.type === 'mcp_tool_use' && b.name === request.name);
  const done = use && content.find((b) => b.type === 'mcp_tool_result' && b.tool_use_id === use.id);
  if (use) call.arguments = JSON.stringify(use.input);
  if (done?.type === 'mcp_tool_result') {
    const text = typeof done.content === 'string' ? done.content : done.content.map((c) => c.text).join('\n');
    call.status = done.is_error ? 'failed' : 'completed';
    call.output = text;
    if (done.is_error) call.error = text;
  }
  if (call.status === 'completed') {
    steps.step('call-tool', 'ok', `${request.name} returned`);
    return call;
  }
  const said = content.filter((b) => b.type === 'text').map((b) => (b.type === 'text' ? b.text : '')).join(' ');
  call.detail = call.status === 'failed' ? `${request.name} failed: ${String(call.error)}` : `${request.name} was not called: ${sent.error?.message ?? (said || 'the message has no mcp_tool_use block')}`;
  // As in the other lanes, a failed call is a finding about the tool, not a failed lane.
  steps.step('call-tool', 'failed', call.detail);
  return call;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
