import { discoverOAuthProtectedResourceMetadata, extractWWWAuthenticateParams } from '@modelcontextprotocol/client';
import type { AuthChallenge } from '../../../shared/lanes/inspector-result';
import type { RecordingFetch } from './recording-fetch';

/** The first 401 the server sent, if any. */
export function findUnauthorized(http: RecordingFetch): RecordingFetch['exchanges'][number] | undefined {
  return http.exchanges.find((exchange) => exchange.status === 401);
}

/**
 * Reads the server's 401 challenge with the SDK's own parser and follows RFC 9728 discovery
 * (through the recording fetch, so each lookup is in the capture). Parallax does not run the
 * OAuth flow: it shows where discovery got to, and the user can pass a bearer token instead.
 */
export async function describeAuthChallenge(http: RecordingFetch, serverUrl: URL): Promise<AuthChallenge | undefined> {
  const unauthorized = findUnauthorized(http);
  if (!unauthorized) return undefined;
  const headers = new Headers(unauthorized.headers ?? []);
  const wwwAuthenticate = headers.get('www-authenticate') ?? '';
  const params = extractWWWAuthenticateParams(new Response(null, { status: 401, headers }));
  const challenge: AuthChallenge = {
    status: 401,
    wwwAuthenticate,
    ...(params.resourceMetadataUrl ? { resourceMetadataUrl: params.resourceMetadataUrl.href } : {}),
    ...(params.scope ? { scope: params.scope } : {}),
    ...(params.error ? { error: params.error } : {}),
    evidence: [unauthorized.requestSeq, ...(unauthorized.responseSeq ? [unauthorized.responseSeq] : [])],
  };
  const before = http.exchanges.length;
  try {
    const metadata = await discoverOAuthProtectedResourceMetadata(serverUrl, { resourceMetadataUrl: params.resourceMetadataUrl }, http.fetch);
    const servers = metadata.authorization_servers ?? [];
    challenge.protectedResource = {
      ok: true,
      detail: servers.length > 0 ? `protected resource metadata names ${servers.length} authorization server(s)` : 'protected resource metadata found, but it names no authorization server',
      authorizationServers: servers,
    };
  } catch (error) {
    challenge.protectedResource = { ok: false, detail: `OAuth discovery failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  challenge.evidence.push(...http.exchanges.slice(before).map((exchange) => exchange.requestSeq));
  return challenge;
}
