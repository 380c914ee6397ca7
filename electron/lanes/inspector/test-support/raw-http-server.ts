import type { ServerResponse } from 'node:http';
import { listen, readBody, type RunningServer } from './http-server';

export interface RawAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** Written exactly as given: malformed on purpose where a test needs it. */
  body: string;
}

type JsonRpcRequest = { id: number | string; method: string; params?: Record<string, unknown> };

/**
 * A hand-written Streamable HTTP endpoint (raw node:http, no SDK) for output the SDK's server
 * would never produce. `answer` gets each request and returns the exact bytes to send (or
 * `'hang'` to open a stream that never answers, or a function that writes the response itself,
 * for faults: a reset mid-body, a trickle, a redirect);
 * notifications get 202 and GET gets 405 (no server stream), as the spec allows.
 */
export async function startRawStreamableServer(answer: (request: JsonRpcRequest) => RawAnswer | 'hang' | ((res: ServerResponse) => void | Promise<void>)): Promise<RunningServer & { url: string }> {
  const running = await listen(async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const message = JSON.parse(await readBody(req)) as Partial<JsonRpcRequest>;
    if (message.id === undefined || message.method === undefined) {
      res.writeHead(202).end();
      return;
    }
    const reply = answer(message as JsonRpcRequest);
    if (reply === 'hang') {
      // Headers out, answer never: the client must give up on its own (timeout or abort).
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      return;
    }
    if (typeof reply === 'function') {
      await reply(res);
      return;
    }
    res.writeHead(reply.status ?? 200, reply.headers ?? { 'content-type': 'application/json' });
    res.end(reply.body);
  });
  return { ...running, url: `${running.origin}/mcp` };
}

export const initializeResult = (id: number | string) => JSON.stringify({
  jsonrpc: '2.0', id, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'raw-http', version: '0' } },
});

export const sse = (...events: string[]) => ({ headers: { 'content-type': 'text/event-stream' }, body: events.join('') });
