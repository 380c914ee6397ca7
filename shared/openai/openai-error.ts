import { z } from 'zod';

/**
 * OpenAI's error object, as the Realtime `error` event and every HTTP error body carry it
 * (`{error: {...}}`). Messages follow OpenAI's wording ("Missing required parameter: 'x'.") so
 * the emulator's errors read like the real ones and one parser handles both.
 */
export const OpenAIErrorSchema = z.object({
  type: z.string(),
  code: z.string().nullable().optional(),
  message: z.string(),
  param: z.string().nullable().optional(),
  event_id: z.string().nullable().optional(),
});
export type OpenAIError = z.infer<typeof OpenAIErrorSchema>;

export const OpenAIErrorBodySchema = z.object({ error: OpenAIErrorSchema });

export function missingParameter(param: string): OpenAIError {
  return { type: 'invalid_request_error', code: 'missing_required_parameter', message: `Missing required parameter: '${param}'.`, param };
}

export function unknownParameter(param: string): OpenAIError {
  return { type: 'invalid_request_error', code: 'unknown_parameter', message: `Unknown parameter: '${param}'.`, param };
}

export function invalidValue(param: string, message: string): OpenAIError {
  return { type: 'invalid_request_error', code: 'invalid_value', message, param };
}

export function invalidType(param: string, expected: string, got: unknown): OpenAIError {
  const actual = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got === 'object' ? 'an object' : `a ${typeof got}`;
  return { type: 'invalid_request_error', code: 'invalid_type', message: `Invalid type for '${param}': expected ${expected}, but got ${actual} instead.`, param };
}

/** The HTTP 424 body the Responses API sends when the hosted MCP client cannot list a server's tools. */
export function externalConnectorError(message: string): OpenAIError {
  return { type: 'external_connector_error', code: 'http_error', message, param: 'tools' };
}
