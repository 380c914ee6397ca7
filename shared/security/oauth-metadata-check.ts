import { externalLink } from './external-url';

/**
 * Checks OAuth metadata a server handed us before any of it is used: every endpoint and server
 * named must be https: (http: only on loopback, for local test servers) with no user name
 * hidden before the host, and an issuer identifier has no query or fragment (RFC 8414 §2,
 * RFC 9728 §2). The SDK already checks the issuer echo (RFC 8414 §3.3) and the token endpoint;
 * without these checks an authorization endpoint on plain http: or a `file:` registration
 * endpoint would be opened or posted to as given.
 */
export interface MetadataProblem {
  field: string;
  value: string;
  reason: string;
}

/** RFC 8414 §2 and OpenID Connect Discovery 1.0 §3: the members that name somewhere to go. */
const AUTHORIZATION_SERVER_URLS = [
  'issuer', 'authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint', 'introspection_endpoint',
  'jwks_uri', 'userinfo_endpoint', 'end_session_endpoint', 'device_authorization_endpoint', 'pushed_authorization_request_endpoint',
] as const;

/** RFC 9728 §2. */
const PROTECTED_RESOURCE_URLS = ['resource', 'jwks_uri'] as const;

function checkUrl(field: string, value: unknown, problems: MetadataProblem[], identifier = false): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    problems.push({ field, value: JSON.stringify(value) ?? String(value), reason: 'it is not a string' });
    return;
  }
  const link = externalLink(value);
  if (!link.ok) {
    problems.push({ field, value, reason: link.reason });
    return;
  }
  const url = new URL(value);
  if (identifier && (url.search || url.hash)) problems.push({ field, value, reason: 'an identifier URL has no query or fragment' });
}

export function checkAuthorizationServerMetadata(metadata: Readonly<Record<string, unknown>>): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  for (const field of AUTHORIZATION_SERVER_URLS) checkUrl(field, metadata[field], problems, field === 'issuer');
  return problems;
}

export function checkProtectedResourceMetadata(metadata: Readonly<Record<string, unknown>>): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  for (const field of PROTECTED_RESOURCE_URLS) checkUrl(field, metadata[field], problems, field === 'resource');
  const servers = metadata.authorization_servers;
  if (Array.isArray(servers)) servers.forEach((server, index) => checkUrl(`authorization_servers[${index}]`, server, problems, true));
  return problems;
}

/** "authorization_endpoint is http://example.com/authorize (plain http: is offered only for loopback servers)". */
export function describeMetadataProblems(problems: readonly MetadataProblem[]): string {
  return problems.map((problem) => `${problem.field} is ${problem.value} (${problem.reason})`).join('; ');
}
