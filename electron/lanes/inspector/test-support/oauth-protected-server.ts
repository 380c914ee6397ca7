import { createRequire } from 'node:module';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { mcpAuthRouter, getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import { z } from 'zod';

type Handler = (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: (error?: unknown) => void) => void;
interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse): void;
  use(...handlers: unknown[]): void;
  post(path: string, ...handlers: unknown[]): void;
  all(path: string, ...handlers: unknown[]): void;
  listen(port: number, host: string, callback: () => void): Server;
}
interface ExpressModule {
  (): ExpressApp;
  json(): Handler;
}
// express is what the SDK's own OAuth router runs on (the SDK depends on it); it ships no types of its own.
const express = createRequire(import.meta.url)('express') as ExpressModule;

export interface ProtectedServerOptions {
  /** Scopes the MCP endpoint requires; a token without them gets 403 insufficient_scope. */
  requiredScopes?: string[];
  /** The authorization server refuses a token request whose `resource` is not this server. */
  strictResource?: boolean;
  /** Drop S256 from the authorization server metadata, as a server without PKCE would. */
  withoutPkce?: boolean;
  /** Changes the authorization server metadata before it is sent, as a broken or hostile server would. */
  editMetadata?: (metadata: Record<string, unknown>) => void;
}

export interface ProtectedServer {
  url: URL;
  issuer: URL;
  /** Every request the servers got: method and path (with query) and the form body's keys. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A real OAuth-protected MCP server on 127.0.0.1: the official SDK's authorization server router
 * (metadata, dynamic registration, authorize with PKCE, token) with its in-memory provider that
 * approves every login at once, in front of an SDK MCP server behind the SDK's bearer-token
 * middleware, with RFC 9728 protected resource metadata.
 */
export async function startProtectedServer(options: ProtectedServerOptions = {}): Promise<ProtectedServer> {
  const app = express();
  const seen: string[] = [];
  app.use(((req, _res, next) => {
    seen.push(`${req.method} ${req.url}`);
    next();
  }) as Handler);
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const issuer = new URL(`http://127.0.0.1:${port}/`);
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  const provider = new DemoInMemoryAuthProvider(options.strictResource ? (resource) => resource?.href === url.href : undefined);
  const editMetadata = options.withoutPkce ? (metadata: Record<string, unknown>) => { delete metadata.code_challenge_methods_supported; } : options.editMetadata;
  if (editMetadata) {
    app.use(((req, res, next) => {
      if (req.url !== '/.well-known/oauth-authorization-server') return next();
      const end = res.end.bind(res);
      res.end = ((chunk: unknown) => {
        const metadata = JSON.parse(String(chunk)) as Record<string, unknown>;
        editMetadata(metadata);
        res.setHeader('content-length', Buffer.byteLength(JSON.stringify(metadata)));
        return end(JSON.stringify(metadata));
      }) as typeof res.end;
      next();
    }) as Handler);
  }
  app.use(mcpAuthRouter({ provider, issuerUrl: issuer, resourceServerUrl: url, scopesSupported: ['mcp:tools', 'mcp:admin'] }));
  const bearer = requireBearerAuth({ verifier: provider, requiredScopes: options.requiredScopes ?? [], resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(url) });
  app.all('/mcp', express.json(), bearer, (async (req, res) => {
    const mcp = new McpServer({ name: 'oauth-fixture', version: '1.0.0' });
    mcp.registerTool('whoami', { description: 'Says the caller is logged in', inputSchema: { note: z.string().optional() } }, () => ({ content: [{ type: 'text', text: 'logged in' }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }) as Handler);
  return {
    url, issuer, seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
