import { Server, createMcpHandler } from '@modelcontextprotocol/server';
import { readNodeBody, sendWebResponse, toWebRequest } from '../../../net/web-bridge';
import { listen, type RunningServer } from './http-server';

export interface RunningModernServer extends RunningServer {
  url: string;
}

/**
 * A server built on `@modelcontextprotocol/server` 2.x that serves MCP 2026-07-28 only
 * (`legacy: 'reject'`): what a user debugging a current server runs. 2025-era requests get the
 * SDK's own HTTP 400 with error -32022 and the supported revisions.
 */
export function startModernOnlyServer(tools: string[] = ['echo', 'add']): Promise<RunningModernServer> {
  return startSdk2Server(tools, 'reject');
}

/**
 * The same server serving both eras (`legacy: 'stateless'`): 2026-07-28 requests as above, 2025
 * requests each answered by a fresh server instance with no session.
 */
export function startDualEraServer(tools: string[] = ['echo', 'add']): Promise<RunningModernServer> {
  return startSdk2Server(tools, 'stateless');
}

async function startSdk2Server(tools: string[], legacy: 'reject' | 'stateless'): Promise<RunningModernServer> {
  const factory = () => {
    const server = new Server({ name: 'parallax-test-modern', version: '2.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/list', () => ({ tools: tools.map((name) => ({ name, description: `${name} tool`, inputSchema: { type: 'object' as const, properties: {} } })) }));
    return server;
  };
  const handler = createMcpHandler(factory, { legacy });
  const running = await listen(async (req, res) => {
    const body = req.method !== 'GET' && req.method !== 'HEAD' ? await readNodeBody(req) : undefined;
    await sendWebResponse(await handler.fetch(toWebRequest(req, body)), res);
  }, () => handler.close());
  return { ...running, url: `${running.origin}/mcp` };
}
