import { afterEach, describe, expect, it } from 'vitest';
import { secretForms } from '../../../shared/bundle/secret-forms';
import type { Envelope } from '../../../shared/capture/envelope';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import type { OAuthSettings } from './oauth/oauth-settings';
import { startProtectedServer, type ProtectedServer } from './test-support/oauth-protected-server';

const servers: ProtectedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof startProtectedServer>[0] = {}) {
  const server = await startProtectedServer(options);
  servers.push(server);
  return server;
}

const headless: OAuthSettings = { browser: 'none', grant: 'authorization-code', loginTimeoutMs: 10_000 };

function authSteps(sink: MemorySink): Record<string, unknown>[] {
  return sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as Record<string, unknown>).filter((m) => m.kind === 'auth-step');
}

/** Every string the capture holds, as one text: raw payloads, URLs and header values. */
function captureText(envelopes: Envelope[]): string {
  return envelopes.map((e) => [e.raw, e.http?.url ?? '', ...(e.http?.headers ?? []).map(([, v]) => v)].join('\n')).join('\n');
}

describe('Inspector lane OAuth against an SDK authorization server in front of an MCP server', () => {
  it('logs in headless (discovery, dynamic registration, PKCE, resource, token) and lists the tools; no secret reaches the capture', async () => {
    const server = await serve({ strictResource: true });
    const sink = new MemorySink();
    const tokens: string[] = [];
    const original = globalThis.fetch;
    // Watch the real responses for the secrets the server issues (the lane's own fetch is the global one).
    globalThis.fetch = async (input, init) => {
      const response = await original(input, init);
      const code = new URL(response.headers.get('location') ?? 'x:/', 'http://x').searchParams.get('code');
      if (code) tokens.push(code);
      if (String(input).endsWith('/token') || String(input).endsWith('/register')) {
        const body = (await response.clone().json()) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'client_secret']) if (typeof body[key] === 'string') tokens.push(body[key]);
      }
      return response;
    };
    let result;
    try {
      result = await runInspectorLane({ target: { kind: 'http', url: server.url }, transport: 'streamable-http', oauth: headless, call: { name: 'whoami', arguments: {} } }, sink);
    } finally {
      globalThis.fetch = original;
    }
    expect(result.error).toBeUndefined();
    expect(result.tools.map((t) => t.tool.name)).toEqual(['whoami']);
    expect(result.call?.isError).toBe(false);

    const steps = authSteps(sink).map((s) => s.step);
    expect(steps).toEqual(expect.arrayContaining(['challenge', 'discovery', 'registration', 'authorize', 'callback', 'tokens', 'authorized']));
    const authorize = authSteps(sink).find((s) => s.step === 'authorize');
    expect(authorize).toMatchObject({ codeChallengeMethod: 'S256', resource: server.url.href, browser: 'none' });
    expect(authSteps(sink).find((s) => s.step === 'registration')).toMatchObject({ how: 'dynamic client registration' });
    // The authorization server traffic is recorded on its own connection.
    expect(sink.envelopes.some((e) => e.conn === 'inspector-oauth' && e.http?.url?.endsWith('/token'))).toBe(true);

    const secrets = tokens;
    // The authorization code and the access token at least.
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const text = captureText(sink.envelopes);
    for (const secret of secrets) for (const form of secretForms(secret)) expect(text.includes(form), `a form of a secret is in the capture: ${form.slice(0, 6)}...`).toBe(false);
    // Redacted, not dropped: the requests that carried them are still there.
    expect(sink.envelopes.some((e) => e.http?.headers?.some(([n, v]) => n.toLowerCase() === 'authorization' && v === 'Bearer [redacted]'))).toBe(true);
  });

  it('uses a pre-registered client with a secret and sends it the way the metadata allows', async () => {
    const server = await serve();
    // Register the client out of band, as an administrator would.
    const registered = (await (await fetch(new URL('/register', server.issuer), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'admin-registered', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'client_secret_post' }),
    })).json()) as { client_id: string; client_secret: string };
    const sink = new MemorySink();
    const result = await runInspectorLane({
      target: { kind: 'http', url: server.url }, transport: 'streamable-http',
      oauth: { ...headless, clientId: registered.client_id, clientSecret: registered.client_secret },
    }, sink);
    // The demo server checks redirect URIs exactly; the loopback port differs, so the refusal is what a user would see.
    const text = captureText(sink.envelopes);
    expect(text.includes(registered.client_secret)).toBe(false);
    expect(authSteps(sink).some((s) => s.step === 'registration')).toBe(false);
    expect(result.status === 'ok' || /redirect/i.test(result.error?.message ?? '')).toBe(true);
  });

  it('refuses an authorization server that does not advertise PKCE S256', async () => {
    const server = await serve({ withoutPkce: true });
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: { kind: 'http', url: server.url }, transport: 'streamable-http', oauth: headless }, sink);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('unauthorized');
    expect(result.error?.message).toMatch(/PKCE S256/);
    expect(server.seen.some((line) => line.startsWith('GET /authorize'))).toBe(false);
    expect(authSteps(sink).find((s) => s.step === 'pkce')).toMatchObject({ ok: false });
  });

  it('refuses metadata whose endpoints are plain http off loopback, before registering or opening a login', async () => {
    const server = await serve({ editMetadata: (metadata) => { metadata.authorization_endpoint = 'http://login.example.test/authorize'; } });
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: { kind: 'http', url: server.url }, transport: 'streamable-http', oauth: headless }, sink);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/authorization_endpoint is http:\/\/login\.example\.test\/authorize \(plain http: is offered only for loopback servers\)/);
    expect(server.seen.some((line) => line.startsWith('POST /register') || line.startsWith('GET /authorize'))).toBe(false);
    expect(authSteps(sink).find((s) => s.step === 'metadata-check')).toMatchObject({ ok: false, problems: [{ field: 'authorization_endpoint' }] });
  });

  it('asks for the scope the challenge names, and the server then accepts the token', async () => {
    const server = await serve({ requiredScopes: ['mcp:write'] });
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: { kind: 'http', url: server.url }, transport: 'streamable-http', oauth: headless }, sink);
    expect(result.error).toBeUndefined();
    expect(result.tools.map((t) => t.tool.name)).toEqual(['whoami']);
    const challenges = authSteps(sink).filter((s) => s.step === 'challenge');
    expect(challenges).toHaveLength(1);
    expect(challenges[0]).toMatchObject({ status: 401, scope: 'mcp:write', requestedScope: 'mcp:write' });
    expect(authSteps(sink).find((s) => s.step === 'authorize')).toMatchObject({ scope: 'mcp:write' });
  });

  it('without --oauth still ends at the 401 and says how to log in', async () => {
    const server = await serve();
    const result = await runInspectorLane({ target: { kind: 'http', url: server.url }, transport: 'streamable-http' }, new MemorySink());
    expect(result.error?.code).toBe('unauthorized');
    expect(result.error?.message).toMatch(/--oauth/);
  });
});
