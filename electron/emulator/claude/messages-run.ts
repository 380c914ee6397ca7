import { randomBytes } from 'node:crypto';
import type { BetaErrorObject } from '@anthropic-ai/sdk/resources/beta/beta';
import type {
  BetaContentBlock, BetaMCPToolListingBlock, BetaMCPToolResultBlock, BetaMCPToolUseBlock, BetaMessage, BetaTextBlock,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import {
  legacyToolEnabled, MCP_CLIENT_BETA_DEPRECATED, MCP_CLIENT_BETA_LISTING, MCP_CLIENT_BETAS, toolEnabled,
  type ClaudeListedTool, type ClaudeMcpServer, type ClaudeMcpToolset, type McpClientBeta,
} from '../../../shared/anthropic/mcp-connector-request';
import type { FaultName } from '../faults';
import type { EmulatorOptions } from '../options';
import { nonPublicAddressOf } from '../private-network';
import { parseCallInstructions } from '../tool-call-instructions';
import { callClaudeServerTool, ClaudeConnectorFailure, listClaudeServerTools } from './claude-connector';

export type MessagesRunResult =
  | { kind: 'message'; message: BetaMessage }
  | { kind: 'error'; status: number; error: BetaErrorObject };

export interface MessagesContext {
  faults: ReadonlySet<FaultName>;
  options: EmulatorOptions;
  /** The `anthropic-beta` header's comma-separated values. */
  betas: string[];
}

const EMULATOR_NOTE = '[Parallax local emulator]';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (message: string): MessagesRunResult => ({ kind: 'error', status: 400, error: { type: 'invalid_request_error', message } });

/** Ids shaped like the API's (`msg_…`, and `mcptoolu_…` as in the docs' mcp_tool_use example). */
function newId(prefix: 'msg' | 'mcptoolu'): string {
  return `${prefix}_01${randomBytes(11).toString('hex')}`;
}

interface Server {
  definition: ClaudeMcpServer;
  toolset?: ClaudeMcpToolset;
  /** The listing the connector fetched, or the toolset's pinned `tools`. */
  listed: ClaudeListedTool[];
  fetched: boolean;
}

/** The connector beta the request opted into, or null (then `mcp_servers` is an unknown field). */
function betaOf(betas: readonly string[]): McpClientBeta | null {
  return MCP_CLIENT_BETAS.find((b) => betas.includes(b)) ?? null;
}

/** Checks `mcp_servers` and the `mcp_toolset` entries against the documented rules. Messages marked [ours] are not the API's. */
function checkServers(body: Record<string, unknown>, beta: McpClientBeta, options: EmulatorOptions): { servers: Server[] } | { error: MessagesRunResult } {
  const raw = body.mcp_servers;
  if (!Array.isArray(raw)) return { error: invalid('mcp_servers: Input should be a valid list') };
  const servers: Server[] = [];
  for (const [index, entry] of raw.entries()) {
    const at = `mcp_servers.${index}`;
    if (!isRecord(entry)) return { error: invalid(`${at}: Input should be an object`) };
    // Documented: type "url" is the only one; url and name are required.
    if (entry.type !== 'url') return { error: invalid(`${at}.type: Input should be 'url'`) };
    if (typeof entry.url !== 'string') return { error: invalid(`${at}.url: Field required`) };
    if (typeof entry.name !== 'string' || entry.name === '') return { error: invalid(`${at}.name: Field required`) };
    // Documented: "Must start with https://". The emulator's own fixtures are plain http on
    // 127.0.0.1, so it lets http through while private addresses are allowed [deviation, marked].
    if (!/^https:\/\//i.test(entry.url) && !(options.allowPrivateNetwork && /^http:\/\//i.test(entry.url))) {
      return { error: invalid(`${at}.url: the MCP server URL must start with https://`) };
    }
    if (servers.some((s) => s.definition.name === entry.name)) return { error: invalid(`${at}.name: MCP server name '${entry.name}' is used more than once`) };
    if (entry.tool_configuration !== undefined && beta !== MCP_CLIENT_BETA_DEPRECATED) {
      // The 2025-11-20 migration moved tool_configuration into mcp_toolset [assumption: the old field is refused].
      return { error: invalid(`${at}.tool_configuration: Extra inputs are not permitted (use an mcp_toolset in tools)`) };
    }
    servers.push({ definition: entry as unknown as ClaudeMcpServer, listed: [], fetched: false });
  }
  if (beta === MCP_CLIENT_BETA_DEPRECATED) return { servers };
  const toolsets = (Array.isArray(body.tools) ? body.tools : []).filter((t): t is Record<string, unknown> => isRecord(t) && t.type === 'mcp_toolset');
  for (const [index, toolset] of toolsets.entries()) {
    const server = servers.find((s) => s.definition.name === toolset.mcp_server_name);
    // Documented: every toolset references a server in mcp_servers, and each server exactly one toolset.
    if (!server) return { error: invalid(`tools: mcp_toolset ${index} names MCP server '${String(toolset.mcp_server_name)}', which mcp_servers does not define`) };
    if (server.toolset) return { error: invalid(`tools: MCP server '${server.definition.name}' is referenced by more than one mcp_toolset`) };
    if (toolset.tools !== undefined && toolset.tools !== null && beta !== MCP_CLIENT_BETA_LISTING) {
      return { error: invalid(`tools: mcp_toolset.tools (a pinned listing) needs the ${MCP_CLIENT_BETA_LISTING} beta`) };
    }
    server.toolset = toolset as unknown as ClaudeMcpToolset;
  }
  const orphan = servers.find((s) => !s.toolset);
  if (orphan) return { error: invalid(`mcp_servers: MCP server '${orphan.definition.name}' is not referenced by any mcp_toolset in tools`) };
  return { servers };
}

/** Fetches one server's tools, or says why not in the API's words (400 invalid_request_error, reported). */
async function fetchListing(server: Server, context: MessagesContext): Promise<MessagesRunResult | null> {
  const pinned = (server.toolset as { tools?: ClaudeListedTool[] | null } | undefined)?.tools;
  if (Array.isArray(pinned)) {
    server.listed = pinned;
    return null;
  }
  const name = server.definition.name;
  // Reported wording (anthropics/anthropic-sdk-python#1019): "Failed to connect to MCP server".
  const unreachable = invalid(`Failed to connect to MCP server '${name}'. Check that the URL is publicly reachable over HTTPS.`);
  if (context.faults.has('list-fail')) return unreachable;
  if (context.faults.has('public-only') || !context.options.allowPrivateNetwork) {
    if (!/^https:\/\//i.test(server.definition.url) || await nonPublicAddressOf(server.definition.url)) return unreachable;
  }
  try {
    const tools = await listClaudeServerTools({ url: server.definition.url, ...(server.definition.authorization_token ? { token: server.definition.authorization_token } : {}) }, context.options.maxListPages);
    server.listed = tools.map((t) => ({ name: t.name, description: typeof t.description === 'string' ? t.description : null, input_schema: t.inputSchema }));
    server.fetched = true;
    return null;
  } catch (error) {
    const status = error instanceof ClaudeConnectorFailure ? error.status : null;
    // Reported wording (anthropics/anthropic-sdk-python#1029, anthropics/claude-code#7383).
    if (status === 401 || status === 403) return invalid(`Invalid authorization token for MCP server '${name}'. Please check your token and try again.`);
    return unreachable;
  }
}

function enabled(server: Server, tool: string, beta: McpClientBeta): boolean {
  return beta === MCP_CLIENT_BETA_DEPRECATED ? legacyToolEnabled(server.definition, tool) : toolEnabled(server.toolset ?? {}, tool);
}

function lastUserText(messages: unknown[]): string {
  const last = messages.filter((m): m is Record<string, unknown> => isRecord(m) && m.role === 'user').at(-1);
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (!Array.isArray(last.content)) return '';
  return last.content.map((c) => (isRecord(c) && c.type === 'text' && typeof c.text === 'string' ? c.text : '')).join('\n');
}

const text = (value: string): BetaTextBlock => ({ type: 'text', text: value, citations: null });

/**
 * One `POST /v1/messages` with `mcp_servers`: checks the request, lists each server through a
 * real MCP client, runs the calls `parallax:call` lines ask for (there is no model), and answers
 * with a BetaMessage. Typed by `@anthropic-ai/sdk`, so a shape the SDK does not know fails `tsc`.
 */
export async function runMessages(body: Record<string, unknown>, context: MessagesContext): Promise<MessagesRunResult> {
  if (typeof body.model !== 'string') return invalid('model: Field required');
  if (typeof body.max_tokens !== 'number') return invalid('max_tokens: Field required');
  if (!Array.isArray(body.messages)) return invalid('messages: Field required');
  const beta = betaOf(context.betas);
  const servers: Server[] = [];
  if (body.mcp_servers !== undefined) {
    // [assumption] Without the beta header, mcp_servers is an unknown field, refused as such.
    if (!beta) return invalid('mcp_servers: Extra inputs are not permitted');
    const checked = checkServers(body, beta, context.options);
    if ('error' in checked) return checked.error;
    servers.push(...checked.servers);
  }
  const content: BetaContentBlock[] = [];
  for (const server of servers) {
    const refused = await fetchListing(server, context);
    if (refused) return refused;
    // [assumption] The listing block comes first, one per server the connector asked.
    if (server.fetched && beta === MCP_CLIENT_BETA_LISTING) {
      const listing: BetaMCPToolListingBlock = { type: 'mcp_tool_listing', mcp_server_name: server.definition.name, tools: server.listed.map((t) => ({ name: t.name, input_schema: t.input_schema, ...(t.description != null ? { description: t.description } : {}) })) };
      content.push(listing);
    }
  }
  const notes: string[] = [];
  const instructions = parseCallInstructions([typeof body.system === 'string' ? body.system : '', lastUserText(body.messages)].join('\n'));
  notes.push(...instructions.errors);
  for (const call of instructions.calls) {
    const server = servers.find((s) => (call.serverLabel === null || s.definition.name === call.serverLabel) && s.listed.some((t) => t.name === call.tool));
    if (!server || !enabled(server, call.tool, beta ?? MCP_CLIENT_BETA_LISTING)) {
      notes.push(`tool '${call.tool}' is not among the MCP tools offered to the model${server ? ' (the toolset configuration disables it)' : ''}`);
      continue;
    }
    const use: BetaMCPToolUseBlock = { type: 'mcp_tool_use', id: newId('mcptoolu'), name: call.tool, server_name: server.definition.name, input: call.arguments };
    content.push(use);
    const outcome = await callClaudeServerTool({ url: server.definition.url, ...(server.definition.authorization_token ? { token: server.definition.authorization_token } : {}) }, call.tool, call.arguments, context.faults.has('call-timeout') ? 1 : context.options.callTimeoutMs);
    const result: BetaMCPToolResultBlock = { type: 'mcp_tool_result', tool_use_id: use.id, is_error: outcome.isError, content: outcome.text.map(text) };
    content.push(result);
  }
  if (instructions.calls.length === 0 || notes.length > 0) {
    content.push(text(`${EMULATOR_NOTE} ${notes.length > 0 ? notes.join('; ') : 'no tool call requested. Put a line "parallax:call <tool> {json args}" in the last user message to call one.'}`));
  }
  const message: BetaMessage = {
    id: newId('msg'), type: 'message', role: 'assistant', model: body.model, content,
    stop_reason: 'end_turn', stop_sequence: null, stop_details: null, container: null, context_management: null, diagnostics: null,
    usage: {
      input_tokens: 0, output_tokens: 0, cache_creation: null, cache_creation_input_tokens: null, cache_read_input_tokens: null, fallback_credit: null,
      inference_geo: null, iterations: null, output_tokens_details: null, server_tool_use: null, service_tier: 'standard', speed: null,
    },
  };
  return { kind: 'message', message };
}
