import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { listen, readBody, type RunningServer } from './http-server';

/**
 * Real MCP servers for the Inspector lane's tests, built from the SDK's own server pieces.
 * (The reusable fixture servers live in electron/fixtures/; these are this lane's test doubles
 * of *servers*, never of the client under test.)
 */

type ServerFactory = () => McpServer | Server;

/** The ordinary well-behaved server: two tools, one of them adds a third and so sends list_changed. */
export function demoServer(): McpServer {
  const server = new McpServer({ name: 'parallax-test-demo', version: '1.2.3' }, { instructions: 'Use echo to test.' });
  server.registerTool('echo', { description: 'Echo the text back', inputSchema: { text: z.string() } }, ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('enable_extra', { description: 'Registers extra_tool, which makes the server send tools/list_changed' }, () => {
    server.registerTool('extra_tool', { description: 'Appears after enable_extra' }, () => ({ content: [{ type: 'text', text: 'extra' }] }));
    return { content: [{ type: 'text', text: 'enabled' }] };
  });
  return server;
}

const tool = (name: string, extra: Record<string, unknown> = {}) => ({ name, description: `${name} tool`, inputSchema: { type: 'object', properties: {} }, ...extra });

/**
 * A low-level server whose tools/list is paginated: `pages` are served in order by cursor
 * `page-<n>`. With `loopAt`, the last page's nextCursor points back to page `loopAt`.
 */
export function paginatedServer(pages: Record<string, unknown>[][], loopAt?: number): Server {
  const server = new Server({ name: 'parallax-test-pages', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const cursor = request.params?.cursor;
    const index = cursor === undefined ? 0 : Number(/^page-(\d+)$/.exec(cursor)?.[1] ?? NaN);
    const page = pages[index];
    if (!page) throw new Error(`unknown cursor ${cursor}`);
    const last = index === pages.length - 1;
    const nextCursor = !last ? `page-${index + 1}` : loopAt !== undefined ? `page-${loopAt}` : undefined;
    return { tools: page as never, ...(nextCursor ? { nextCursor } : {}) };
  });
  return server;
}

/** Lists `sample_llm` only to clients that declare sampling, as server-everything does with its capability-gated tools. */
export function capabilityGatedServer(): Server {
  const server = new Server({ name: 'parallax-test-gated', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => {
    const tools = [tool('always_there')];
    if (server.getClientCapabilities()?.sampling) tools.push(tool('sample_llm'));
    if (server.getClientCapabilities()?.roots) tools.push(tool('list_roots'));
    return { tools: tools as never };
  });
  return server;
}

/** One tool per classic schema mistake, beside a good one; the SDK's strict client rejects the whole list for any of them. */
export function malformedToolsServer(): Server {
  const server = new Server({ name: 'parallax-test-malformed', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [
      tool('good_tool'),
      { name: 'no_object_type', description: 'inputSchema lacks type:"object"', inputSchema: { properties: { q: { type: 'string' } } } },
      { name: 'null_required', description: 'required: null', inputSchema: { type: 'object', properties: {}, required: null } },
      tool('dangling_ref', { outputSchema: { type: 'object', properties: { r: { $ref: '#/$defs/Missing' } } } }),
      tool('namespaced.tool/v2'),
    ] as never,
  }));
  server.setRequestHandler(CallToolRequestSchema, () => ({ content: [{ type: 'text', text: 'called' }] }));
  return server;
}

export interface StreamableOptions {
  /** Answer POSTs with application/json instead of an SSE stream. */
  json?: boolean;
  /** Without this header value (e.g. "Bearer s3cret"), answer 401 with a WWW-Authenticate challenge. */
  requireAuthorization?: string;
  path?: string;
}

/** Streamable HTTP (stateful) at /mcp through the SDK's StreamableHTTPServerTransport; a new server per session. */
export async function startStreamableServer(factory: ServerFactory, options: StreamableOptions = {}): Promise<RunningServer & { url: string; deletedSessions: string[] }> {
  const path = options.path ?? '/mcp';
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const deletedSessions: string[] = [];
  const running = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== path) {
      res.writeHead(404).end('not found');
      return;
    }
    if (options.requireAuthorization && req.headers.authorization !== options.requireAuthorization) {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="test", resource_metadata="${origin()}/.well-known/oauth-protected-resource${path}"`, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_token' }));
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
    if (existing) {
      if (req.method === 'DELETE' && typeof sessionId === 'string') deletedSessions.push(sessionId);
      await existing.handleRequest(req, res);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(400).end('no session');
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: options.json === true,
      onsessioninitialized: (id) => { transports.set(id, transport); },
    });
    transport.onclose = () => { if (transport.sessionId) transports.delete(transport.sessionId); };
    await factory().connect(transport);
    const body: unknown = JSON.parse(await readBody(req));
    await transport.handleRequest(req, res, body);
  }, async () => {
    await Promise.all([...transports.values()].map((t) => t.close()));
  });
  const origin = () => running.origin;
  return { ...running, url: `${running.origin}${path}`, deletedSessions };
}

/**
 * Legacy HTTP+SSE only, shaped like Python FastMCP: GET /sse opens the stream, POST /messages?sessionId=...
 * carries client messages, and POST /sse answers 405 (so `auto` falls back).
 */
export async function startSseServer(factory: ServerFactory): Promise<RunningServer & { url: string; postsTo405: number }> {
  const transports = new Map<string, SSEServerTransport>();
  const state = { postsTo405: 0 };
  const running = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/sse' && req.method === 'GET') {
      const transport = new SSEServerTransport('/messages', res);
      transports.set(transport.sessionId, transport);
      res.on('close', () => transports.delete(transport.sessionId));
      await factory().connect(transport as Transport);
      return;
    }
    if (url.pathname === '/sse') {
      state.postsTo405++;
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('Method Not Allowed');
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const transport = transports.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) {
        res.writeHead(404).end('unknown session');
        return;
      }
      await transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end('not found');
  }, async () => {
    await Promise.all([...transports.values()].map((t) => t.close()));
  });
  return {
    ...running,
    url: `${running.origin}/sse`,
    get postsTo405() { return state.postsTo405; },
  };
}
