import { z } from 'zod';
import { LaneId } from '../capture/envelope';

/**
 * The recording proxies the UI can start: `http` is the MCP reverse proxy (Server lane), `tap`
 * the local Realtime endpoint for the user's own client ("Your client" lane).
 */
const Port = z.number().int().min(0).max(65535).optional();

export const StartProxyRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('http'), target: z.string().min(1).max(4096), port: Port }).strict(),
  /** No upstream: OpenAI (https://api.openai.com). */
  z.object({ kind: z.literal('tap'), upstream: z.string().min(1).max(4096).optional(), port: Port }).strict(),
]);
export type StartProxyRequest = z.infer<typeof StartProxyRequest>;

export const ProxyInfo = z.object({
  id: z.string(),
  kind: z.enum(['http', 'tap']),
  lane: LaneId,
  /** What to copy into the client: the MCP URL through the proxy, or the tap's Realtime URL. */
  address: z.string(),
  /** The tap only: `baseURL` for an OpenAI client (POST /responses passes through too). */
  baseUrl: z.string().optional(),
  /** Where traffic goes, credentials in the URL redacted. */
  upstream: z.string(),
  startedAt: z.number(),
});
export type ProxyInfo = z.infer<typeof ProxyInfo>;

export const proxyRequests = {
  /** Starts a recording proxy; it records into the current live session (a new one if none is live). */
  startProxy: { request: StartProxyRequest, response: ProxyInfo },
  stopProxy: { request: z.object({ id: z.string() }).strict(), response: z.object({ stopped: z.boolean() }) },
  listProxies: { request: z.object({}).strict(), response: z.object({ proxies: z.array(ProxyInfo) }) },
} as const;
