import { invalidType, invalidValue, missingParameter, unknownParameter, type OpenAIError } from './openai-error';

/**
 * The Responses API's tool types besides `mcp`, as `openai` 7.x types `Tool`
 * (`openai/resources/responses/responses`): function tools with their newer fields, `namespace`
 * (function and custom tools grouped under a name) and `tool_search` are checked field by field;
 * the other hosted tools are accepted as they are (the emulator runs none of them). Realtime GA
 * takes only `function` and `mcp` (`RealtimeToolsConfigUnion`).
 */
export const RESPONSES_TOOL_TYPES = [
  'function', 'mcp', 'namespace', 'tool_search', 'file_search', 'computer', 'computer_use_preview', 'web_search', 'web_search_2025_08_26',
  'web_search_preview', 'web_search_preview_2025_03_11', 'code_interpreter', 'programmatic_tool_calling', 'image_generation', 'local_shell',
  'shell', 'custom', 'apply_patch',
] as const;

export const REALTIME_FUNCTION_KEYS = new Set(['type', 'name', 'description', 'parameters']);
export const RESPONSES_FUNCTION_KEYS = new Set(['type', 'name', 'description', 'parameters', 'strict', 'allowed_callers', 'async', 'defer_loading', 'output_schema']);
const NAMESPACE_KEYS = new Set(['type', 'name', 'description', 'tools']);
const TOOL_SEARCH_KEYS = new Set(['type', 'description', 'execution', 'parameters']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const unknownKey = (tool: Record<string, unknown>, keys: ReadonlySet<string>, at: string): OpenAIError | null => {
  const extra = Object.keys(tool).find((k) => !keys.has(k));
  return extra === undefined ? null : unknownParameter(`${at}.${extra}`);
};

function checkFunction(tool: Record<string, unknown>, at: string, keys: ReadonlySet<string>): OpenAIError | null {
  const extra = unknownKey(tool, keys, at);
  if (extra) return extra;
  if (tool.name === undefined) return missingParameter(`${at}.name`);
  if (typeof tool.name !== 'string') return invalidType(`${at}.name`, 'a string', tool.name);
  return null;
}

/** A Responses tool that is not `mcp`: null when the API takes it. */
export function checkResponsesTool(tool: Record<string, unknown>, at: string): OpenAIError | null {
  switch (tool.type) {
    case 'function': return checkFunction(tool, at, RESPONSES_FUNCTION_KEYS);
    case 'namespace': {
      const extra = unknownKey(tool, NAMESPACE_KEYS, at);
      if (extra) return extra;
      for (const key of ['name', 'description'] as const) {
        if (tool[key] === undefined) return missingParameter(`${at}.${key}`);
        if (typeof tool[key] !== 'string') return invalidType(`${at}.${key}`, 'a string', tool[key]);
      }
      if (tool.tools === undefined) return missingParameter(`${at}.tools`);
      if (!Array.isArray(tool.tools)) return invalidType(`${at}.tools`, 'an array', tool.tools);
      for (const [index, inner] of tool.tools.entries()) {
        const where = `${at}.tools[${index}]`;
        if (!isRecord(inner)) return invalidType(where, 'an object', inner);
        if (inner.type !== 'function' && inner.type !== 'custom') return invalidValue(`${where}.type`, `Invalid value: '${String(inner.type)}'. A namespace holds 'function' and 'custom' tools.`);
        const error = inner.type === 'function' ? checkFunction(inner, where, RESPONSES_FUNCTION_KEYS) : typeof inner.name === 'string' ? null : missingParameter(`${where}.name`);
        if (error) return error;
      }
      return null;
    }
    case 'tool_search': {
      const extra = unknownKey(tool, TOOL_SEARCH_KEYS, at);
      if (extra) return extra;
      if (tool.execution !== undefined && tool.execution !== null && tool.execution !== 'server' && tool.execution !== 'client') return invalidValue(`${at}.execution`, `Invalid value: '${String(tool.execution)}'. Supported values are: 'server' and 'client'.`);
      return null;
    }
    default:
      if ((RESPONSES_TOOL_TYPES as readonly unknown[]).includes(tool.type)) return null;
      return invalidValue(`${at}.type`, `Invalid value: '${String(tool.type)}'. Supported values are: ${RESPONSES_TOOL_TYPES.map((t) => `'${t}'`).join(', ')}.`);
  }
}
