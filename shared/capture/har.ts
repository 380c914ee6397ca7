import type { CaptureHeader, Envelope, HeaderList, LaneId, Layer } from './envelope';
import type { Har, HarCookie, HarEntry } from './har-schema';
import { payloadBytes } from './payload-size';
import { parseSseEvent } from './sse';

/**
 * Builds a HAR 1.2 log from capture envelopes, fed one at a time in capture order: every HTTP
 * exchange becomes an entry (SSE responses keep their stream as the body plus one `_sseEvents`
 * item per event), and every WebSocket connection becomes one entry in Chrome's shape
 * (`_resourceType: "websocket"`, `_webSocketMessages`), so captures open in browser devtools.
 */

export interface HarBuildOptions {
  creator: { name: string; version: string };
  /** The capture's header, for the log comment (emulated captures say so). */
  header?: CaptureHeader;
}

export interface HarBuildResult {
  har: Har;
  /** Envelopes that HAR cannot represent (stdio, stderr, meta, JSON-RPC not carried over HTTP), by layer. */
  notExported: Partial<Record<Layer, number>>;
}

interface ExchangeParts {
  id: string;
  lane: LaneId;
  conn: string;
  firstSeq: number;
  lastSeq: number;
  request?: Envelope;
  response?: Envelope;
  body: Envelope[];
  sse: Envelope[];
  end?: Envelope;
  error?: Envelope;
}

interface SocketParts {
  lane: LaneId;
  conn: string;
  messages: Envelope[];
}

/** Chrome's opcodes in `_webSocketMessages`: 1 text, 2 binary; 8 is the close frame. */
const OPCODES = { text: 1, binary: 2, close: 8 } as const;

export class HarBuilder {
  private readonly exchanges = new Map<string, ExchangeParts>();
  private readonly sockets = new Map<string, SocketParts>();
  private readonly notExported: Partial<Record<Layer, number>> = {};

  constructor(private readonly options: HarBuildOptions) {}

  add(envelope: Envelope): void {
    switch (envelope.layer) {
      case 'http':
        this.addToExchange(envelope, envelope.http?.exchange);
        return;
      case 'sse':
        this.addToExchange(envelope, envelope.http?.exchange ?? envelope.link?.exchange);
        return;
      case 'ws':
        this.addToSocket(envelope);
        return;
      case 'jsonrpc':
        // Carried inside an HTTP body or SSE event already exported; otherwise (stdio) HAR has no place for it.
        if (envelope.link?.exchange === undefined) this.skip(envelope.layer);
        return;
      default:
        this.skip(envelope.layer);
    }
  }

  private skip(layer: Layer): void {
    this.notExported[layer] = (this.notExported[layer] ?? 0) + 1;
  }

  private addToExchange(envelope: Envelope, exchangeId: string | undefined): void {
    if (exchangeId === undefined) {
      this.skip(envelope.layer);
      return;
    }
    let parts = this.exchanges.get(exchangeId);
    if (!parts) {
      parts = { id: exchangeId, lane: envelope.lane, conn: envelope.conn, firstSeq: envelope.seq, lastSeq: envelope.seq, body: [], sse: [] };
      this.exchanges.set(exchangeId, parts);
    }
    parts.lastSeq = Math.max(parts.lastSeq, envelope.seq);
    if (envelope.layer === 'sse') {
      parts.sse.push(envelope);
      return;
    }
    switch (envelope.http?.phase) {
      case 'request': parts.request = envelope; break;
      case 'response': parts.response = envelope; break;
      case 'body': parts.body.push(envelope); break;
      case 'end': parts.end = envelope; break;
      case 'error': parts.error = envelope; break;
    }
  }

  private addToSocket(envelope: Envelope): void {
    const key = connectionKey(envelope.lane, envelope.conn);
    let socket = this.sockets.get(key);
    if (!socket) this.sockets.set(key, (socket = { lane: envelope.lane, conn: envelope.conn, messages: [] }));
    socket.messages.push(envelope);
  }

  finish(): HarBuildResult {
    const handshakes = this.findHandshakes();
    const used = new Set([...handshakes.values()].map((parts) => parts.id));
    const entries: { entry: HarEntry; start: number; seq: number }[] = [];
    for (const parts of this.exchanges.values()) {
      if (used.has(parts.id)) continue;
      const entry = exchangeEntry(parts);
      if (entry) entries.push(entry);
    }
    for (const [key, socket] of this.sockets) entries.push(socketEntry(socket, handshakes.get(key)));
    entries.sort((a, b) => a.start - b.start || a.seq - b.seq);
    const header = this.options.header;
    const notes = [
      header?.emulated ? 'Recorded against the MCP Parallax local emulator, not OpenAI\'s servers.' : undefined,
      header?.note,
    ].filter((note): note is string => Boolean(note));
    return {
      har: {
        log: {
          version: '1.2',
          creator: { ...this.options.creator },
          entries: entries.map((e) => e.entry),
          ...(notes.length ? { comment: notes.join(' ') } : {}),
        },
      },
      notExported: { ...this.notExported },
    };
  }

  /** A WebSocket's opening handshake is the HTTP exchange on the same lane and conn that upgraded (101, or asked to). */
  private findHandshakes(): Map<string, ExchangeParts> {
    const found = new Map<string, ExchangeParts>();
    for (const parts of this.exchanges.values()) {
      const key = connectionKey(parts.lane, parts.conn);
      if (!this.sockets.has(key) || found.has(key)) continue;
      const upgraded = parts.response?.http?.status === 101;
      const asked = headerValue(parts.request?.http?.headers, 'upgrade')?.toLowerCase() === 'websocket';
      if (upgraded || asked) found.set(key, parts);
    }
    return found;
  }
}

/** Builds the whole log in one call, for callers that already hold the envelopes. */
export function buildHar(envelopes: Iterable<Envelope>, options: HarBuildOptions): HarBuildResult {
  const builder = new HarBuilder(options);
  for (const envelope of envelopes) builder.add(envelope);
  return builder.finish();
}

function exchangeEntry(parts: ExchangeParts): { entry: HarEntry; start: number; seq: number } | undefined {
  const { request, response } = parts;
  const first = request ?? response ?? parts.body[0] ?? parts.sse[0] ?? parts.end ?? parts.error;
  if (!first) return undefined;
  const start = first.t;
  const last = [parts.end, parts.error, ...parts.body, ...parts.sse].reduce<Envelope | undefined>(
    (latest, e) => (e && (!latest || e.t > latest.t) ? e : latest), undefined,
  );
  const at = (e: Envelope | undefined) => (e ? e.http?.elapsed ?? e.t - start : undefined);
  const responseAt = at(response);
  const finishedAt = Math.max(at(last) ?? 0, responseAt ?? 0);
  const wait = responseAt ?? finishedAt;
  const receive = responseAt === undefined ? 0 : finishedAt - responseAt;
  const notes: string[] = [];
  if (!request) notes.push('The request was not captured.');
  if (!response && !parts.error) notes.push('No response was captured.');
  if (!parts.end && !parts.error && response) notes.push('The response had not finished when the capture ended.');
  const envelopes = [request, response, ...parts.body, ...parts.sse, parts.end, parts.error].filter((e): e is Envelope => e !== undefined);
  if (envelopes.some((e) => e.truncated)) notes.push('Some payloads were truncated when captured.');
  if (envelopes.some((e) => e.redacted)) notes.push('Secrets were redacted.');
  if (parts.sse.some((e) => e.incomplete)) notes.push('The stream ended in the middle of an event.');

  const requestHeaders = request?.http?.headers ?? [];
  const responseHeaders = response?.http?.headers ?? [];
  const hasRequestBody = request !== undefined && (request.raw !== '' || (request.size ?? 0) > 0);
  const bodyParts = parts.sse.length ? parts.sse : parts.body;
  const base64 = bodyParts.some((e) => e.encoding === 'base64');
  const timings = harTimings(wait, receive);
  const entry: HarEntry = {
    startedDateTime: new Date(start).toISOString(),
    time: timings.send + timings.wait + timings.receive,
    request: {
      method: request?.http?.method ?? '',
      url: request?.http?.url ?? '',
      httpVersion: '',
      cookies: requestCookies(requestHeaders),
      headers: harHeaders(requestHeaders),
      queryString: queryString(request?.http?.url ?? ''),
      ...(hasRequestBody ? {
        postData: {
          mimeType: headerValue(requestHeaders, 'content-type') ?? '',
          text: request.raw,
          ...(request.encoding === 'base64' ? { comment: 'text is base64: the body was not valid UTF-8' } : {}),
        },
      } : {}),
      headersSize: -1,
      bodySize: request ? payloadBytes(request) : -1,
    },
    response: {
      status: response?.http?.status ?? 0,
      statusText: response?.http?.statusText ?? '',
      httpVersion: '',
      cookies: responseCookies(responseHeaders),
      headers: harHeaders(responseHeaders),
      content: {
        size: bodyParts.reduce((sum, e) => sum + payloadBytes(e), 0),
        mimeType: headerValue(responseHeaders, 'content-type') ?? 'x-unknown',
        text: bodyParts.map((e) => e.raw).join(''),
        ...(base64 ? { encoding: 'base64' } : {}),
      },
      redirectURL: headerValue(responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: -1,
      ...(parts.error ? { _error: parts.error.raw } : {}),
    },
    cache: {},
    timings,
    ...(notes.length ? { comment: notes.join(' ') } : {}),
    ...(parts.sse.length ? { _sseEvents: parts.sse.map(sseMessage) } : {}),
    _parallax: { lane: parts.lane, conn: parts.conn, exchange: parts.id, firstSeq: parts.firstSeq, lastSeq: parts.lastSeq },
  };
  return { entry, start, seq: parts.firstSeq };
}

function socketEntry(socket: SocketParts, handshake: ExchangeParts | undefined): { entry: HarEntry; start: number; seq: number } {
  const request = handshake?.request;
  const response = handshake?.response;
  const firstMessage = socket.messages[0] as Envelope;
  const lastMessage = socket.messages[socket.messages.length - 1] as Envelope;
  const start = request?.t ?? response?.t ?? firstMessage.t;
  const responseAt = response ? response.http?.elapsed ?? response.t - start : 0;
  const finishedAt = Math.max(responseAt, lastMessage.t - start);
  const timings = harTimings(responseAt, finishedAt - responseAt);
  const requestHeaders = request?.http?.headers ?? [];
  const responseHeaders = response?.http?.headers ?? [];
  const url = request?.http?.url ?? '';
  const entry: HarEntry = {
    startedDateTime: new Date(start).toISOString(),
    time: timings.send + timings.wait + timings.receive,
    request: {
      method: request?.http?.method ?? 'GET',
      url,
      httpVersion: '',
      cookies: requestCookies(requestHeaders),
      headers: harHeaders(requestHeaders),
      queryString: queryString(url),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: response?.http?.status ?? 101,
      statusText: response?.http?.statusText ?? 'Switching Protocols',
      httpVersion: '',
      cookies: responseCookies(responseHeaders),
      headers: harHeaders(responseHeaders),
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings,
    ...(handshake ? {} : { comment: 'The WebSocket opening handshake was not captured; URL and headers are unknown.' }),
    _resourceType: 'websocket',
    _webSocketMessages: socket.messages.map((m) => ({
      type: m.dir === 'out' ? 'send' : 'receive',
      time: m.t / 1000,
      opcode: OPCODES[m.ws?.kind ?? 'text'],
      data: m.raw,
    })),
    _parallax: {
      lane: socket.lane, conn: socket.conn,
      ...(handshake ? { exchange: handshake.id } : {}),
      firstSeq: Math.min(handshake?.firstSeq ?? Infinity, firstMessage.seq),
      lastSeq: Math.max(handshake?.lastSeq ?? 0, lastMessage.seq),
    },
  };
  return { entry, start, seq: handshake?.firstSeq ?? firstMessage.seq };
}

function sseMessage(envelope: Envelope) {
  const event = parseSseEvent(envelope.raw);
  return {
    time: envelope.t / 1000,
    type: event.event ?? 'message',
    data: event.data,
    ...(event.id !== undefined ? { eventId: event.id } : {}),
    ...(envelope.incomplete ? { incomplete: true } : {}),
  };
}

/** Only the phases we observe: no DNS/connect split is visible from inside fetch. */
function harTimings(wait: number, receive: number) {
  const round = (ms: number) => Math.round(Math.max(0, ms) * 1000) / 1000;
  return { blocked: -1, dns: -1, connect: -1, send: 0, wait: round(wait), receive: round(receive), ssl: -1 };
}

function connectionKey(lane: LaneId, conn: string): string {
  return `${lane}\u0000${conn}`;
}

function harHeaders(headers: HeaderList): { name: string; value: string }[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function headerValue(headers: HeaderList | undefined, name: string): string | undefined {
  return headers?.find(([key]) => key.toLowerCase() === name)?.[1];
}

function requestCookies(headers: HeaderList): HarCookie[] {
  return headers
    .filter(([name]) => name.toLowerCase() === 'cookie')
    .flatMap(([, value]) => value.split(';'))
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map(cookiePair);
}

function responseCookies(headers: HeaderList): HarCookie[] {
  return headers
    .filter(([name]) => name.toLowerCase() === 'set-cookie')
    .map(([, value]) => {
      const [pair = '', ...attributes] = value.split(';');
      const cookie: HarCookie = cookiePair(pair.trim());
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.trim().split('=');
        const attributeValue = rest.join('=');
        switch (key.toLowerCase()) {
          case 'path': cookie.path = attributeValue; break;
          case 'domain': cookie.domain = attributeValue; break;
          case 'expires': cookie.expires = attributeValue; break;
          case 'httponly': cookie.httpOnly = true; break;
          case 'secure': cookie.secure = true; break;
        }
      }
      return cookie;
    });
}

function cookiePair(pair: string): HarCookie {
  const eq = pair.indexOf('=');
  return eq < 0 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
}

function queryString(url: string): { name: string; value: string }[] {
  const question = url.indexOf('?');
  if (question < 0) return [];
  const hash = url.indexOf('#', question);
  const query = url.slice(question + 1, hash < 0 ? undefined : hash);
  return query.split('&').filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    return { name: decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq)), value: eq < 0 ? '' : decodeQueryPart(pair.slice(eq + 1)) };
  });
}

function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}
