import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { OpenAIErrorBodySchema } from '../../../shared/openai/openai-error';
import { ResponsesStreamEventSchema, type ResponsesStreamEventLike } from '../../../shared/openai/responses-events';
import { SseEventSplitter } from '../../../shared/sse/event-splitter';
import type { RecordingFetch } from '../inspector/recording-fetch';
import type { ResponsesRecorder } from './responses-recorder';

/** One streamed event with the seq of the `sse` envelope that carried it. */
export interface SeenEvent {
  event: ResponsesStreamEventLike;
  seq: number;
}

export interface StreamError {
  /** HTTP status when the request itself failed (424, 401, ...). */
  status?: number;
  kind: 'http' | 'stream-error' | 'response-failed' | 'network' | 'timeout' | 'aborted' | 'truncated';
  type?: string;
  code?: string | null;
  message: string;
  seq?: number;
}

export interface StreamOutcome {
  status?: number;
  responseId?: string;
  events: SeenEvent[];
  /** The finished response (`response.completed`), when the stream got that far. */
  final?: unknown;
  error?: StreamError;
  /** seq of the request envelope. */
  requestSeq?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describeHttpError(status: number, statusText: string, body: string): Omit<StreamError, 'kind'> {
  try {
    const parsed = OpenAIErrorBodySchema.safeParse(JSON.parse(body));
    if (parsed.success) return { status, type: parsed.data.error.type, code: parsed.data.error.code ?? null, message: parsed.data.error.message };
  } catch {
    // Not OpenAI's JSON error body: fall through to the raw text.
  }
  const text = body.trim().slice(0, 300);
  return { status, message: `HTTP ${status}${statusText ? ` ${statusText}` : ''}${text ? `: ${text}` : ''}` };
}

/**
 * Sends one streamed `POST /responses` through the recording fetch and reads the events as
 * they arrive. The wire (request, response head, every SSE block) is recorded by the fetch;
 * this only interprets it, and says plainly when the answer is not what the API documents.
 */
export async function streamResponse(
  http: RecordingFetch, recorder: ResponsesRecorder, baseUrl: string, apiKey: string | null,
  body: ResponseCreateParamsStreaming, signal: AbortSignal, onEvent?: (type: string) => void,
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { events: [] };
  const url = `${baseUrl.replace(/\/+$/, '')}/responses`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
  let response: Response;
  try {
    response = await http.fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
  } catch (error) {
    const exchange = http.exchanges.at(-1);
    outcome.requestSeq = exchange?.requestSeq;
    const kind = signal.aborted ? (signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError' ? 'timeout' : 'aborted') : 'network';
    outcome.error = { kind, message: exchange?.error ?? (error instanceof Error ? error.message : String(error)) };
    return outcome;
  }
  const exchange = http.exchanges.at(-1);
  outcome.requestSeq = exchange?.requestSeq;
  outcome.status = response.status;
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    outcome.error = { kind: 'http', ...describeHttpError(response.status, response.statusText, text), ...(exchange?.responseSeq !== undefined ? { seq: exchange.responseSeq } : {}) };
    return outcome;
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('text/event-stream')) {
    const text = await response.text().catch(() => '');
    outcome.error = { kind: 'stream-error', message: `asked for a stream but got ${contentType || 'no content type'}: ${text.slice(0, 200)}` };
    return outcome;
  }

  // The recording fetch stores each block before passing its bytes on, and splits them by the
  // same rules, so the n-th block parsed here is the n-th sse envelope of the exchange.
  const blockSeqs = () => recorder.sseSeqs(exchange?.exchange ?? '');
  const splitter = new SseEventSplitter();
  const decoder = new TextDecoder();
  let blockIndex = 0;
  const handle = (data: string, eventName: string | undefined) => {
    const seq = blockSeqs()[blockIndex++] ?? -1;
    if (data === '' || data === '[DONE]') return;
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      recorder.meta('invalid-event', { reason: 'SSE data is not JSON', preview: data.slice(0, 120) }, { seq });
      return;
    }
    const parsed = ResponsesStreamEventSchema.safeParse(value);
    if (!parsed.success) {
      // The stream's `error` event has no sequence_number in some API versions; keep it readable.
      if (isRecord(value) && (value.type === 'error' || eventName === 'error')) {
        outcome.error = { kind: 'stream-error', code: typeof value.code === 'string' ? value.code : null, message: typeof value.message === 'string' ? value.message : data, seq };
        return;
      }
      recorder.meta('invalid-event', { reason: 'not a Responses stream event (type and sequence_number)', preview: data.slice(0, 120) }, { seq });
      return;
    }
    const event = parsed.data;
    outcome.events.push({ event, seq });
    onEvent?.(event.type);
    if (event.type === 'response.created' && isRecord(event.response) && typeof event.response.id === 'string') outcome.responseId = event.response.id;
    if (event.type === 'error') {
      outcome.error = { kind: 'stream-error', code: typeof event.code === 'string' ? event.code : null, message: typeof event.message === 'string' ? event.message : data, seq };
    }
    if (event.type === 'response.failed') {
      const failure = isRecord(event.response) && isRecord(event.response.error) ? event.response.error : {};
      outcome.error = { kind: 'response-failed', code: typeof failure.code === 'string' ? failure.code : null, message: typeof failure.message === 'string' ? failure.message : 'response.failed without an error message', seq };
    }
    if (event.type === 'response.completed') outcome.final = event.response;
  };
  const reader = response.body?.getReader();
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      for (const block of splitter.push(decoder.decode(value, { stream: true }))) handle(block.fields.data, block.fields.event);
    }
    for (const block of splitter.push(decoder.decode())) handle(block.fields.data, block.fields.event);
    for (const block of splitter.end()) {
      if (!block.incomplete) handle(block.fields.data, block.fields.event);
    }
  } catch (error) {
    const kind = signal.aborted ? (signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError' ? 'timeout' : 'aborted') : 'truncated';
    outcome.error ??= { kind, message: `the event stream broke off: ${error instanceof Error ? error.message : String(error)}` };
    return outcome;
  }
  if (!outcome.error && outcome.final === undefined) {
    outcome.error = { kind: 'truncated', message: 'the event stream ended without response.completed' };
  }
  return outcome;
}
