import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { mediaTypeEssence } from '../../shared/capture/media-type';
import type { CaptureSink, HeaderList, LaneId } from '../../shared/capture/envelope';
import type { FrameSampler } from '../../shared/capture/frame-sampler';
import { DEFAULT_LIMITS, type Limits } from '../../shared/capture/limits';
import type { SseBlock } from '../../shared/sse/event-splitter';
import { CLIP_END_BYTES, ClippedBody } from '../capture/clipped-body';
import { WireRecorder } from '../lanes/inspector/wire-recorder';
import { redactingSink } from '../lanes/wire/redacting-sink';
import { recordClipHit, ResponseBodyRecorder } from '../lanes/wire/response-body-recorder';
import { flatten, pairsFromRaw, withHeader, withoutHopByHop } from './headers';
import { EndpointEventRewriter } from './legacy-endpoint';
import { redactHeaderList, redactUrl } from '../../shared/security/secret-names';

export interface UpstreamAgents {
  http: http.Agent;
  https: https.Agent;
}

export interface ForwardOptions {
  request: IncomingMessage;
  response: ServerResponse;
  /** The absolute URL the request goes to. */
  upstream: URL;
  agents: UpstreamAgents;
  sink: CaptureSink;
  lane: LaneId;
  /** The connection this exchange belongs to, decided once the request body is known (an `initialize` opens a new one). */
  conn: (requestBody: string) => string;
  /** Names the exchange inside its connection. */
  exchange: (conn: string) => string;
  /** MCP traffic: record the JSON-RPC messages in bodies and `message` events, linked to their carrier. */
  jsonRpc: boolean;
  /** Legacy SSE: the `endpoint` data the client should see, or null to leave it as sent. */
  rewriteEndpoint?: (data: string) => string | null;
  /** Called once the request envelope is recorded (to label the session from `initialize`). */
  onRequestBody?(text: string, seq: number, recorder: WireRecorder): void;
  onResponseHead?(status: number, headers: HeaderList): void;
  onSseEvent?(block: SseBlock, seq: number): void;
  /** Bodies beyond `frameBytes` and SSE events beyond `sseEventBytes` are forwarded whole and recorded as head, tail and hash. */
  limits?: Pick<Limits, 'frameBytes' | 'sseEventBytes'>;
  /** The connection's frames-per-second sampler, for its SSE notifications. */
  samplerFor?(conn: string): FrameSampler;
}

function describeUpstreamError(error: NodeJS.ErrnoException, upstream: URL): string {
  const code = error.code && !error.message.includes(error.code) ? `${error.code} ` : '';
  return `cannot reach ${upstream.origin}: ${code}${error.message}`;
}

/**
 * Forwards one HTTP exchange to the upstream and streams the answer back, recording it on the
 * way: the request (credentials redacted, body whole), the response head, then each SSE event
 * block as it passes, or the whole body, and the end. Bytes reach the client as they arrive
 * from the upstream; the only change ever made is the legacy `endpoint` rewrite. Resolves when
 * the exchange is over on both sides, never rejects.
 */
export function forwardHttp(options: ForwardOptions): Promise<void> {
  const { request, response, upstream } = options;
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const clientHeaders = pairsFromRaw(request.rawHeaders);
  const heads = redactHeaderList(clientHeaders);
  const target = redactUrl(upstream.href);
  const sink = redactingSink(options.sink, [...heads.secrets, ...target.secrets]);
  // Both are set when the request body has ended; nothing is recorded before that. A proxy's
  // recorder keeps no index of messages: nothing reads it, and an SSE stream would fill it with payloads.
  let recorder = new WireRecorder(sink, '', options.lane, { index: false });
  let exchange = '';
  const method = request.method ?? 'GET';
  request.socket.setNoDelay(true);

  const forwardedHeaders = withHeader(withoutHopByHop(clientHeaders), 'Host', upstream.host);
  const transport = upstream.protocol === 'https:' ? https : http;
  const upstreamRequest = transport.request(upstream, {
    method,
    headers: flatten(forwardedHeaders),
    setHost: false,
    agent: upstream.protocol === 'https:' ? options.agents.https : options.agents.http,
  });

  let requestSeq = 0;
  let markRequestRecorded: () => void = () => undefined;
  const requestRecorded = new Promise<void>((resolve) => { markRequestRecorded = resolve; });
  let finished = false;
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { settle = resolve; });
  let body: ResponseBodyRecorder | undefined;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const finish = (phase: 'end' | 'error', raw = '') => {
    if (finished) return;
    finished = true;
    void requestRecorded.then(() => {
      body?.end(phase === 'end');
      recorder.record({ layer: 'http', dir: 'in', raw, ...(body ? { size: body.bytes } : {}), http: { exchange, phase, elapsed: elapsed() } });
      settle();
    });
  };

  // ---- request: streamed to the upstream, recorded whole once it has ended ----
  const requestBody = new ClippedBody(limits.frameBytes, 'frameBytes', CLIP_END_BYTES, sink.sideBodies);
  request.on('data', (chunk: Buffer) => {
    requestBody.push(chunk);
    if (!upstreamRequest.write(chunk)) request.pause();
  });
  upstreamRequest.on('drain', () => request.resume());
  let requestDone = false;
  const recordRequest = (complete: boolean) => {
    if (requestDone) return;
    requestDone = true;
    const kept = requestBody.kept();
    const text = kept.raw;
    const conn = options.conn(text);
    recorder = new WireRecorder(sink, conn, options.lane, { index: false });
    exchange = options.exchange(conn);
    const envelope = recorder.record({
      layer: 'http', dir: 'out', ...kept,
      http: { exchange, phase: 'request', method, url: target.url, headers: heads.headers },
      ...(heads.redacted || target.redacted ? { redacted: true } : {}), ...(complete ? {} : { incomplete: true }),
    });
    requestSeq = envelope.seq;
    recordClipHit(recorder, requestBody, envelope.seq, exchange);
    const contentType = mediaTypeEssence(request.headers['content-type'] ?? null);
    if (options.jsonRpc && complete && text.trim() !== '' && !kept.truncated && (contentType === 'application/json' || contentType === undefined)) {
      recorder.jsonRpc(text, 'out', { seq: envelope.seq, exchange });
    }
    options.onRequestBody?.(text, envelope.seq, recorder);
    markRequestRecorded();
  };
  request.on('end', () => {
    upstreamRequest.end();
    recordRequest(true);
  });
  // A client that hangs up mid-body still leaves what it sent in the capture.
  request.on('close', () => {
    if (requestDone) return;
    recordRequest(false);
    upstreamRequest.destroy();
    finish('error', 'the client closed the connection before its request body ended');
  });

  // The client gave up (closed its socket): stop the upstream too, and say so in the capture.
  response.on('close', () => {
    if (response.writableFinished) return;
    upstreamRequest.destroy();
    finish('error', 'the client closed the connection before the response ended');
  });

  upstreamRequest.on('error', (error: NodeJS.ErrnoException) => {
    if (finished) return;
    const message = describeUpstreamError(error, upstream);
    if (!response.headersSent) {
      // The client learns why in words; the capture records the same words.
      const explanation = `parallax proxy: ${message}\n`;
      response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(explanation) });
      response.end(explanation);
    } else {
      response.destroy();
    }
    request.resume();
    finish('error', message);
  });

  // ---- response: head at once, body streamed chunk by chunk ----
  upstreamRequest.on('response', (upstreamResponse: IncomingMessage) => {
    const status = upstreamResponse.statusCode ?? 502;
    const headers = pairsFromRaw(upstreamResponse.rawHeaders);
    const contentType = mediaTypeEssence(upstreamResponse.headers['content-type'] ?? null);
    const sse = contentType === 'text/event-stream';
    const rewriter = sse && options.rewriteEndpoint ? new EndpointEventRewriter(options.rewriteEndpoint) : null;
    let rewriteNoted = false;
    // A rewritten endpoint changes the length; Node then frames the body itself.
    const passHeaders = withoutHopByHop(headers, rewriter ? ['content-length'] : []);
    response.writeHead(status, upstreamResponse.statusMessage ?? '', flatten(passHeaders));
    // SSE must reach the client now, not when Node's first body write would send the head.
    response.flushHeaders();

    body = new ResponseBodyRecorder(elapsed, limits, {
      sse, json: options.jsonRpc && (contentType === 'application/json' || contentType?.endsWith('+json') === true), jsonRpc: options.jsonRpc,
      ...(options.onSseEvent ? { onSseEvent: options.onSseEvent } : {}),
    }, sink.sideBodies);
    void requestRecorded.then(() => {
      const responseHeads = redactHeaderList(headers);
      recorder.record({
        layer: 'http', dir: 'in', raw: '', link: { carrier: requestSeq },
        http: { exchange, phase: 'response', status, statusText: upstreamResponse.statusMessage ?? '', headers: responseHeads.headers, elapsed: elapsed() },
        ...(responseHeads.redacted ? { redacted: true } : {}),
      });
      options.onResponseHead?.(status, headers);
      body?.start(recorder, exchange, options.samplerFor?.(recorder.conn));
    });

    upstreamResponse.on('data', (chunk: Buffer) => {
      body?.push(chunk);
      const out = rewriter ? rewriter.push(chunk) : chunk;
      if (rewriter?.rewritten && !rewriteNoted) {
        rewriteNoted = true;
        const change = rewriter.rewritten;
        void requestRecorded.then(() => recorder.meta('endpoint-rewritten', { ...change, why: 'the absolute endpoint named the upstream, so the client would have bypassed the proxy' }, { seq: requestSeq, exchange }));
      }
      if (out.byteLength > 0 && !response.write(out)) upstreamResponse.pause();
    });
    response.on('drain', () => upstreamResponse.resume());
    upstreamResponse.on('end', () => {
      if (rewriter) {
        const rest = rewriter.end();
        if (rest.byteLength > 0) response.write(rest);
      }
      response.end();
      finish('end');
    });
    upstreamResponse.on('error', (error) => {
      response.destroy();
      finish('error', `the upstream response broke off: ${error.message}`);
    });
  });

  return done;
}
