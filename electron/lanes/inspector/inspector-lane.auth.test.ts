import { describe, expect, it } from 'vitest';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { closeAfterEach, listen } from './test-support/http-server';
import { demoServer, startStreamableServer } from './test-support/mcp-servers';

const serve = closeAfterEach();

const TOKEN = 'pxl-secret-token-4711';

describe('Inspector lane: authorization', () => {
  it('shows a 401 with WWW-Authenticate as an auth challenge, follows discovery through the recording fetch, and does not fall back', async () => {
    const server = await serve(startStreamableServer(demoServer, { requireAuthorization: `Bearer ${TOKEN}` }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'auto' }, sink);

    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('unauthorized');
    expect(result.error?.message).toMatch(/HTTP 401.*WWW-Authenticate: Bearer/);
    expect(result.attempts).toHaveLength(1);
    expect(result.auth).toMatchObject({
      status: 401,
      resourceMetadataUrl: `${server.origin}/.well-known/oauth-protected-resource/mcp`,
      protectedResource: { ok: false },
    });
    expect(result.auth?.wwwAuthenticate).toMatch(/^Bearer realm="test", resource_metadata=/);
    expect(result.auth?.protectedResource?.detail).toMatch(/OAuth discovery failed/);
    // The discovery GET is in the capture, and cited.
    const discovery = sink.envelopes.find((e) => e.http?.phase === 'request' && e.http.url?.includes('/.well-known/oauth-protected-resource'));
    expect(discovery?.http?.method).toBe('GET');
    expect(result.auth?.evidence).toContain(discovery?.seq);
    expect(result.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['auth-discovery:failed', 'connect:failed']);
  });

  it('reports discovered authorization servers when the protected resource metadata exists', async () => {
    const server = await serve(listen((req, res) => {
      if (req.url?.startsWith('/.well-known/oauth-protected-resource')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ resource: `http://${req.headers.host}/mcp`, authorization_servers: ['https://auth.example.test'] }));
        return;
      }
      res.writeHead(401, { 'www-authenticate': `Bearer resource_metadata="http://${req.headers.host}/.well-known/oauth-protected-resource/mcp", scope="tools:read"` }).end();
    }));
    const result = await runInspectorLane({ target: parseServerTarget(`${server.origin}/mcp`) }, new MemorySink());
    expect(result.error?.code).toBe('unauthorized');
    expect(result.auth).toMatchObject({ scope: 'tools:read', protectedResource: { ok: true, authorizationServers: ['https://auth.example.test'] } });
  });

  it('sends a bearer token and custom headers, and keeps the token out of meta events and the result', async () => {
    const server = await serve(startStreamableServer(demoServer, { requireAuthorization: `Bearer ${TOKEN}` }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), bearerToken: TOKEN, headers: [['X-Tenant', 'acme']] }, sink);

    expect(result.status).toBe('ok');
    const initialize = sink.envelopes.find((e) => e.http?.phase === 'request');
    expect(initialize?.http?.headers).toEqual(expect.arrayContaining([['authorization', `Bearer ${TOKEN}`], ['x-tenant', 'acme']]));
    const metaText = sink.envelopes.filter((e) => e.layer === 'meta').map((e) => e.raw).join('\n');
    expect(metaText).not.toContain(TOKEN);
    expect(metaText).toContain('Bearer [redacted]');
    expect(metaText).toContain('acme');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});
