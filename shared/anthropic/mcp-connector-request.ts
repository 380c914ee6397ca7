import type { ServerDescription } from '../lanes/server-description';

/**
 * Anthropic's Messages API MCP connector, as the Claude lane sends it and the emulator and the
 * diagnosis read it. Shapes follow `@anthropic-ai/sdk` 1.17.0 (`BetaRequestMCPServerURLDefinition`,
 * `BetaMCPToolset`, `BetaMCPToolListingBlock`); the emulator checks its answers against those types.
 * Sources for every behaviour are in docs/claude-lane.md.
 */

/** The documented beta (platform.claude.com MCP connector page, "Current version"). */
export const MCP_CLIENT_BETA_DOCUMENTED = 'mcp-client-2025-11-20';
/**
 * The newest MCP connector beta `@anthropic-ai/sdk` 1.17.0 names (`AnthropicBeta`). With it a
 * response carries an `mcp_tool_listing` block, the only place the API reports the server's tools.
 */
export const MCP_CLIENT_BETA_LISTING = 'mcp-client-2026-09-15';
/** The first beta, deprecated by the docs: `tool_configuration` inside `mcp_servers`, no `mcp_toolset`. */
export const MCP_CLIENT_BETA_DEPRECATED = 'mcp-client-2025-04-04';
export const MCP_CLIENT_BETAS = [MCP_CLIENT_BETA_LISTING, MCP_CLIENT_BETA_DOCUMENTED, MCP_CLIENT_BETA_DEPRECATED] as const;
export type McpClientBeta = (typeof MCP_CLIENT_BETAS)[number];

/** The Messages API version header every request carries (docs: "anthropic-version: 2023-06-01"). */
export const ANTHROPIC_VERSION = '2023-06-01';

export interface ClaudeMcpServer {
  type: 'url';
  url: string;
  name: string;
  authorization_token?: string | null;
  /** mcp-client-2025-04-04 only. */
  tool_configuration?: { enabled?: boolean | null; allowed_tools?: string[] | null } | null;
}

export interface ClaudeToolConfig {
  enabled?: boolean;
  defer_loading?: boolean;
}

export interface ClaudeMcpToolset {
  type: 'mcp_toolset';
  mcp_server_name: string;
  default_config?: ClaudeToolConfig;
  configs?: Record<string, ClaudeToolConfig> | null;
}

export interface ClaudeListedTool {
  name: string;
  description?: string | null;
  input_schema: Record<string, unknown>;
}

export type ClaudeRequestPlan =
  | { ok: true; mcpServers: ClaudeMcpServer[]; tools: ClaudeMcpToolset[]; beta: McpClientBeta; droppedHeaders: string[] }
  | { ok: false; reason: string };

export const CLAUDE_STDIO_REASON = 'a stdio server runs on this machine; Anthropic\'s MCP connector can only reach a public https URL ("Local STDIO servers cannot be connected directly")';

/**
 * The `mcp_servers` entry and `mcp_toolset` for one server. `allowed_tools` (a name list) becomes
 * the documented allowlist pattern (`default_config.enabled: false` plus one enabled `configs`
 * entry per name). The connector has no field for custom headers, so they are reported as dropped.
 */
export function claudeRequestFor(server: ServerDescription, beta: McpClientBeta = MCP_CLIENT_BETA_LISTING): ClaudeRequestPlan {
  if (server.url === undefined) return { ok: false, reason: CLAUDE_STDIO_REASON };
  const droppedHeaders = server.headers.map(([name]) => name);
  const allowed = Array.isArray(server.allowed_tools) ? server.allowed_tools : server.allowed_tools?.tool_names;
  const definition: ClaudeMcpServer = { type: 'url', url: server.url, name: server.label };
  if (server.authorization !== undefined) definition.authorization_token = server.authorization;
  if (beta === MCP_CLIENT_BETA_DEPRECATED) {
    if (allowed !== undefined) definition.tool_configuration = { allowed_tools: allowed };
    return { ok: true, mcpServers: [definition], tools: [], beta, droppedHeaders };
  }
  const toolset: ClaudeMcpToolset = { type: 'mcp_toolset', mcp_server_name: server.label };
  if (allowed !== undefined) {
    toolset.default_config = { enabled: false };
    toolset.configs = Object.fromEntries(allowed.map((name) => [name, { enabled: true }]));
  }
  return { ok: true, mcpServers: [definition], tools: [toolset], beta, droppedHeaders };
}

/**
 * Whether a toolset offers `tool` to the model. Documented precedence: the tool's own `configs`
 * entry, then `default_config`, then the default (enabled).
 */
export function toolEnabled(toolset: Pick<ClaudeMcpToolset, 'default_config' | 'configs'>, tool: string): boolean {
  const own = toolset.configs?.[tool]?.enabled;
  if (own !== undefined) return own;
  return toolset.default_config?.enabled ?? true;
}

/** mcp-client-2025-04-04: `tool_configuration.enabled` (default true) and `allowed_tools` (default all). */
export function legacyToolEnabled(server: Pick<ClaudeMcpServer, 'tool_configuration'>, tool: string): boolean {
  const config = server.tool_configuration;
  if (config?.enabled === false) return false;
  return config?.allowed_tools == null || config.allowed_tools.includes(tool);
}

