import { afterEach, describe, expect, it } from 'vitest';
import { secretForms } from '../../../shared/bundle/secret-forms';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import type { OAuthSettings } from './oauth/oauth-settings';
import { startOidcLoginServer, type OidcLoginServer } from './test-support/oidc-login-server';
import { personLogsIn } from './test-support/person-login';

const servers: OidcLoginServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function authSteps(sink: MemorySink): Record<string, unknown>[] {
  return sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as Record<string, unknown>).filter((m) => m.kind === 'auth-step');
}

describe('Inspector lane OAuth against oidc-provider with a login form a person fills', () => {
  it('the person logs in at the URL the lane opens; the lane lists the tools and the capture holds no token or code', async () => {
    const server = await startOidcLoginServer();
    servers.push(server);
    const opened: string[] = [];
    const settings: OAuthSettings = {
      browser: 'system', grant: 'authorization-code', loginTimeoutMs: 15_000,
      openBrowser: async (url) => {
        opened.push(url);
        await personLogsIn(url);
      },
    };
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: { kind: 'http', url: server.url }, transport: 'streamable-http', oauth: settings, call: { name: 'whoami', arguments: {} } }, sink);
    expect(result.error).toBeUndefined();
    expect(result.tools.map((t) => t.tool.name).sort()).toEqual(['list_notebooks', 'whoami']);
    expect(result.call?.isError).toBe(false);

    expect(opened).toHaveLength(1);
    const authorize = new URL(opened[0] ?? '');
    expect(authorize.origin).toBe(server.issuer.origin);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('resource')).toBe(server.url.href);
    // The person saw the login form, and the token went only to the MCP server's origin.
    expect(server.seen.issuer.some((r) => r.startsWith('POST /interaction/'))).toBe(true);
    expect(server.seen.issuer.some((r) => r.startsWith('POST /reg'))).toBe(true);

    const steps = authSteps(sink).map((s) => s.step);
    expect(steps).toEqual(expect.arrayContaining(['challenge', 'discovery', 'registration', 'authorize', 'callback', 'tokens', 'authorized']));

    // The code, the JWT access token and the refresh token (offline_access) at least.
    expect(server.issued.length).toBeGreaterThanOrEqual(3);
    const text = sink.envelopes.map((e) => [e.raw, e.http?.url ?? '', ...(e.http?.headers ?? []).map(([, v]) => v)].join('\n')).join('\n');
    for (const secret of server.issued) for (const form of secretForms(secret)) expect(text.includes(form), `a form of an issued secret is in the capture`).toBe(false);
  }, 30_000);

  it('a wrong password ends the login with a clear error and the lane says the server still refuses', async () => {
    const server = await startOidcLoginServer();
    servers.push(server);
    let refusal = '';
    const settings: OAuthSettings = {
      browser: 'system', grant: 'authorization-code', loginTimeoutMs: 3_000,
      openBrowser: async (url) => {
        await personLogsIn(url, { username: 'ada', password: 'wrong' }).catch((error: unknown) => { refusal = String(error); });
      },
    };
    const result = await runInspectorLane({ target: { kind: 'http', url: server.url }, transport: 'streamable-http', oauth: settings }, new MemorySink());
    expect(refusal).toContain('refused ada');
    expect(result.tools).toEqual([]);
    expect(result.error?.code).toBe('unauthorized');
    expect(result.error?.message).toContain('still refuses after OAuth');
  }, 30_000);
});
