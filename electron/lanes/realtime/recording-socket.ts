import type { ClientRequest, IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { HeaderList } from '../../../shared/capture/envelope';
import type { WireRecorder } from '../inspector/wire-recorder';
import { redactHeaderList } from '../../../shared/security/secret-names';
import { DEFAULT_LIMITS, type LimitExceededError } from '../../../shared/capture/limits';
import { isMessageTooBig, recordMessageTooBig, recordWsMessage, type WsMessageLimits } from '../wire/ws-message';

export interface RealtimeSocketOptions {
  url: string;
  /** Sent as `Authorization: Bearer <key>`, as a server-side client does; null sends none. */
  apiKey: string | null;
  /** Adds `OpenAI-Beta: realtime=v1`, which puts the connection on the beta interface. */
  beta: boolean;
  handshakeTimeoutMs: number;
  /** Stops a handshake that is still under way. */
  signal?: AbortSignal;
  /** message-bytes is the socket's maxPayload; frame-bytes bounds what the capture keeps of a message. Default DEFAULT_LIMITS. */
  limits?: WsMessageLimits;
}

export type SocketOpenResult =
  | { ok: true; socket: RecordingRealtimeSocket }
  | { ok: false; status?: number; body?: string; message: string; evidence: number[]; aborted?: boolean };

/** Body bytes of a refused upgrade worth keeping; a hostile endpoint could send forever. */
const MAX_REFUSAL_BODY = 256 * 1024;

function pairs(raw: string[]): HeaderList {
  const list: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([raw[i] ?? '', raw[i + 1] ?? '']);
  return list;
}

function requestHeaders(request: ClientRequest): HeaderList {
  return request.getRawHeaderNames().flatMap((name): HeaderList => {
    const value = request.getHeader(name);
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [String(value)]).map((v): [string, string] => [name, v]);
  });
}

/**
 * A Realtime WebSocket whose every byte is recorded: the upgrade as an `http` request/response
 * exchange (credentials redacted), each message in either direction as one `ws` envelope with
 * its untouched text, and the close handshake. Recording happens before anyone reads a message,
 * so nothing the server sent can be missing from the capture.
 */
export class RecordingRealtimeSocket {
  private onText?: (text: string, seq: number) => void;
  private onClosed?: (code: number, reason: string, cut?: LimitExceededError) => void;
  /** Messages that arrived before anyone listened (they may share a TCP packet with the 101). */
  private readonly early: { text: string; seq: number }[] = [];
  private earlyClose: { code: number; reason: string; cut?: LimitExceededError } | null = null;
  /** Set when the server sent a message past message-bytes: `ws` closed the socket with 1009. */
  private cut: LimitExceededError | undefined;
  private closedPromise: Promise<void>;
  closeCode: number | null = null;
  /** Only a socket that opened has WebSocket frames; a refused upgrade is all HTTP. */
  private opened = false;

  private constructor(private readonly ws: WebSocket, private readonly recorder: WireRecorder, private readonly limits: WsMessageLimits) {
    this.closedPromise = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        const text = reason.toString('utf8');
        this.closeCode = code;
        if (this.opened) recorder.record({ layer: 'ws', dir: 'in', raw: text, ws: { kind: 'close', code } });
        const cut = this.cut ? { cut: this.cut } : {};
        if (this.onClosed) this.onClosed(code, text, this.cut);
        else this.earlyClose = { code, reason: text, ...cut };
        resolve();
      });
    });
    ws.on('message', (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const seq = recordWsMessage(recorder, 'in', buffer, isBinary, this.limits.frameBytes);
      if (isBinary) return;
      const text = buffer.toString('utf8');
      // Too deep to parse safely: it stays raw in the capture and the lane never reads it.
      if (recorder.tooDeepToParse(text, { seq })) return;
      if (this.onText) this.onText(text, seq);
      else this.early.push({ text, seq });
    });
    ws.on('open', () => {
      this.opened = true;
    });
    ws.on('error', (error) => {
      if (!this.opened) return;
      if (isMessageTooBig(error)) {
        this.cut = recordMessageTooBig(recorder, ws, this.limits.messageBytes, {
          subject: 'a Realtime message', action: 'closed the connection with 1009 (message too big)', closeDir: 'out',
        });
      } else {
        recorder.meta('socket-error', { message: error.message });
      }
    });
  }

  /** Receives each text message from the server after it is recorded, starting with any that came early. */
  listen(onText: (text: string, seq: number) => void, onClosed: (code: number, reason: string, cut?: LimitExceededError) => void): void {
    this.onText = onText;
    this.onClosed = onClosed;
    for (const { text, seq } of this.early.splice(0)) onText(text, seq);
    if (this.earlyClose) onClosed(this.earlyClose.code, this.earlyClose.reason, this.earlyClose.cut);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one text message exactly as given and returns the seq it was recorded under. */
  send(text: string): number {
    const envelope = this.recorder.record({ layer: 'ws', dir: 'out', raw: text, size: Buffer.byteLength(text), ws: { kind: 'text' } });
    this.ws.send(text);
    return envelope.seq;
  }

  /** Starts the close handshake (recorded as an outgoing close) and waits for the socket to close. */
  async close(code = 1000, reason = 'probe finished'): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) {
      this.recorder.record({ layer: 'ws', dir: 'out', raw: reason, ws: { kind: 'close', code } });
      this.ws.close(code, reason);
    } else if (this.ws.readyState !== WebSocket.CLOSED) {
      this.ws.terminate();
    }
    await this.closedPromise;
  }

  /** Ends the connection at once, without a close handshake (an abort, a shutdown). */
  terminate(): void {
    this.ws.terminate();
  }

  static open(options: RealtimeSocketOptions, recorder: WireRecorder): Promise<SocketOpenResult> {
    const exchange = `${recorder.conn}/upgrade`;
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const headers: Record<string, string> = {};
    if (options.apiKey !== null) headers.Authorization = `Bearer ${options.apiKey}`;
    if (options.beta) headers['OpenAI-Beta'] = 'realtime=v1';
    const evidence: number[] = [];
    const limits = options.limits ?? DEFAULT_LIMITS;

    return new Promise<SocketOpenResult>((resolve) => {
      let settled = false;
      const settle = (result: SocketOpenResult) => {
        if (!settled) {
          settled = true;
          resolve(result);
        }
      };
      let ws: WebSocket;
      try {
        ws = new WebSocket(options.url, {
          headers,
          handshakeTimeout: options.handshakeTimeoutMs,
          // ws's own default is 100 MiB; a message past message-bytes closes the socket with 1009.
          maxPayload: limits.messageBytes,
          // Compression would make the recorded sizes differ from what crossed the wire.
          perMessageDeflate: false,
          finishRequest: (request: ClientRequest) => {
            const { headers: recorded, redacted } = redactHeaderList(requestHeaders(request));
            evidence.push(recorder.record({
              layer: 'http', dir: 'out', raw: '', http: { exchange, phase: 'request', method: 'GET', url: options.url, headers: recorded }, ...(redacted ? { redacted: true } : {}),
            }).seq);
            request.end();
          },
        });
      } catch (error) {
        const message = `bad Realtime URL ${JSON.stringify(options.url)}: ${error instanceof Error ? error.message : String(error)}`;
        settle({ ok: false, message, evidence: [recorder.meta('lane-error', { code: 'bad-input', message })] });
        return;
      }
      const socket = new RecordingRealtimeSocket(ws, recorder, limits);
      ws.on('upgrade', (response: IncomingMessage) => {
        evidence.push(recorder.record({
          layer: 'http', dir: 'in', raw: '',
          http: { exchange, phase: 'response', status: response.statusCode ?? 101, statusText: response.statusMessage ?? '', headers: pairs(response.rawHeaders), elapsed: elapsed() },
        }).seq);
      });
      ws.on('open', () => {
        recorder.record({ layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'end', elapsed: elapsed() } });
        settle({ ok: true, socket });
      });
      ws.on('unexpected-response', (_request: ClientRequest, response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        evidence.push(recorder.record({
          layer: 'http', dir: 'in', raw: '',
          http: { exchange, phase: 'response', status, statusText: response.statusMessage ?? '', headers: pairs(response.rawHeaders), elapsed: elapsed() },
        }).seq);
        const chunks: Buffer[] = [];
        let size = 0;
        let finished = false;
        const finish = (complete: boolean) => {
          if (finished) return;
          finished = true;
          const body = Buffer.concat(chunks).toString('utf8');
          evidence.push(recorder.record({ layer: 'http', dir: 'in', raw: body, size, http: { exchange, phase: 'body', elapsed: elapsed() }, ...(complete ? {} : { truncated: true }) }).seq);
          recorder.record({ layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'end', elapsed: elapsed() } });
          settle({ ok: false, status, body, message: `the Realtime endpoint refused the WebSocket upgrade with HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`, evidence });
          ws.terminate();
        };
        response.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size <= MAX_REFUSAL_BODY) chunks.push(chunk);
          else response.destroy();
        });
        response.on('end', () => finish(true));
        response.on('close', () => finish(size <= MAX_REFUSAL_BODY));
        response.on('error', () => finish(false));
      });
      const onAbort = () => {
        if (settled) return;
        const message = 'stopped while the WebSocket was connecting';
        evidence.push(recorder.record({ layer: 'http', dir: 'in', raw: message, http: { exchange, phase: 'error', elapsed: elapsed() } }).seq);
        settle({ ok: false, message, evidence, aborted: true });
        ws.terminate();
      };
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      ws.once('open', () => options.signal?.removeEventListener('abort', onAbort));
      ws.on('error', (error) => {
        if (settled) return;
        const message = `cannot open the Realtime WebSocket ${options.url}: ${error.message}`;
        evidence.push(recorder.record({ layer: 'http', dir: 'in', raw: message, http: { exchange, phase: 'error', elapsed: elapsed() } }).seq);
        settle({ ok: false, message, evidence });
      });
    });
  }
}
