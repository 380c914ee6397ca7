import { checkTools, type McpToolConfig } from '../../../shared/openai/mcp-tool-config';
import { invalidType, invalidValue, missingParameter, unknownParameter, type OpenAIError } from '../../../shared/openai/openai-error';

/** Session fields each interface accepts in `session.update` (from the openai package's types). */
const GA_SESSION_KEYS = new Set(['type', 'audio', 'include', 'instructions', 'max_output_tokens', 'model', 'output_modalities', 'parallel_tool_calls', 'prompt', 'reasoning', 'tool_choice', 'tools', 'tracing', 'truncation']);
const BETA_SESSION_KEYS = new Set(['modalities', 'instructions', 'voice', 'input_audio_format', 'output_audio_format', 'input_audio_transcription', 'turn_detection', 'tools', 'tool_choice', 'temperature', 'max_response_output_tokens', 'speed', 'tracing', 'input_audio_noise_reduction', 'model', 'client_secret']);

export type SessionUpdateCheck =
  | { error: OpenAIError }
  | { patch: Record<string, unknown>; mcp: McpToolConfig[] | null };

/**
 * Checks a `session.update` the way the API does before anything starts: `session.type` is
 * required on GA, unknown keys are refused with `unknown_parameter`, and the MCP tool rules hold.
 * `mcp` is null when the update leaves `tools` alone.
 */
export function checkSessionUpdate(session: unknown, beta: boolean, known: ReadonlyMap<string, McpToolConfig>): SessionUpdateCheck {
  if (session === undefined) return { error: missingParameter('session') };
  if (typeof session !== 'object' || session === null || Array.isArray(session)) return { error: invalidType('session', 'an object', session) };
  const fields = session as Record<string, unknown>;
  const allowed = beta ? BETA_SESSION_KEYS : GA_SESSION_KEYS;
  for (const key of Object.keys(fields)) if (!allowed.has(key)) return { error: unknownParameter(`session.${key}`) };
  if (!beta) {
    if (fields.type === undefined) return { error: missingParameter('session.type') };
    if (fields.type === 'transcription') return { error: invalidValue('session.type', "Invalid value: 'transcription'. The local emulator only emulates 'realtime' sessions.") };
    if (fields.type !== 'realtime') return { error: invalidValue('session.type', `Invalid value: '${String(fields.type)}'. Supported values are: 'realtime' and 'transcription'.`) };
  }
  if (fields.instructions !== undefined && typeof fields.instructions !== 'string') return { error: invalidType('session.instructions', 'a string', fields.instructions) };
  if (fields.tools === undefined) return { patch: fields, mcp: null };
  const tools = checkTools(fields.tools, 'session.tools', known);
  if (tools.error) return { error: tools.error };
  return { patch: fields, mcp: tools.mcp };
}
