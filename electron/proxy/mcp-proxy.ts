import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { CaptureSink, LaneId } from '../../shared/capture/envelope';
import { FrameSampler } from '../../shared/capture/frame-sampler';
import { DEFAULT_LIMITS, type Limits } from '../../shared/capture/limits';
import { ClientSessions, findInitialize, recordClientInfo, recordSessionOpened } from './client-sessions';
import { forwardHttp } from './forward-http';
import { headerValue } from './headers';
import { listen, originOf } from '../net/listen';
import { createRequestGuard, type AccessOptions } from '../net/request-guard';

export interface McpProxyOptions {
  /** The MCP server's URL (Streamable HTTP endpoint or legacy `/sse`). */
  target: string;
  port?: number;
  /** Defaults to 127.0.0.1: a tunnel client on the same machine reaches it there. */
  host?: string;
  sink: CaptureSink;
  lane?: LaneId;
  /** Named limits for what the capture keeps of each frame (defaults: shared/capture/limits). */
  limits?: Limits;
  /** Names and origins allowed beyond this machine's own (a tunnel's public name). */
  access?: AccessOptions;
}

export interface RunningProxy {
  /** What a client should connect to: the proxy's origin with the target's path. */
  address: string;
  origin: string;
  port: number;
  /** The `Host` values it answers to, in words. */
  hosts: string;
  close(): Promise<void>;
}

export class ProxyTargetError extends Error {
  override name = 'ProxyTargetError';
}

export function parseTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ProxyTargetError(`the target ${JSON.stringify(target)} is not a URL; give the MCP server's address, e.g. http://127.0.0.1:8000/mcp`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProxyTargetError(`the target must be an http:// or https:// URL, got ${url.protocol}`);
  return url;
}

/**
 * The recording reverse proxy in front of an MCP server (the Server lane). Every path is passed
 * to the target's origin as the client asked, so Streamable HTTP and legacy SSE (GET stream,
 * then POSTs to the endpoint) both work through one port. Sessions are grouped and labelled by
 * who the client says it is.
 */
export async function startMcpProxy(options: McpProxyOptions): Promise<RunningProxy> {
  const target = parseTarget(options.target);
  const lane = options.lane ?? 'server';
  const sessions = new ClientSessions();
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const inFlight = new Set<Promise<void>>();
  const exchangeCounters = new Map<string, number>();

  const rewriteEndpoint = (data: string): string | null => {
    let url: URL;
    try {
      url = new URL(data);
    } catch {
      return null; // relative: the client resolves it against the proxy already
    }
    return url.origin === target.origin ? `${url.pathname}${url.search}${url.hash}` : null;
  };

  // One per connection: a server streaming notifications to one client is sampled on its own.
  const samplers = new Map<string, FrameSampler>();
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const upstream = new URL(request.url ?? '/', target.origin);
    let conn = '';
    const forwarding = forwardHttp({
      request, response, upstream, agents, sink: options.sink, lane, jsonRpc: true, rewriteEndpoint, ...(options.limits ? { limits: options.limits } : {}),
      conn: (body) => (conn = sessions.resolve(request, body)),
      samplerFor: (c) => {
        let sampler = samplers.get(c);
        if (!sampler) samplers.set(c, (sampler = new FrameSampler(options.limits?.framesPerSecond ?? DEFAULT_LIMITS.framesPerSecond)));
        return sampler;
      },
      exchange: (c) => {
        const n = (exchangeCounters.get(c) ?? 0) + 1;
        exchangeCounters.set(c, n);
        return `${c}/x${n}`;
      },
      onRequestBody: (body, seq, recorder) => {
        if (sessions.takeOpened(conn)) recordSessionOpened(recorder, request, seq);
        const initialize = findInitialize(body);
        if (initialize) recordClientInfo(recorder, request, initialize, seq);
      },
      onResponseHead: (_status, headers) => {
        const sessionId = headerValue(headers, 'mcp-session-id');
        if (sessionId) sessions.bindHeader(sessionId, conn);
      },
      onSseEvent: (block) => {
        if (block.fields.event === 'endpoint') sessions.bindEndpoint(block.fields.data, conn);
      },
    });
    inFlight.add(forwarding);
    void forwarding.finally(() => inFlight.delete(forwarding));
  };

  const host = options.host ?? '127.0.0.1';
  const guard = createRequestGuard({ ...options.access, bindHost: host });
  // No upgrade listener: Node hands an upgrade request to `handle`, so the guard covers it too.
  const server = http.createServer(guard.http(handle));
  const port = await listen(server, options.port ?? 0, host);
  const origin = originOf('http', host, port);
  return {
    address: `${origin}${target.pathname}${target.search}`,
    origin,
    port,
    hosts: guard.describeHosts(port),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agents.http.destroy();
      agents.https.destroy();
      await closed;
      // Every exchange has recorded its end (or its error) before the sink may close.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
