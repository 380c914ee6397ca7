import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { WebStandardStreamableHTTPServerTransport, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { isRecord } from '../../shared/diagnosis/json';
import { isKnownRevision, KNOWN_REVISIONS } from '../../shared/lanes/protocol-revision';
import { ReplayBook, type Pace, type ReplayAnswer, type ReplayStream } from '../../shared/replay/replay-book';
import { LegacySseServerTransport } from '../mcp/legacy-sse-server-transport';
import { REALTIME_PATH, RESPONSES_PATH, type RealtimeReplay, type ResponsesReplay } from './openai-replay';
import { listen } from '../net/listen';
import { createRequestGuard, type AccessOptions } from '../net/request-guard';
import { readNodeBody, sendWebResponse, toWebRequest } from '../net/web-bridge';

/** The HTTP endpoints a served capture answers on: the recorded server's paths, by transport. */
export interface ReplayEndpoints {
  /** Streamable HTTP paths (stateful sessions, and stateless POSTs without a session). */
  streamable: string[];
  /** Legacy SSE paths: GET opens the stream, POST <path>/messages?sessionId= carries requests. */
  sse: string[];
}

export interface ReplayLog {
  /** One line per answered or unmatched request, for the terminal. */
  (line: string): void;
}

export interface RunningReplayServer {
  urls: { transport: 'streamable-http' | 'sse'; url: string }[];
  /** Where the recorded OpenAI side is played back, when the capture has one. */
  openai: { responsesBaseUrl?: string; realtimeUrl?: string };
  unmatched: number;
  close(): Promise<void>;
}

const wait = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * Wires one SDK server transport to a replay session: requests get the recorded answer (after the
 * paced delay), a recorded stream replays its notifications and then stays open, notifications
 * from the client are taken and dropped, and nothing a client sends can crash it.
 */
function answerOn(transport: Transport, answer: (request: { id: string | number; method: string; params?: unknown }) => ReplayAnswer | ReplayStream, log: ReplayLog, counts: { unmatched: number }): void {
  transport.onmessage = (message: JSONRPCMessage) => {
    const m = message as Record<string, unknown>;
    if (typeof m.method !== 'string' || !('id' in m) || (typeof m.id !== 'string' && typeof m.id !== 'number')) return;
    const id = m.id;
    const method = m.method;
    const send = (out: Record<string, unknown>) => transport.send(out as JSONRPCMessage, { relatedRequestId: id })
      .catch((error: unknown) => log(`could not send the answer to ${method}: ${error instanceof Error ? error.message : String(error)}`));
    const reply = answer({ id, method, ...('params' in m ? { params: m.params } : {}) });
    if ('notifications' in reply) {
      log(`${method}: streaming ${reply.notifications.length} recorded notification(s) from seq ${reply.requestSeq}, open until the client leaves`);
      for (const n of reply.notifications) void wait(n.delayMs).then(() => send(n.message));
      return;
    }
    if (reply.recorded) log(`${method}: answered from seq ${reply.recorded.responseSeq}${reply.delayMs ? ` after ${Math.round(reply.delayMs)} ms` : ''}`);
    else {
      counts.unmatched++;
      const error = reply.message.error;
      log(`unmatched: ${isRecord(error) ? String(error.message) : method}`);
    }
    void wait(reply.delayMs).then(() => send(reply.message));
  };
  transport.onerror = (error) => log(`transport error: ${error.message}`);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const jsonError = (res: ServerResponse, status: number, code: number, message: string) =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));

/**
 * Every revision, and whatever the request names: the transport would refuse the rest with a 400
 * of its own, while the replay's answers (a recorded -32022 among them) must speak for the server.
 */
function acceptedRevisions(req: IncomingMessage): string[] {
  const named = req.headers['mcp-protocol-version'];
  return [...KNOWN_REVISIONS, ...(typeof named === 'string' && !isKnownRevision(named) ? [named] : [])];
}

const messagesOf = (body: unknown): unknown[] => (Array.isArray(body) ? body : [body]);
const isInitialize = (body: unknown) => messagesOf(body).some((m) => isRecord(m) && m.method === 'initialize');
/** A request the recorded server answered with a long-lived event stream; one JSON body cannot carry it. */
const opensStream = (body: unknown) => messagesOf(body).some((m) => isRecord(m) && typeof m.method === 'string' && ReplayBook.isStreaming(m.method));

/** Serves a capture's recorded MCP answers over HTTP on 127.0.0.1 (port 0: a free one). */
export async function startReplayServer(book: ReplayBook, endpoints: ReplayEndpoints, options: { port?: number; pace: Pace; log: ReplayLog; access?: AccessOptions; realtime?: RealtimeReplay; responses?: ResponsesReplay }): Promise<RunningReplayServer> {
  const { pace, log } = options;
  const counts = { unmatched: 0 };
  const streamable = new Map<string, WebStandardStreamableHTTPServerTransport>();
  const sse = new Map<string, LegacySseServerTransport>();
  const open = new Set<Transport>();
  const track = (t: Transport) => {
    open.add(t);
    const closed = t.onclose;
    t.onclose = () => { open.delete(t); closed?.(); };
  };

  async function onStreamable(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.method === 'POST' ? await readNodeBody(req) : undefined;
    const body = raw === undefined ? undefined : parseJson(raw);
    const request = toWebRequest(req, raw);
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const transport = streamable.get(sessionId);
      if (!transport) return jsonError(res, 404, -32001, 'Session not found');
      return sendWebResponse(await transport.handleRequest(request, body === undefined ? {} : { parsedBody: body }), res);
    }
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('Method Not Allowed');
    if (body === undefined) return jsonError(res, 400, -32700, 'Parse error');
    // An initialize opens a session, as the recorded server did; anything else is answered statelessly (MCP 2026-07-28).
    const stateful = isInitialize(body);
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      supportedProtocolVersions: acceptedRevisions(req),
      ...(stateful ? { sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id: string) => void streamable.set(id, transport) } : { sessionIdGenerator: undefined }),
      enableJsonResponse: !opensStream(body),
    });
    answerOn(transport, book.session(pace), log, counts);
    track(transport);
    const onclose = transport.onclose;
    transport.onclose = () => { if (transport.sessionId) streamable.delete(transport.sessionId); onclose?.(); };
    await transport.start();
    try {
      await sendWebResponse(await transport.handleRequest(request, { parsedBody: body }), res);
    } finally {
      if (!stateful) await transport.close();
    }
  }

  async function onSse(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    if (url.pathname === path) {
      if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('Method Not Allowed');
      // The SDK 1.x servers' framing, which the recorded endpoint paths (<path>/messages) follow.
      const messages = `${path.replace(/\/$/, '')}/messages`;
      const transport = new LegacySseServerTransport(res, { endpoint: (id) => `${messages}?sessionId=${id}`, eol: '\n' });
      transport.onclose = () => void sse.delete(transport.sessionId);
      sse.set(transport.sessionId, transport);
      answerOn(transport, book.session(pace), log, counts);
      track(transport);
      await transport.start();
      return;
    }
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('Method Not Allowed');
    const transport = sse.get(url.searchParams.get('sessionId') ?? '');
    if (!transport) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Could not find session');
    await transport.handlePost(req, res);
  }

  const { realtime, responses } = options;
  const guard = createRequestGuard(options.access);
  const http: HttpServer = createServer(guard.http((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay.invalid');
    let route: Promise<void> | undefined;
    if (responses && responses.size > 0 && url.pathname === RESPONSES_PATH) route = responses.handle(req, res);
    if (endpoints.streamable.includes(url.pathname)) route = onStreamable(req, res);
    for (const path of endpoints.sse) if (url.pathname === path || url.pathname === `${path.replace(/\/$/, '')}/messages`) route = onSse(req, res, path, url);
    if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not Found: this capture's server answered on ${[...endpoints.streamable, ...endpoints.sse].join(', ')}`);
    route.catch((error: unknown) => {
      log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('replay server error');
      else res.end();
    });
  }));
  http.on('upgrade', guard.upgrade((req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://replay.invalid');
    if (realtime && realtime.size > 0 && url.pathname === REALTIME_PATH) return realtime.upgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }));
  const port = await listen(http, options.port ?? 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return {
    urls: [...endpoints.streamable.map((p) => ({ transport: 'streamable-http' as const, url: base + p })), ...endpoints.sse.map((p) => ({ transport: 'sse' as const, url: base + p }))],
    openai: {
      ...(responses && responses.size > 0 ? { responsesBaseUrl: `${base}/v1` } : {}),
      ...(realtime && realtime.size > 0 ? { realtimeUrl: `ws://127.0.0.1:${port}${REALTIME_PATH}` } : {}),
    },
    get unmatched() { return counts.unmatched + (realtime?.unmatched ?? 0) + (responses?.unmatched ?? 0); },
    async close() {
      realtime?.close();
      await Promise.allSettled([...open].map((t) => t.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Serves the capture over stdio (newline-delimited JSON-RPC) until stdin ends. */
export async function serveReplayOverStdio(book: ReplayBook, options: { pace: Pace; log: ReplayLog; stdin: Readable; stdout: Writable }): Promise<{ unmatched: number }> {
  const counts = { unmatched: 0 };
  const transport = new StdioServerTransport(options.stdin, options.stdout);
  answerOn(transport, book.session(options.pace), options.log, counts);
  const closed = new Promise<void>((resolve) => {
    options.stdin.once('end', resolve);
    options.stdin.once('close', resolve);
  });
  await transport.start();
  await closed;
  await transport.close();
  return counts;
}
