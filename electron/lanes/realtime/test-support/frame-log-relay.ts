import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface LoggedFrame {
  /** `out`: the client sent it; `in`: the server sent it (the lane's point of view). */
  dir: 'out' | 'in';
  kind: 'text' | 'close';
  text: string;
  code?: number;
}

export interface FrameLogRelay {
  /** `ws://127.0.0.1:<port>/v1/realtime`, keeping the upstream's query. */
  url(upstreamUrl: string): string;
  /** One log per accepted connection, in order. */
  logs: LoggedFrame[][];
  close(): Promise<void>;
}

/**
 * A test-only WebSocket relay on 127.0.0.1 placed directly in front of the emulator: it logs each
 * frame as the server end of the lane's socket receives or sends it, independently of the lane's
 * own recording, and forwards it unchanged. The upgrade headers that matter to the emulator
 * (credentials, beta header, subprotocols) are passed on; a refused upgrade is passed back.
 */
export async function startFrameLogRelay(upstreamBase: string): Promise<FrameLogRelay> {
  const logs: LoggedFrame[][] = [];
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const upstreamUrl = new URL(req.url ?? '/', upstreamBase.replace(/^http/, 'ws'));
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'openai-beta']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = new WebSocket(upstreamUrl, { headers, perMessageDeflate: false });
    upstream.on('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        socket.end(`HTTP/1.1 ${response.statusCode ?? 502} ${response.statusMessage ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${body.byteLength}\r\nconnection: close\r\n\r\n${body.toString('utf8')}`);
      });
    });
    upstream.on('error', () => socket.destroy());
    upstream.once('open', () => {
      wss.handleUpgrade(req, socket, head, (client) => {
        const log: LoggedFrame[] = [];
        logs.push(log);
        sockets.add(client).add(upstream);
        // The emulator's first frames reach us on a later tick than 'open', after these listeners exist.
        upstream.on('message', (data, isBinary) => {
          if (!isBinary) log.push({ dir: 'in', kind: 'text', text: data.toString() });
          client.send(data, { binary: isBinary });
        });
        client.on('message', (data, isBinary) => {
          if (!isBinary) log.push({ dir: 'out', kind: 'text', text: data.toString() });
          upstream.send(data, { binary: isBinary });
        });
        client.on('close', (code, reason) => {
          log.push({ dir: 'out', kind: 'close', text: reason.toString(), code });
          if (upstream.readyState === WebSocket.OPEN) upstream.close(code === 1005 ? 1000 : code, reason);
        });
        upstream.on('close', (code, reason) => {
          if (client.readyState === WebSocket.OPEN) client.close(code === 1005 ? 1000 : code, reason);
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url(upstreamUrl) {
      const parsed = new URL(upstreamUrl);
      return `ws://127.0.0.1:${port}${parsed.pathname}${parsed.search}`;
    },
    logs,
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
