import { invalidType, invalidValue, missingParameter, unknownParameter, type OpenAIError } from './openai-error';
import { checkResponsesTool, REALTIME_FUNCTION_KEYS } from './responses-tools';

/**
 * The `mcp` tool definition shared by Realtime (`session.tools`, `response.tools`) and Responses
 * (`tools`), with the documented rules checked before any import starts. Pure, so the lanes and
 * the diagnosis can apply the same rules to what a user's client sent.
 */
export interface McpToolFilter {
  tool_names?: string[];
  read_only?: boolean;
}

export interface McpToolConfig {
  type: 'mcp';
  server_label: string;
  server_url?: string;
  connector_id?: string;
  tunnel_id?: string;
  authorization?: string;
  headers?: Record<string, string> | null;
  allowed_tools?: string[] | McpToolFilter | null;
  require_approval?: 'always' | 'never' | { always?: McpToolFilter; never?: McpToolFilter } | null;
  server_description?: string;
  defer_loading?: boolean;
  allowed_callers?: string[] | null;
}

const MCP_KEYS = new Set(['type', 'server_label', 'server_url', 'connector_id', 'tunnel_id', 'authorization', 'headers', 'allowed_tools', 'require_approval', 'server_description', 'defer_loading', 'allowed_callers']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkFilter(value: unknown, param: string): OpenAIError | null {
  if (!isRecord(value)) return invalidType(param, 'an object', value);
  for (const key of Object.keys(value)) if (key !== 'tool_names' && key !== 'read_only') return unknownParameter(`${param}.${key}`);
  if (value.tool_names !== undefined && !(Array.isArray(value.tool_names) && value.tool_names.every((n) => typeof n === 'string'))) return invalidType(`${param}.tool_names`, 'an array of strings', value.tool_names);
  if (value.read_only !== undefined && typeof value.read_only !== 'boolean') return invalidType(`${param}.read_only`, 'a boolean', value.read_only);
  return null;
}

export interface ToolsCheck {
  error: OpenAIError | null;
  /** The MCP tools, each resolved to its full definition (a label-only entry reuses an earlier one). */
  mcp: McpToolConfig[];
}

/**
 * Checks a `tools` array. `param` is where it sits (`session.tools`, `tools`); `known` holds full
 * definitions sent earlier in the session, which a `{type:"mcp", server_label}` entry may reuse;
 * `api` says whose tool types apply (Responses takes many, Realtime only function and mcp).
 */
export function checkTools(tools: unknown, param: string, known: ReadonlyMap<string, McpToolConfig> = new Map(), api: 'realtime' | 'responses' = 'realtime'): ToolsCheck {
  if (!Array.isArray(tools)) return { error: invalidType(param, 'an array', tools), mcp: [] };
  const mcp: McpToolConfig[] = [];
  const labels = new Set<string>();
  for (const [index, tool] of tools.entries()) {
    const at = `${param}[${index}]`;
    if (!isRecord(tool)) return { error: invalidType(at, 'an object', tool), mcp: [] };
    if (tool.type === undefined) return { error: missingParameter(`${at}.type`), mcp: [] };
    if (api === 'responses' && tool.type !== 'mcp') {
      const error = checkResponsesTool(tool, at);
      if (error) return { error, mcp: [] };
      continue;
    }
    if (tool.type === 'function') {
      for (const key of Object.keys(tool)) if (!REALTIME_FUNCTION_KEYS.has(key)) return { error: unknownParameter(`${at}.${key}`), mcp: [] };
      continue;
    }
    if (tool.type !== 'mcp') return { error: invalidValue(`${at}.type`, `Invalid value: '${String(tool.type)}'. Supported values are: 'function' and 'mcp'.`), mcp: [] };
    const result = checkMcpTool(tool, at, known);
    if ('error' in result) return { error: result.error, mcp: [] };
    if (labels.has(result.config.server_label)) {
      return { error: invalidValue(`${at}.server_label`, `Duplicate server_label '${result.config.server_label}': each MCP tool in one tools array needs its own label.`), mcp: [] };
    }
    labels.add(result.config.server_label);
    mcp.push(result.config);
  }
  return { error: null, mcp };
}

function checkMcpTool(tool: Record<string, unknown>, at: string, known: ReadonlyMap<string, McpToolConfig>): { config: McpToolConfig } | { error: OpenAIError } {
  for (const key of Object.keys(tool)) if (!MCP_KEYS.has(key)) return { error: unknownParameter(`${at}.${key}`) };
  if (tool.server_label === undefined) return { error: missingParameter(`${at}.server_label`) };
  if (typeof tool.server_label !== 'string' || tool.server_label === '') return { error: invalidType(`${at}.server_label`, 'a non-empty string', tool.server_label) };
  const targets = (['server_url', 'connector_id', 'tunnel_id'] as const).filter((k) => tool[k] !== undefined);
  if (targets.length === 0) {
    // A label alone refers back to a full definition sent earlier in the session.
    const previous = known.get(tool.server_label);
    if (previous && Object.keys(tool).length === 2) return { config: previous };
    return { error: invalidValue(at, `MCP tool '${tool.server_label}' needs exactly one of 'server_url', 'connector_id' or 'tunnel_id'; none was given.`) };
  }
  if (targets.length > 1) return { error: invalidValue(at, `MCP tool '${tool.server_label}' needs exactly one of 'server_url', 'connector_id' or 'tunnel_id'; got ${targets.map((t) => `'${t}'`).join(' and ')}.`) };
  for (const key of ['server_url', 'connector_id', 'tunnel_id', 'authorization', 'server_description'] as const) {
    if (tool[key] !== undefined && typeof tool[key] !== 'string') return { error: invalidType(`${at}.${key}`, 'a string', tool[key]) };
  }
  if (typeof tool.server_url === 'string' && !/^https?:\/\/[^\s/]+/i.test(tool.server_url)) {
    return { error: invalidValue(`${at}.server_url`, `Invalid value for '${at}.server_url': '${tool.server_url}' is not an http(s) URL.`) };
  }
  if (tool.headers !== undefined && tool.headers !== null) {
    if (!isRecord(tool.headers) || !Object.values(tool.headers).every((v) => typeof v === 'string')) return { error: invalidType(`${at}.headers`, 'an object of strings', tool.headers) };
    if (tool.authorization !== undefined && Object.keys(tool.headers).some((h) => h.toLowerCase() === 'authorization')) {
      return { error: invalidValue(`${at}.headers`, `MCP tool '${tool.server_label}' sets both 'authorization' and an Authorization header; use one.`) };
    }
  }
  if (tool.allowed_tools !== undefined && tool.allowed_tools !== null && !Array.isArray(tool.allowed_tools)) {
    const error = checkFilter(tool.allowed_tools, `${at}.allowed_tools`);
    if (error) return { error };
  } else if (Array.isArray(tool.allowed_tools) && !tool.allowed_tools.every((n) => typeof n === 'string')) {
    return { error: invalidType(`${at}.allowed_tools`, 'an array of strings', tool.allowed_tools) };
  }
  const approval = tool.require_approval;
  if (approval !== undefined && approval !== null && approval !== 'always' && approval !== 'never') {
    if (!isRecord(approval)) return { error: invalidValue(`${at}.require_approval`, `Invalid value for '${at}.require_approval': expected 'always', 'never' or {always, never}.`) };
    for (const key of Object.keys(approval)) {
      if (key !== 'always' && key !== 'never') return { error: unknownParameter(`${at}.require_approval.${key}`) };
      const error = checkFilter(approval[key], `${at}.require_approval.${key}`);
      if (error) return { error };
    }
  }
  return { config: tool as unknown as McpToolConfig };
}

export interface ListedTool {
  name: string;
  annotations?: unknown;
}

const isReadOnly = (tool: ListedTool) => isRecord(tool.annotations) && tool.annotations.readOnlyHint === true;

function matches(filter: McpToolFilter, tool: ListedTool): boolean {
  if (filter.tool_names && !filter.tool_names.includes(tool.name)) return false;
  if (filter.read_only !== undefined && isReadOnly(tool) !== filter.read_only) return false;
  return true;
}

export interface AllowedToolsResult<T> {
  tools: T[];
  /** Names `allowed_tools` asks for that the server does not have (a documented list failure). */
  missing: string[];
}

/** Applies `allowed_tools` to the server's list. */
export function applyAllowedTools<T extends ListedTool>(config: McpToolConfig, tools: T[]): AllowedToolsResult<T> {
  const allowed = config.allowed_tools;
  if (allowed === undefined || allowed === null) return { tools, missing: [] };
  const filter: McpToolFilter = Array.isArray(allowed) ? { tool_names: allowed } : allowed;
  const names = new Set(tools.map((t) => t.name));
  return { tools: tools.filter((t) => matches(filter, t)), missing: (filter.tool_names ?? []).filter((n) => !names.has(n)) };
}

/** Whether a call to `tool` must first be approved; the API's default is `always`. */
export function requiresApproval(config: McpToolConfig, tool: ListedTool): boolean {
  const rule = config.require_approval;
  if (rule === undefined || rule === null || rule === 'always') return true;
  if (rule === 'never') return false;
  if (rule.always && matches(rule.always, tool)) return true;
  if (rule.never && matches(rule.never, tool)) return false;
  // A tool neither filter names keeps the default.
  return true;
}

/**
 * The tool config as the API echoes it back: `authorization` dropped, `headers` null and the
 * path of `server_url` redacted (observed; the exact redaction text is our rendering).
 */
export function echoMcpToolConfig(config: McpToolConfig): McpToolConfig {
  const { authorization: _dropped, ...rest } = config;
  const redacted = config.server_url?.replace(/^(https?:\/\/[^/?#]+)[^]*$/i, (_m, origin: string) => `${origin}/<redacted>`);
  return { ...rest, headers: null, ...(redacted !== undefined ? { server_url: redacted } : {}) };
}
