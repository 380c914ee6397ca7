import type { Envelope } from '../capture/envelope';
import { envelopeFactory } from '../capture/test-envelopes';

export interface FixtureReply {
  tools: unknown[];
  /** The initialize result's capabilities; `{ tools: {} }` when not given. */
  capabilities?: Record<string, unknown>;
  /** Answer the first POST with 401 and an OAuth challenge before the session that lists. */
  oauth?: boolean;
}

/**
 * An Inspector-lane capture of one MCP session (initialize, then tools/list) answering with
 * `reply`, built the way the lane records it. Test-only, like ../capture/test-envelopes.
 */
export function inspectorCapture(reply: FixtureReply): Envelope[] {
  const make = envelopeFactory();
  const out: Envelope[] = [];
  const rpc = (dir: 'out' | 'in', body: unknown, exchange: string) => out.push(make({ lane: 'inspector', conn: 'c1', layer: 'jsonrpc', dir, raw: JSON.stringify(body), link: { exchange } }));
  const http = (exchange: string, method: string, status: number, headers: [string, string][] = []) => {
    out.push(make({ lane: 'inspector', conn: 'c1', layer: 'http', dir: 'out', raw: '', http: { exchange, phase: 'request', method, url: 'https://mcp.example.com/mcp' } }));
    out.push(make({ lane: 'inspector', conn: 'c1', layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'response', status, headers } }));
  };
  if (reply.oauth) http('x0', 'POST', 401, [['www-authenticate', 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"']]);
  rpc('out', { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'parallax', version: '0' } } }, 'x1');
  rpc('in', { jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-11-25', capabilities: reply.capabilities ?? { tools: {} }, serverInfo: { name: 'fixture', version: '1' } } }, 'x1');
  rpc('out', { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }, 'x2');
  rpc('in', { jsonrpc: '2.0', id: 2, result: { tools: reply.tools } }, 'x2');
  return out;
}

/** A tool every client takes as it is. */
export const plainTool = (name = 'get_weather', extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name, description: 'Current weather for a city.', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, ...extra,
});

export const manyTools = (n: number): unknown[] => Array.from({ length: n }, (_, i) => plainTool(`tool_${i}`));
