import { applyAllowedTools, type McpToolConfig } from '../../shared/openai/mcp-tool-config';
import type { FaultName } from './faults';
import { callServerTool, ConnectorFailure, listServerTools, type CallOutcome, type ConnectorTarget } from './mcp-connector';
import type { EmulatorOptions } from './options';
import { nonPublicAddressOf } from './private-network';

/** A tool as both APIs put it on an `mcp_list_tools` item. */
export interface ImportedTool {
  name: string;
  description: string | null;
  input_schema: unknown;
  annotations: unknown;
}

export type ImportResult =
  | { ok: true; tools: ImportedTool[] }
  | { ok: false; status: number | null; message: string };

export interface JobContext {
  faults: ReadonlySet<FaultName>;
  options: EmulatorOptions;
}

function targetOf(config: McpToolConfig): ConnectorTarget {
  const headers: Record<string, string> = { ...(config.headers ?? {}) };
  if (config.authorization) headers.authorization = `Bearer ${config.authorization}`;
  return { url: config.server_url ?? '', headers };
}

/** Refusals that happen before the connector touches the network. */
async function refusal(config: McpToolConfig, context: JobContext): Promise<ConnectorFailure | null> {
  if (!config.server_url) return new ConnectorFailure(`the local emulator reaches servers by server_url only; '${config.connector_id ?? config.tunnel_id}' needs the real API`, null, 'refused');
  if (context.faults.has('public-only') || !context.options.allowPrivateNetwork) {
    const address = await nonPublicAddressOf(config.server_url);
    if (address) return new ConnectorFailure(`${address} is not a public address; OpenAI's servers cannot reach it`, null, 'refused');
  }
  return null;
}

function listFailure(config: McpToolConfig, failure: ConnectorFailure): ImportResult {
  return { ok: false, status: failure.status, message: `Error retrieving tool list from MCP server: '${config.server_label}'. Http status code: ${failure.statusText}` };
}

/** Lists one server's tools the way the hosted client does, then applies `allowed_tools`. */
export async function importMcpTools(config: McpToolConfig, context: JobContext): Promise<ImportResult> {
  if (context.faults.has('list-fail')) return listFailure(config, new ConnectorFailure('list-fail fault', 500, 'http'));
  const refused = await refusal(config, context);
  if (refused) return listFailure(config, refused);
  let listed;
  try {
    listed = await listServerTools(targetOf(config), context.options);
  } catch (error) {
    return listFailure(config, error instanceof ConnectorFailure ? error : new ConnectorFailure(String(error), null, 'connect'));
  }
  const tools: ImportedTool[] = listed.tools.map((t) => ({
    name: t.name,
    description: typeof t.description === 'string' ? t.description : null,
    input_schema: t.inputSchema,
    annotations: t.annotations ?? null,
  }));
  const allowed = applyAllowedTools(config, tools);
  if (allowed.missing.length > 0) {
    return { ok: false, status: null, message: `Error retrieving tool list from MCP server: '${config.server_label}'. allowed_tools names tools the server does not list: ${allowed.missing.join(', ')}` };
  }
  return { ok: true, tools: allowed.tools };
}

/** One tool call on behalf of a response, honouring the call-timeout fault and the network rule. */
export async function callMcpTool(config: McpToolConfig, name: string, args: Record<string, unknown>, context: JobContext): Promise<CallOutcome> {
  const refused = await refusal(config, context);
  if (refused) return { kind: 'http_error', code: 424, message: refused.message };
  const timeout = context.faults.has('call-timeout') ? 0 : context.options.callTimeoutMs;
  return callServerTool(targetOf(config), name, args, timeout, context.options.hostedEra);
}
