import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { RENDERER_SECURITY_HEADERS } from '../../shared/security/csp';
import { ClientFrame, HOST_SOCKET_PATH, HOST_TOKEN_PARAM, HOST_DOWNLOAD_PATH, HOST_UPLOAD_PATH, type HostFrame } from '../../shared/ipc/host-protocol';
import type { Engine } from '../engine/engine';
import { contentTypeFor, resolveStaticFile } from './static-files';
import { listen, originOf } from '../net/listen';
import { createRequestGuard } from '../net/request-guard';
import { PRIVATE_FILE_MODE } from '../private-file';

export interface BrowserHostOptions {
  engine: Engine;
  /** Folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random 256-bit token otherwise. */
  token?: string;
  /** Where files dropped on the page are stored so the engine can open them by path. */
  uploadDir?: string;
  /** The engine's exports folder: saved captures and bundles the page may download. Nothing else is served as a file. */
  downloadDir?: string;
}

export interface BrowserHost {
  /** The address to open, token included in the fragment so it never reaches server logs. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/**
 * Serves the built renderer on 127.0.0.1 and carries the IPC contract over a WebSocket, so the
 * same UI runs in any browser with the engine in this Node process. The socket demands the
 * per-launch token; every request and upgrade goes through the shared request guard, which
 * refuses foreign `Host` headers (DNS rebinding) and any `Origin` but the host's own page.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let origin = '';
  // Not any loopback origin: another local web app must not drive the engine even with a leaked token.
  const guard = createRequestGuard({ loopbackOrigins: false });

  const server = http.createServer(guard.http((req, res) => {
    void serveStatic(req, res);
  }));

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method === 'POST' && (req.url ?? '').startsWith(HOST_UPLOAD_PATH)) {
      await receiveUpload(req, res);
      return;
    }
    if (req.method === 'GET' && (req.url ?? '').startsWith(`${HOST_DOWNLOAD_PATH}?`)) {
      await sendDownload(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await resolveStaticFile(options.rendererDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...RENDERER_SECURITY_HEADERS }).end('Not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Cache-Control': 'no-store',
      ...RENDERER_SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  /**
   * A file dropped on the page travels here (a browser cannot hand over a path): the body is
   * streamed to disk, never held in memory, and the answer is the path the engine can open.
   */
  async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const answer = (status: number, body: object): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', origin);
    const offered = Buffer.from(url.searchParams.get(HOST_TOKEN_PARAM) ?? '');
    if (offered.length !== tokenBytes.length || !timingSafeEqual(offered, tokenBytes)) return answer(401, { error: 'missing or wrong token' });
    if (!options.uploadDir) return answer(404, { error: 'uploads are not enabled on this host' });
    const name = path.basename(url.searchParams.get('name') ?? 'upload').replace(/[^\w.-]+/g, '_').slice(0, 120) || 'upload';
    // A folder per upload keeps the user's file name, which the UI shows as the session title.
    const folder = path.join(options.uploadDir, `${Date.now()}-${randomBytes(6).toString('hex')}`);
    await mkdir(folder, { recursive: true });
    const target = path.join(folder, name);
    try {
      await pipeline(req, createWriteStream(target, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
      answer(200, { path: target });
    } catch (error) {
      answer(500, { error: `could not store the upload: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** A saved capture or bundle, by bare file name, from the exports folder only. */
  async function sendDownload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const offered = Buffer.from(url.searchParams.get(HOST_TOKEN_PARAM) ?? '');
    if (offered.length !== tokenBytes.length || !timingSafeEqual(offered, tokenBytes)) {
      res.writeHead(401).end();
      return;
    }
    const name = url.searchParams.get('name') ?? '';
    if (!options.downloadDir || name !== path.basename(name) || name.startsWith('.') || name === '') {
      res.writeHead(404).end();
      return;
    }
    const file = path.join(options.downloadDir, name);
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': info.size,
        'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', guard.upgrade((req, socket, head) => {
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== HOST_SOCKET_PATH) return refuse(404, 'Not Found');
    const offered = Buffer.from(url.searchParams.get(HOST_TOKEN_PARAM) ?? '');
    if (offered.length !== tokenBytes.length || !timingSafeEqual(offered, tokenBytes)) return refuse(401, 'Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  }));

  sockets.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      void answer(ws, data.toString());
    });
  });

  async function answer(ws: WebSocket, text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return ws.close(1007, 'frame is not JSON');
    }
    const frame = ClientFrame.safeParse(json);
    if (!frame.success) return ws.close(1008, closeReason(`bad frame: ${z.prettifyError(frame.error)}`));
    const result = await options.engine.dispatch(frame.data.name, frame.data.payload);
    send(ws, { type: 'response', id: frame.data.id, result });
  }

  function send(ws: WebSocket, frame: HostFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  const unsubscribe = options.engine.events.subscribe((name, payload) => {
    for (const ws of sockets.clients) send(ws, { type: 'event', name, payload });
  });

  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  origin = originOf('http', '127.0.0.1', port);

  return {
    url: `${origin}/#${HOST_TOKEN_PARAM}=${token}`,
    origin,
    token,
    port,
    async close() {
      unsubscribe();
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
function closeReason(text: string): string {
  let out = text.replace(/\s+/g, ' ');
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}
