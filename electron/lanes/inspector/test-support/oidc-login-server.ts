import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** The one account the login form accepts. */
export const LOGIN_USER = { username: 'ada', password: 'analytical-engine' } as const;
export const LOGIN_SCOPE = 'mcp:tools';

export interface OidcLoginServer {
  /** The MCP endpoint (its own origin: the token's audience). */
  url: URL;
  /** The authorization server's issuer (another origin). */
  issuer: URL;
  /** Requests each side got, `METHOD path`, for tests that check who was asked what. */
  seen: { mcp: string[]; issuer: string[] };
  /** Every token and code the authorization server handed out, for the redaction tests. */
  issued: string[];
  close(): Promise<void>;
}

/**
 * A real OAuth login for tests: `oidc-provider` (a certified OpenID provider) as the
 * authorization server on one origin, with dynamic registration, PKCE S256 and resource
 * indicators, whose login is an HTML form a person fills (username and password, then it grants
 * `mcp:tools`); and an SDK MCP server on another origin that accepts only JWT access tokens
 * issued for it (audience = the MCP URL) and answers 401 with RFC 9728 resource metadata.
 */
export async function startOidcLoginServer(): Promise<OidcLoginServer> {
  const seen = { mcp: [] as string[], issuer: [] as string[] };
  const issued: string[] = [];
  const asHttp = createServer();
  const mcpHttp = createServer();
  await Promise.all([listen(asHttp), listen(mcpHttp)]);
  const issuer = new URL(`http://127.0.0.1:${port(asHttp)}`);
  const url = new URL(`http://127.0.0.1:${port(mcpHttp)}/mcp`);
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const signing: JWK = { ...(await exportJWK(privateKey)), kid: 'fixture', alg: 'RS256', use: 'sig' };
  const verifyKeys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'fixture', alg: 'RS256' }] });

  const configuration: Configuration = {
    jwks: { keys: [signing] },
    clients: [],
    scopes: ['openid', 'offline_access', LOGIN_SCOPE],
    pkce: { methods: ['S256'], required: () => true },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => url.href,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== url.href) throw new Error(`unknown resource ${resource}`);
          return { scope: LOGIN_SCOPE, audience: url.href, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['fixture-cookie-key'] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    ttl: { AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600, RefreshToken: 600 },
  };
  const provider = new Provider(issuer.href.replace(/\/$/, ''), configuration);
  const oidc = provider.callback();
  asHttp.on('request', (req, res) => {
    seen.issuer.push(`${req.method} ${req.url}`);
    void (async () => {
      const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? '');
      if (match) return login(provider, req, res, match[1] ?? '', Boolean(match[2]));
      // The RFC 8414 path: oidc-provider serves the same document as OpenID discovery only.
      if (req.url === '/.well-known/oauth-authorization-server') req.url = '/.well-known/openid-configuration';
      collectIssued(res, issued);
      return oidc(req, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });

  const resourceMetadataUrl = new URL(`/.well-known/oauth-protected-resource${url.pathname}`, url);
  mcpHttp.on('request', (req, res) => {
    seen.mcp.push(`${req.method} ${req.url}`);
    void serveMcp(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  async function serveMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url === resourceMetadataUrl.pathname) {
      return json(res, 200, { resource: url.href, authorization_servers: [issuer.href.replace(/\/$/, '')], scopes_supported: [LOGIN_SCOPE], bearer_methods_supported: ['header'] });
    }
    if (req.url !== url.pathname) return json(res, 404, { error: 'not found' });
    const challenge = `Bearer resource_metadata="${resourceMetadataUrl.href}", scope="${LOGIN_SCOPE}"`;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) {
      res.setHeader('www-authenticate', challenge);
      return json(res, 401, { error: 'invalid_token', error_description: 'log in first' });
    }
    try {
      const { payload } = await jwtVerify(bearer, verifyKeys, { issuer: issuer.href.replace(/\/$/, ''), audience: url.href });
      if (!String(payload.scope ?? '').split(' ').includes(LOGIN_SCOPE)) throw new Error(`the token lacks ${LOGIN_SCOPE}`);
    } catch (error) {
      res.setHeader('www-authenticate', `${challenge}, error="invalid_token", error_description="${error instanceof Error ? error.message.replace(/"/g, "'") : 'bad token'}"`);
      return json(res, 401, { error: 'invalid_token' });
    }
    const body = req.method === 'POST' ? JSON.parse(await readBody(req)) as unknown : undefined;
    const mcp = new McpServer({ name: 'oidc-login-fixture', version: '1.0.0' });
    mcp.registerTool('whoami', { description: 'Says who logged in', inputSchema: { note: z.string().optional() } }, () => ({ content: [{ type: 'text', text: `logged in as ${LOGIN_USER.username}` }] }));
    mcp.registerTool('list_notebooks', { description: 'Lists the notebooks of the logged-in user', inputSchema: {} }, () => ({ content: [{ type: 'text', text: 'Note G' }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  return {
    url, issuer, seen, issued,
    close: async () => {
      await Promise.all([asHttp, mcpHttp].map((s) => new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      })));
    },
  };
}

/**
 * The interactions: `login` is a form the person fills (a right password logs them in); `consent`
 * grants what the request asked for (the scopes and the MCP resource's scope) without a page, as
 * a first-party server would.
 */
async function login(provider: Provider, req: IncomingMessage, res: ServerResponse, uid: string, submitted: boolean): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (details.prompt.name === 'consent') {
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    const params = details.params as Record<string, string | undefined>;
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session?.accountId ?? LOGIN_USER.username, clientId: params.client_id ?? '' });
    if (!grant) throw new Error('the grant is gone');
    if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (!submitted) return page(res, 200, loginForm(uid, ''));
  const form = new URLSearchParams(await readBody(req));
  if (form.get('username') !== LOGIN_USER.username || form.get('password') !== LOGIN_USER.password) {
    return page(res, 401, loginForm(uid, 'Wrong username or password.'));
  }
  await provider.interactionFinished(req, res, { login: { accountId: LOGIN_USER.username } }, { mergeWithLastSubmission: false });
}

function loginForm(uid: string, error: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sign in to the fixture</title></head><body>
<h1>Sign in</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form></body></html>`;
}

/** Notes the codes (in the redirect) and tokens (in the token response) the server sends, so tests can look for them. */
function collectIssued(res: ServerResponse, issued: string[]): void {
  const writeHead = res.writeHead.bind(res);
  const end = res.end.bind(res);
  res.writeHead = ((...args: Parameters<ServerResponse['writeHead']>) => {
    const location = res.getHeader('location');
    if (typeof location === 'string') {
      const code = new URL(location, 'http://x').searchParams.get('code');
      if (code) issued.push(code);
    }
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
      const location = res.getHeader('location');
      if (typeof location === 'string') {
        const code = new URL(location, 'http://x').searchParams.get('code');
        if (code && !issued.includes(code)) issued.push(code);
      }
      try {
        const body = JSON.parse(String(chunk)) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token', 'client_secret', 'registration_access_token']) if (typeof body[key] === 'string') issued.push(body[key]);
      } catch { /* not JSON */ }
    }
    return (end as (...a: unknown[]) => ServerResponse)(chunk, ...rest);
  }) as ServerResponse['end'];
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}
const port = (server: Server) => (server.address() as AddressInfo).port;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
function page(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}
