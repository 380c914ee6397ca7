import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CookieFront {
  /** http://127.0.0.1:<port>, to put in front of the target's path. */
  origin: string;
  close(): Promise<void>;
}

/**
 * A pass-through in front of an HTTP server that adds a `Set-Cookie` to every response, as a
 * load balancer with sticky sessions does: the fixture servers set no cookies of their own.
 * Bodies (SSE streams included) are piped through unchanged.
 */
export async function startCookieFront(target: string, setCookie: string): Promise<CookieFront> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, { ...answer.headers, 'set-cookie': setCookie });
      answer.pipe(res);
    });
    forward.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`front: ${error.message}`);
    });
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
