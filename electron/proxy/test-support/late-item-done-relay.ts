import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface LateItemDoneRelay {
  /** The relay's Realtime URL, to use as the tap's upstream. */
  url: string;
  close(): Promise<void>;
}

/**
 * Test-only: a WebSocket relay on 127.0.0.1 in front of the emulator that models a slower API
 * between `mcp_list_tools.completed` and the `conversation.item.done` carrying the tools (the
 * order is documented, the gap is not). It forwards every frame unchanged, but holds an
 * mcp_list_tools item.done until the client side sends something else; a client that closes
 * first never gets it, as on a real connection where item.done is still on its way.
 */
export async function startLateItemDoneRelay(upstreamRealtimeUrl: string): Promise<LateItemDoneRelay> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const query = new URL(req.url ?? '/', 'http://relay.invalid').search;
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'openai-beta']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    const upstream = new WebSocket(`${upstreamRealtimeUrl}${query}`, { headers, perMessageDeflate: false });
    sockets.add(upstream);
    upstream.once('open', () => wss.handleUpgrade(req, socket, head, (client) => {
      sockets.add(client);
      const held: string[] = [];
      upstream.on('message', (data) => {
        const text = String(data);
        const event = JSON.parse(text) as { type?: string; item?: { type?: string } };
        if (event.type === 'conversation.item.done' && event.item?.type === 'mcp_list_tools') held.push(text);
        else client.send(text);
      });
      client.on('message', (data) => {
        for (const text of held.splice(0)) client.send(text);
        upstream.send(String(data));
      });
      client.on('close', (code, reason) => upstream.close(code === 1005 || code === 1006 ? 1000 : code, reason));
      upstream.on('close', () => client.close());
    }));
    upstream.once('unexpected-response', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/realtime`,
    async close() {
      for (const socket of sockets) socket.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
