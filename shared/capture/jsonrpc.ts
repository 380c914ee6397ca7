/**
 * Classifies the JSON-RPC 2.0 messages in a `jsonrpc` envelope's raw text. Tolerant by design:
 * a debugger has to describe broken frames, not reject them, so every oddity becomes an
 * `invalid` item with a reason instead of an exception.
 */
export type JsonRpcId = string | number;

export type JsonRpcMessage =
  | { kind: 'request'; id: JsonRpcId; method: string }
  | { kind: 'notification'; method: string }
  | { kind: 'response'; id: JsonRpcId | null; error: boolean; errorCode?: number }
  | { kind: 'invalid'; reason: string };

/** One raw text can hold a single message or a batch (an array, allowed before 2025-06-18). */
export function classifyJsonRpc(raw: string): JsonRpcMessage[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return [{ kind: 'invalid', reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` }];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ kind: 'invalid', reason: 'empty batch' }];
    return value.map(classifyMessage);
  }
  return [classifyMessage(value)];
}

function classifyMessage(value: unknown): JsonRpcMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'not a JSON object' };
  }
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') return { kind: 'invalid', reason: `"jsonrpc" is ${'jsonrpc' in message ? describeValue(message.jsonrpc) : 'missing'}, not "2.0"` };
  const hasId = 'id' in message;
  const id = message.id;
  if (hasId && id !== null && typeof id !== 'string' && typeof id !== 'number') {
    return { kind: 'invalid', reason: `"id" must be a string or number, got ${describeValue(id)}` };
  }
  if (typeof message.method === 'string') {
    if (!hasId) return { kind: 'notification', method: message.method };
    if (id === null) return { kind: 'invalid', reason: `request "${message.method}" has a null id` };
    return { kind: 'request', id: id as JsonRpcId, method: message.method };
  }
  if ('method' in message) return { kind: 'invalid', reason: '"method" is not a string' };
  const hasResult = 'result' in message;
  const hasError = 'error' in message;
  if (hasResult && hasError) return { kind: 'invalid', reason: 'both "result" and "error" are present' };
  if (!hasResult && !hasError) return { kind: 'invalid', reason: 'neither "method", "result" nor "error" is present' };
  if (!hasId) return { kind: 'invalid', reason: 'response without "id"' };
  if (hasResult) return { kind: 'response', id: id as JsonRpcId | null, error: false };
  const error = message.error as { code?: unknown } | null;
  const code = typeof error === 'object' && error !== null && typeof error.code === 'number' ? error.code : undefined;
  return { kind: 'response', id: id as JsonRpcId | null, error: true, ...(code === undefined ? {} : { errorCode: code }) };
}

const DESCRIBED_CHARS = 80;

/**
 * A short quote of a wrong value for a reason. A hostile frame can nest thousands of levels
 * deep, which JSON.stringify cannot print (it overflows the stack), or be megabytes long.
 */
function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? 'a deeply nested array' : 'a deeply nested object';
  }
  return text.length > DESCRIBED_CHARS ? `${text.slice(0, DESCRIBED_CHARS)}…` : text;
}

/** `1` and `"1"` are different ids; the key keeps them apart. */
export function jsonRpcIdKey(id: JsonRpcId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}
