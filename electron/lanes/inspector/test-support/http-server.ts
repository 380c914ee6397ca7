import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach } from 'vitest';
import { listen as bind, originOf } from '../../../net/listen';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:43123 */
  origin: string;
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1 and an ephemeral port. `close` destroys open sockets (SSE
 * streams stay open otherwise), so a test never leaves a listener behind.
 */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>, onClose?: () => Promise<void> | void): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`test server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await bind(server, 0, '127.0.0.1');
  return {
    origin: originOf('http', '127.0.0.1', port),
    async close() {
      await onClose?.();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** For a test file: `serve(start...())` keeps the server and closes it after each test. */
export function closeAfterEach(): <T extends RunningServer>(server: Promise<T>) => Promise<T> {
  const running: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  return async (server) => {
    const started = await server;
    running.push(started);
    return started;
  };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
