import type { FetchLike } from '@modelcontextprotocol/client';
import { mediaTypeEssence } from '../../../shared/capture/media-type';
import { redactHeaderList } from '../../../shared/security/secret-names';
import type { HeaderList } from '../../../shared/capture/envelope';
import { DEFAULT_LIMITS, LimitExceededError, type LimitHit, type Limits } from '../../../shared/capture/limits';
import { ResponseBodyRecorder } from '../wire/response-body-recorder';
import type { WireRecorder } from './wire-recorder';

/** The limits a recording fetch enforces: what it keeps of each frame, and the largest message it lets the SDK read. */
export type BodyLimits = Pick<Limits, 'frameBytes' | 'sseEventBytes' | 'messageBytes'> & Partial<Pick<Limits, 'sseLineBytes'>>;

/** What the lane needs to know about an exchange after the fact (auth challenges, fallback decisions). */
export interface ExchangeSummary {
  exchange: string;
  method: string;
  url: string;
  requestSeq: number;
  status?: number;
  headers?: HeaderList;
  responseSeq?: number;
  error?: string;
  /** The server ended the body normally (for a legacy SSE GET: closed the stream). */
  ended?: boolean;
}

export interface RecordingFetch {
  fetch: FetchLike;
  exchanges: ExchangeSummary[];
  /** Ends every stream still open (the GET stream, a hanging response) so shutdown never waits on a server. */
  abortAll(reason: string): void;
  /** Resolves once every body being recorded has ended, so nothing is recorded after the sink closes. */
  settled(): Promise<void>;
}

// Bodies that cannot carry content: the Response constructor refuses a stream for them.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function describeFetchError(error: unknown, url: string): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause instanceof Error && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return error.message;
  const why = cause instanceof Error ? cause.message : error.message;
  return `cannot reach ${url}: ${code && !why.includes(code) ? `${code} ` : ''}${why}`;
}

/** The URL without its query or fragment, for messages: a query can carry a key. */
function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

function requestBodyText(body: RequestInit['body']): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  // The SDK only sends strings; anything else is recorded as a placeholder rather than consumed.
  return `[${Object.prototype.toString.call(body)} body not recorded]`;
}

export interface RecordingFetchOptions {
  /** The fetch that really goes to the network (default: the global one). */
  fetch?: FetchLike;
  /**
   * Find JSON-RPC messages in bodies and SSE `message` events and record them as `jsonrpc`
   * envelopes (default true). Lanes whose HTTP is not MCP (the Responses API) turn it off.
   */
  jsonRpc?: boolean;
  /** Default: DEFAULT_LIMITS. */
  limits?: BodyLimits;
}

/**
 * A `fetch` for the SDK's HTTP transports that records the true wire: request and response
 * heads, every SSE event block as it streams (before the SDK sees it), whole bodies otherwise,
 * and the JSON-RPC messages they carry. The response handed back streams the same bytes, up to
 * the `messageBytes` limit.
 */
export function createRecordingFetch(recorder: WireRecorder, options: RecordingFetchOptions = {}): RecordingFetch {
  const baseFetch = options.fetch ?? fetch;
  const jsonRpc = options.jsonRpc ?? true;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const exchanges: ExchangeSummary[] = [];
  const shutdown = new AbortController();
  /** Bodies still being read, each with a way to stop reading it. */
  const pumps = new Map<Promise<void>, (reason: Error) => void>();
  let counter = 0;

  const recordingFetch: FetchLike = async (input, init) => {
    const exchange = `${recorder.conn}/x${++counter}`;
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = String(input);
    const body = requestBodyText(init?.body);
    const request = recorder.record({
      layer: 'http', dir: 'out', raw: body, size: Buffer.byteLength(body),
      http: { exchange, phase: 'request', method, url, headers: [...new Headers(init?.headers)] },
    });
    const summary: ExchangeSummary = { exchange, method, url, requestSeq: request.seq };
    exchanges.push(summary);
    if (jsonRpc && body !== '' && typeof init?.body === 'string') recorder.jsonRpc(body, 'out', { seq: request.seq, exchange });

    const signals = [shutdown.signal, ...(init?.signal ? [init.signal] : [])];
    let response: Response;
    try {
      response = await baseFetch(input, { ...init, signal: AbortSignal.any(signals) });
    } catch (error) {
      summary.error = describeFetchError(error, url);
      recorder.record({ layer: 'http', dir: 'in', raw: summary.error, http: { exchange, phase: 'error', elapsed: elapsed() } });
      throw error;
    }
    const headers: HeaderList = [...response.headers];
    // The lane reads the headers as sent (a session id, a challenge); the capture gets a server's Set-Cookie without its value.
    const recorded = redactHeaderList(headers);
    const head = recorder.record({
      layer: 'http', dir: 'in', raw: '',
      http: { exchange, phase: 'response', status: response.status, statusText: response.statusText, headers: recorded.headers, elapsed: elapsed() },
      ...(recorded.redacted ? { redacted: true } : {}),
    });
    Object.assign(summary, { status: response.status, headers, responseSeq: head.seq });
    // fetch follows redirects out of sight; the capture says where the answer really came from.
    if (response.redirected && response.url !== '' && response.url !== url) {
      const crossOrigin = new URL(response.url).origin !== new URL(url).origin;
      recorder.meta('redirected', { from: withoutQuery(url), to: withoutQuery(response.url), crossOrigin }, { seq: head.seq, exchange });
    }

    if (!response.body || NULL_BODY_STATUSES.has(response.status)) {
      summary.ended = true;
      recorder.record({ layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'end', elapsed: elapsed() } });
      return response;
    }
    const mediaType = mediaTypeEssence(response.headers.get('content-type'));
    const { stream, done, stop } = teeRecording(response.body, {
      recorder, exchange, summary, what: `${method} ${withoutQuery(url)}`, elapsed, jsonRpc, limits, sse: mediaType === 'text/event-stream', json: mediaType === 'application/json' || mediaType?.endsWith('+json') === true,
    });
    pumps.set(done, stop);
    void done.finally(() => pumps.delete(done));
    return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  return {
    fetch: recordingFetch,
    exchanges,
    abortAll: (reason) => {
      const error = new Error(reason);
      shutdown.abort(error);
      // The abort reaches a body through fetch's signal only while undici still holds that signal;
      // a long-lived stream (a 2026-07-28 listen) must not outlive the lane on that chance.
      for (const stop of pumps.values()) stop(error);
    },
    settled: async () => {
      while (pumps.size > 0) await Promise.allSettled([...pumps.keys()]);
    },
  };
}

interface TeeContext {
  recorder: WireRecorder;
  summary: ExchangeSummary;
  jsonRpc: boolean;
  exchange: string;
  what: string;
  elapsed: () => number;
  sse: boolean;
  json: boolean;
  limits: BodyLimits;
}

/**
 * Reads the body eagerly (so what the server sent is recorded even if the SDK never reads or
 * cancels it), records it within the frame limits, and forwards each chunk to the stream the SDK
 * reads. A message growing past `messageBytes` (a whole body, or one SSE event) is cut there: the
 * server's stream is cancelled, the SDK's stream fails with the limit's words, and the recorder
 * announces the cut so the request waiting for that answer fails now rather than at its timeout.
 */
/** The message or SSE line limit the body has just crossed, if any: the lane stops reading there. */
function limitCrossed(body: ResponseBodyRecorder, limits: BodyLimits): LimitHit | undefined {
  if (body.openMessageBytes > limits.messageBytes) {
    return { limit: 'messageBytes', value: limits.messageBytes, observed: body.openMessageBytes, action: 'stopped reading it; the request fails' };
  }
  const lineLimit = limits.sseLineBytes;
  if (lineLimit !== undefined && body.openLineBytes > lineLimit) {
    return { limit: 'sseLineBytes', value: lineLimit, observed: body.openLineBytes, action: 'treated the stream as broken and stopped reading it; the request fails' };
  }
  return undefined;
}

function teeRecording(source: ReadableStream<Uint8Array>, context: TeeContext): { stream: ReadableStream<Uint8Array>; done: Promise<void>; stop: (reason: Error) => void } {
  const { recorder, exchange, elapsed, limits } = context;
  const body = new ResponseBodyRecorder(elapsed, limits, { sse: context.sse, json: context.json, jsonRpc: context.jsonRpc }, recorder.sideBodies);
  body.start(recorder, exchange);
  let consumerGone = false;
  const reader = source.getReader();
  let stopped: Error | undefined;

  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { finished = resolve; });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const forward = (chunk: Uint8Array) => {
        if (consumerGone) return;
        try {
          controller.enqueue(chunk);
        } catch {
          consumerGone = true;
        }
      };
      const fail = (error: unknown) => {
        if (consumerGone) return;
        consumerGone = true;
        controller.error(error);
      };
      void (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (stopped) throw stopped;
            if (done) break;
            body.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
            const hit = limitCrossed(body, limits);
            if (hit) {
              const error = new LimitExceededError(hit, `the answer to ${context.what}`);
              void reader.cancel(error.message).catch(() => undefined);
              const seq = body.end(false);
              recorder.meta('limit-exceeded', { ...hit }, seq === undefined ? undefined : { seq, exchange });
              recorder.record({ layer: 'http', dir: 'in', raw: error.message, size: body.bytes, http: { exchange, phase: 'error', elapsed: elapsed() } });
              fail(error);
              recorder.cut(error);
              return;
            }
            forward(value);
          }
          body.end(true);
          context.summary.ended = true;
          recorder.record({ layer: 'http', dir: 'in', raw: '', size: body.bytes, http: { exchange, phase: 'end', elapsed: elapsed() } });
          if (!consumerGone) controller.close();
        } catch (error) {
          body.end(false);
          const message = error instanceof Error ? error.message : String(error);
          recorder.record({ layer: 'http', dir: 'in', raw: message, http: { exchange, phase: 'error', elapsed: elapsed() } });
          fail(error);
        }
      })().catch(() => undefined).finally(finished);
    },
    cancel() {
      consumerGone = true;
    },
  });
  const stop = (reason: Error) => {
    stopped ??= reason;
    void reader.cancel(reason.message).catch(() => undefined);
  };
  return { stream, done, stop };
}
