import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { CaptureSink, HeaderList, LaneId } from '../../shared/capture/envelope';
import { WireRecorder } from '../lanes/inspector/wire-recorder';
import { DEFAULT_LIMITS, type Limits } from '../../shared/capture/limits';
import { FrameSampler } from '../../shared/capture/frame-sampler';
import { redactingSink } from '../lanes/wire/redacting-sink';
import { isMessageTooBig, recordMessageTooBig, recordWsMessage } from '../lanes/wire/ws-message';
import { forwardHttp } from './forward-http';
import { pairsFromRaw, withoutHopByHop } from './headers';
import { redactHeaderList, redactUrl } from '../../shared/security/secret-names';
import { listen, originOf } from '../net/listen';
import { createRequestGuard, type AccessOptions } from '../net/request-guard';

export interface RealtimeTapOptions {
  /** OpenAI (default) or the emulator: an origin, optionally with `/v1` or `/v1/realtime`. */
  upstream?: string;
  port?: number;
  host?: string;
  sink: CaptureSink;
  lane?: LaneId;
  /**
   * message-bytes is maxPayload on both sockets of each connection (a bigger message closes it with
   * 1009), frame-bytes what the capture keeps of a message, frames-per-second when deltas are
   * sampled. Default DEFAULT_LIMITS.
   */
  limits?: TapLimits;
  /** Names and origins allowed beyond this machine's own. */
  access?: AccessOptions;
}

export type TapLimits = Pick<Limits, 'frameBytes' | 'messageBytes' | 'framesPerSecond'>;

/**
 * Only the stream of deltas (audio, transcript, text, arguments) is ever sampled: every other
 * event (session, items, `mcp_list_tools.*`, errors) is what the diagnosis reads, and is always kept.
 */
function isDelta(buffer: Buffer): boolean {
  const head = buffer.toString('utf8', 0, Math.min(buffer.length, 160));
  return /"type"\s*:\s*"[^"]*\.delta"/.test(head);
}

export interface RunningTap {
  /** Where the user's Realtime client connects (add `?model=...` as usual). */
  realtimeUrl: string;
  /** `baseURL` for an OpenAI client: `POST {baseUrl}/responses` goes through the tap too. */
  baseUrl: string;
  port: number;
  upstream: string;
  close(): Promise<void>;
}

export const DEFAULT_UPSTREAM = 'https://api.openai.com';

/** The handshake fields `ws` writes itself for the upstream connection. */
const HANDSHAKE_HEADERS = ['host', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', 'sec-websocket-protocol'];

export class TapUpstreamError extends Error {
  override name = 'TapUpstreamError';
}

/** The upstream as an origin plus path prefix (`/v1` and what follows are the client's to name). */
export function parseUpstream(upstream: string): { http: URL; ws: URL } {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new TapUpstreamError(`the upstream ${JSON.stringify(upstream)} is not a URL; use e.g. https://api.openai.com or ws://127.0.0.1:PORT/v1/realtime (the emulator)`);
  }
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) throw new TapUpstreamError(`the upstream must be an http(s):// or ws(s):// URL, got ${url.protocol}`);
  const prefix = url.pathname.replace(/\/+$/, '').replace(/\/v1(\/realtime|\/responses)?$/, '');
  const http = new URL(`${secure ? 'https' : 'http'}://${url.host}${prefix}`);
  const ws = new URL(`${secure ? 'wss' : 'ws'}://${url.host}${prefix}`);
  return { http, ws };
}

const joinPath = (base: URL, requestUrl: string): URL => new URL(`${base.href.replace(/\/+$/, '')}${requestUrl.startsWith('/') ? requestUrl : `/${requestUrl}`}`);

/** Close codes that may be sent in a frame (RFC 6455 §7.4); 1005/1006 only describe what happened. */
const sendableCode = (code: number): number | undefined => (code === 1000 || (code >= 1001 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999) ? code : undefined);

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * The "Your client" lane: a local Realtime endpoint the user's own client points at. Each
 * WebSocket is forwarded to the upstream with the client's own headers and subprotocols (its
 * key included, recorded redacted), every message is recorded in both directions exactly as
 * sent, and the close handshake of each side too. HTTP requests (`POST /v1/responses`) pass
 * through the same way. A refused upgrade reaches the client as the upstream sent it.
 */
export async function startRealtimeTap(options: RealtimeTapOptions): Promise<RunningTap> {
  const upstream = parseUpstream(options.upstream ?? DEFAULT_UPSTREAM);
  const lane = options.lane ?? 'client';
  const limits = options.limits ?? DEFAULT_LIMITS;
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const sockets = new Set<WebSocket>();
  const rawSockets = new Set<Socket>();
  const pending = new Set<Promise<void>>();
  const track = (promise: Promise<void>) => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  };
  let sockCount = 0;
  let httpCount = 0;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false, maxPayload: limits.messageBytes, handleProtocols: (_protocols, request) => (request as IncomingMessage & { chosenProtocol?: string }).chosenProtocol ?? false });

  const host = options.host ?? '127.0.0.1';
  const guard = createRequestGuard({ ...options.access, bindHost: host });
  const server = http.createServer(guard.http((request, response) => {
    const conn = `http-${++httpCount}`;
    track(forwardHttp({
      request, response, upstream: joinPath(upstream.http, request.url ?? '/'), agents, sink: options.sink, lane, jsonRpc: false,
      conn: () => conn, exchange: (c) => `${c}/x1`,
    }));
  }));

  server.on('upgrade', guard.upgrade((request: IncomingMessage, socket: Socket, head: Buffer) => {
    rawSockets.add(socket);
    socket.once('close', () => rawSockets.delete(socket));
    track(bridge(request, socket, head, `socket-${++sockCount}`));
  }));

  function bridge(request: IncomingMessage, socket: Socket, head: Buffer, conn: string): Promise<void> {
    const clientHeaders = pairsFromRaw(request.rawHeaders);
    const heads = redactHeaderList(clientHeaders);
    const target = joinPath(upstream.ws, request.url ?? '/');
    const shownTarget = redactUrl(target.href);
    const recorder = new WireRecorder(redactingSink(options.sink, [...heads.secrets, ...shownTarget.secrets]), conn, lane);
    const exchange = `${conn}/upgrade`;
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const requestSeq = recorder.record({
      layer: 'http', dir: 'out', raw: '', http: { exchange, phase: 'request', method: request.method ?? 'GET', url: shownTarget.url, headers: heads.headers },
      ...(heads.redacted || shownTarget.redacted ? { redacted: true } : {}),
    }).seq;
    recorder.meta('tap-connection', { upstream: redactUrl(target.href).url, userAgent: request.headers['user-agent'] ?? null }, { seq: requestSeq, exchange });

    const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const forwarded: HeaderList = withoutHopByHop(clientHeaders, HANDSHAKE_HEADERS);
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => { settle = resolve; });

    const upstreamSocket = new WebSocket(target, protocols, {
      headers: Object.fromEntries(groupHeaders(forwarded)),
      perMessageDeflate: false,
      maxPayload: limits.messageBytes,
      agent: target.protocol === 'wss:' ? agents.https : agents.http,
    });
    sockets.add(upstreamSocket);
    // Upstream messages can share a packet with the 101; they wait here until the client is connected.
    const early: { data: RawData; isBinary: boolean; seq: number | undefined }[] = [];
    let client: WebSocket | null = null;
    let clientClosed = false;
    /** Which side sent a message past message-bytes; `ws` closed that side with 1009, the tap closes the other. */
    let tooBig: { side: 'client' | 'upstream'; reason: string } | null = null;
    const refuseTooBig = (side: 'client' | 'upstream', socket: WebSocket) => {
      const error = recordMessageTooBig(recorder, socket, limits.messageBytes, {
        subject: side === 'client' ? 'a message from your client' : 'a message from the upstream',
        action: `closed both sides with 1009 (message too big)`,
        closeDir: side === 'client' ? 'in' : 'out',
        fields: { side },
      });
      // A close reason may hold 123 bytes (the words are ASCII); the meta has them all.
      tooBig = { side, reason: `parallax tap: ${error.message}`.slice(0, 123) };
      const other = side === 'client' ? upstreamSocket : client;
      if (other?.readyState === WebSocket.OPEN) {
        recorder.record({ layer: 'ws', dir: side === 'client' ? 'out' : 'in', raw: tooBig.reason, ws: { kind: 'close', code: 1009 } });
        other.close(1009, tooBig.reason);
      }
    };

    // A Realtime session streams audio deltas by the thousand: past the rate they are counted, not kept.
    const sampler = new FrameSampler(limits.framesPerSecond);
    const recordMessage = (dir: 'out' | 'in', data: RawData, isBinary: boolean): number | undefined => {
      const buffer = toBuffer(data);
      if (isBinary || isDelta(buffer)) {
        const { record, ended } = sampler.admit(Date.now());
        if (ended) recorder.sampled(ended);
        if (!record) return undefined;
      }
      return recordWsMessage(recorder, dir, buffer, isBinary, limits.frameBytes);
    };
    const deliver = (data: RawData, isBinary: boolean, seq: number | undefined) => {
      if (client && client.readyState === WebSocket.OPEN && !clientClosed) client.send(data, { binary: isBinary });
      else recorder.meta('not-delivered', { seq: seq ?? null, why: 'your client had already closed its socket when this arrived' }, seq === undefined ? undefined : { seq });
    };

    upstreamSocket.on('message', (data, isBinary) => {
      const seq = recordMessage('in', data, isBinary);
      if (client) deliver(data, isBinary, seq);
      else early.push({ data, isBinary, seq });
    });

    upstreamSocket.on('upgrade', (response: IncomingMessage) => {
      recorder.record({
        layer: 'http', dir: 'in', raw: '', link: { carrier: requestSeq },
        http: { exchange, phase: 'response', status: response.statusCode ?? 101, statusText: response.statusMessage ?? '', headers: pairsFromRaw(response.rawHeaders), elapsed: elapsed() },
      });
    });

    upstreamSocket.on('open', () => {
      recorder.record({ layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'end', elapsed: elapsed() } });
      (request as IncomingMessage & { chosenProtocol?: string }).chosenProtocol = upstreamSocket.protocol || undefined;
      wss.handleUpgrade(request, socket, head, (accepted) => {
        client = accepted;
        sockets.add(accepted);
        // The upstream sent a message too big before the client was connected: it gets the 1009 too.
        if (tooBig) {
          recorder.record({ layer: 'ws', dir: 'in', raw: tooBig.reason, ws: { kind: 'close', code: 1009 } });
          accepted.close(1009, tooBig.reason);
        }
        for (const { data, isBinary, seq } of early.splice(0)) deliver(data, isBinary, seq);
        accepted.on('message', (data, isBinary) => {
          recordMessage('out', data, isBinary);
          if (upstreamSocket.readyState === WebSocket.OPEN) upstreamSocket.send(data, { binary: isBinary });
        });
        accepted.on('close', (code, reason) => {
          clientClosed = true;
          sockets.delete(accepted);
          const text = reason.toString('utf8');
          if (tooBig?.side === 'client') {
            // Closed by the limit, already recorded; ws reports its own 1009 as 1006.
          } else if (code === 1005 || code === 1006) {
            recorder.meta('client-gone', { code, why: code === 1006 ? 'your client dropped the connection without a close frame' : 'your client closed without a status code' });
          } else {
            recorder.record({ layer: 'ws', dir: 'out', raw: text, ws: { kind: 'close', code } });
          }
          if (upstreamSocket.readyState === WebSocket.OPEN) upstreamSocket.close(sendableCode(code) ?? 1000, text);
          else if (upstreamSocket.readyState === WebSocket.CONNECTING) upstreamSocket.terminate();
        });
        accepted.on('error', (error) => {
          if (isMessageTooBig(error)) refuseTooBig('client', accepted);
          else recorder.meta('socket-error', { side: 'client', message: error.message });
        });
      });
    });

    upstreamSocket.on('close', (code, reason) => {
      sockets.delete(upstreamSocket);
      const last = sampler.end();
      if (last) recorder.sampled(last);
      const text = reason.toString('utf8');
      if (client) {
        if (tooBig?.side === 'upstream') {
          // Closed by the limit, already recorded; ws reports its own 1009 as 1006.
        } else if (code === 1005 || code === 1006) recorder.meta('upstream-gone', { code, why: 'the upstream dropped the connection without a close frame' });
        else recorder.record({ layer: 'ws', dir: 'in', raw: text, ws: { kind: 'close', code } });
        const current: WebSocket = client;
        if (current.readyState === WebSocket.OPEN) current.close(sendableCode(code) ?? 1011, text);
        else if (current.readyState === WebSocket.CONNECTING) current.terminate();
        if (current.readyState === WebSocket.CLOSED) settle();
        else current.once('close', () => settle());
      } else {
        settle();
      }
    });

    upstreamSocket.on('unexpected-response', (_req, response: IncomingMessage) => {
      // A refused upgrade (401 without a key, 400 on a bad model) reaches the client as sent.
      const status = response.statusCode ?? 502;
      const headers = pairsFromRaw(response.rawHeaders);
      const responseHeads = redactHeaderList(headers);
      recorder.record({
        layer: 'http', dir: 'in', raw: '', link: { carrier: requestSeq },
        http: { exchange, phase: 'response', status, statusText: response.statusMessage ?? '', headers: responseHeads.headers, elapsed: elapsed() },
        ...(responseHeads.redacted ? { redacted: true } : {}),
      });
      const passed = withoutHopByHop(headers).filter(([name]) => name.toLowerCase() !== 'content-length');
      socket.write(`HTTP/1.1 ${status} ${response.statusMessage ?? ''}\r\n${passed.map(([n, v]) => `${n}: ${v}\r\n`).join('')}connection: close\r\n\r\n`);
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        socket.write(chunk);
      });
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        recorder.record({ layer: 'http', dir: 'in', raw: body.toString('utf8'), size: body.byteLength, http: { exchange, phase: 'body', elapsed: elapsed() } });
        recorder.record({ layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'end', elapsed: elapsed() } });
        socket.end();
        upstreamSocket.terminate();
      });
    });

    upstreamSocket.on('error', (error) => {
      if (isMessageTooBig(error)) {
        refuseTooBig('upstream', upstreamSocket);
        return;
      }
      if (client) {
        recorder.meta('socket-error', { side: 'upstream', message: error.message });
        return;
      }
      const message = `cannot reach the Realtime upstream ${upstream.ws.origin}: ${error.message}`;
      recorder.record({ layer: 'http', dir: 'in', raw: message, http: { exchange, phase: 'error', elapsed: elapsed() } });
      if (socket.writable) {
        const body = `parallax tap-realtime: ${message}\n`;
        socket.end(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      }
    });
    // The client gave up during the handshake: drop the upstream attempt too.
    socket.once('close', () => {
      if (!client && upstreamSocket.readyState === WebSocket.CONNECTING) upstreamSocket.terminate();
    });
    return done;
  }

  const port = await listen(server, options.port ?? 0, host);
  const origin = originOf('http', host, port);
  return {
    realtimeUrl: `${originOf('ws', host, port)}/v1/realtime`,
    baseUrl: `${origin}/v1`,
    port,
    upstream: upstream.http.href,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const ws of sockets) ws.terminate();
      for (const raw of rawSockets) raw.destroy();
      server.closeAllConnections();
      agents.http.destroy();
      agents.https.destroy();
      await closed;
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

/** `ws` takes headers as an object: repeated fields are joined as HTTP allows (RFC 9110 §5.3). */
function groupHeaders(headers: HeaderList): [string, string][] {
  const grouped = new Map<string, [string, string]>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const existing = grouped.get(key);
    if (existing) existing[1] = `${existing[1]}, ${value}`;
    else grouped.set(key, [name, value]);
  }
  return [...grouped.values()];
}
