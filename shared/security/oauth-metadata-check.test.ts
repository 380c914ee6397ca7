import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { externalLink } from './external-url';
import { checkAuthorizationServerMetadata, checkProtectedResourceMetadata, describeMetadataProblems } from './oauth-metadata-check';

const good = {
  issuer: 'https://auth.example.com',
  authorization_endpoint: 'https://auth.example.com/authorize',
  token_endpoint: 'https://auth.example.com/token',
  registration_endpoint: 'https://auth.example.com/register',
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
};

describe('OAuth metadata checks', () => {
  it('accepts https endpoints, and http ones on loopback', () => {
    expect(checkAuthorizationServerMetadata(good)).toEqual([]);
    expect(checkAuthorizationServerMetadata({ issuer: 'http://127.0.0.1:9000/', authorization_endpoint: 'http://localhost:9000/authorize' })).toEqual([]);
    expect(checkProtectedResourceMetadata({ resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'] })).toEqual([]);
  });

  it('names each endpoint that is plain http elsewhere, another scheme, hides a user name, or is not a string', () => {
    const problems = checkAuthorizationServerMetadata({
      ...good,
      authorization_endpoint: 'http://auth.example.com/authorize',
      registration_endpoint: 'file:///etc/passwd',
      jwks_uri: 'https://auth.example.com@evil.example/jwks',
      revocation_endpoint: 42,
    });
    expect(problems.map((p) => p.field)).toEqual(['authorization_endpoint', 'registration_endpoint', 'revocation_endpoint', 'jwks_uri']);
    expect(describeMetadataProblems(problems)).toContain('authorization_endpoint is http://auth.example.com/authorize (plain http: is offered only for loopback servers)');
  });

  it('refuses an issuer or authorization server identifier with a query or fragment', () => {
    expect(checkAuthorizationServerMetadata({ ...good, issuer: 'https://auth.example.com/?tenant=1' })).toMatchObject([{ field: 'issuer', reason: expect.stringContaining('no query') }]);
    expect(checkProtectedResourceMetadata({ resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://a.example', 'http://b.example', 'https://c.example#x'] }).map((p) => p.field))
      .toEqual(['authorization_servers[1]', 'authorization_servers[2]']);
  });

  it('never throws on any JSON a server sends, and flags a URL member exactly when it is not a safe link', () => {
    const url = fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'data:,x', 'http://evil.example/', 'http://127.0.0.1/', 'file:///x', 'https://u:p@x.example/'), fc.string());
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), url, (anything, endpoint) => {
      expect(() => checkAuthorizationServerMetadata(anything)).not.toThrow();
      expect(() => checkProtectedResourceMetadata(anything)).not.toThrow();
      const flagged = checkAuthorizationServerMetadata({ token_endpoint: endpoint }).length > 0;
      expect(flagged).toBe(!externalLink(endpoint).ok);
    }));
  });
});
