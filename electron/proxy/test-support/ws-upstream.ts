import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { listen, originOf } from '../../net/listen';

export interface WsUpstream {
  /** The Realtime URL to give the tap as its upstream. */
  url: string;
  close(): Promise<void>;
}

/** A Realtime-shaped upstream on 127.0.0.1 that does what the test says with each connection. */
export async function startWsUpstream(onConnection: (socket: WebSocket) => void): Promise<WsUpstream> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', onConnection);
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `${originOf('ws', '127.0.0.1', port)}/v1/realtime`,
    close: () => new Promise((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close(() => resolve());
    }),
  };
}
