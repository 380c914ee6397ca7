import { createPrivateKey, randomBytes } from 'node:crypto';
import {
  createPrivateKeyJwtAuth, type AddClientAuthentication, type OAuthClientMetadata, type OAuthClientProvider, type OAuthDiscoveryState,
  type StoredOAuthClientInformation, type StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { checkAuthorizationServerMetadata, checkProtectedResourceMetadata, describeMetadataProblems } from '../../../../shared/security/oauth-metadata-check';
import { CLIENT_INFO } from '../connection';
import type { OAuthSettings } from './oauth-settings';

/** One decision or observation of the OAuth flow, recorded as an `auth-step` meta event (never with a secret in it). */
export type AuthStepNote = (step: string, fields: Record<string, unknown>) => void;

/**
 * The Inspector lane's OAuth client state for one run, kept in the main process only: the SDK's
 * `auth()` does the protocol work and calls back here to read and store the registration, the
 * tokens, the PKCE verifier and the discovery it made. Nothing is written to disk.
 */
export class ParallaxOAuthProvider implements OAuthClientProvider {
  private client: StoredOAuthClientInformation | undefined;
  private stored: StoredOAuthTokens | undefined;
  private verifier: string | undefined;
  private discovery: OAuthDiscoveryState | undefined;
  private lastState: string | undefined;
  readonly clientMetadataUrl?: string;
  readonly addClientAuthentication?: AddClientAuthentication;

  constructor(
    private readonly settings: OAuthSettings,
    private readonly redirect: string,
    private readonly onRedirect: (authorizationUrl: URL, state: string) => Promise<void>,
    private readonly note: AuthStepNote,
  ) {
    if (settings.clientMetadataUrl) this.clientMetadataUrl = settings.clientMetadataUrl;
    if (settings.clientId) {
      this.client = { client_id: settings.clientId, ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}), redirect_uris: [redirect] };
    }
    if (settings.privateKeyPem && settings.clientId) {
      // private_key_jwt (RFC 7523): the SDK signs a fresh client assertion for each token request.
      this.addClientAuthentication = createPrivateKeyJwtAuth({
        issuer: settings.clientId, subject: settings.clientId, privateKey: settings.privateKeyPem, alg: settings.privateKeyAlg ?? guessAlg(settings.privateKeyPem),
      });
    }
  }

  get redirectUrl(): string {
    return this.redirect;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'MCP Parallax',
      client_uri: 'https://github.com/mcp-parallax/mcp-parallax',
      software_id: CLIENT_INFO.name,
      software_version: CLIENT_INFO.version,
      redirect_uris: [this.redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.settings.privateKeyPem ? 'private_key_jwt' : this.settings.clientSecret ? 'client_secret_basic' : 'none',
      ...(this.settings.scope ? { scope: this.settings.scope } : {}),
    };
  }

  state(): string {
    this.lastState = randomBytes(16).toString('base64url');
    return this.lastState;
  }

  clientInformation(): StoredOAuthClientInformation | undefined {
    return this.client;
  }

  saveClientInformation(info: StoredOAuthClientInformation): void {
    const how = this.settings.clientId ? 'pre-registered' : this.clientMetadataUrl && info.client_id === this.clientMetadataUrl ? 'client ID metadata document' : 'dynamic client registration';
    if (!this.client || this.client.client_id !== info.client_id) {
      this.note('registration', {
        how, clientId: how === 'dynamic client registration' ? '(issued by the server)' : info.client_id,
        why: how === 'client ID metadata document' ? 'the authorization server advertises client_id_metadata_document_supported and --oauth-client-metadata-url was given'
          : how === 'pre-registered' ? 'credentials from --oauth-client-id' : 'no pre-registered client and no usable client metadata document: registered at the server\'s registration_endpoint (RFC 7591)',
        authMethod: 'token_endpoint_auth_method' in info && typeof info.token_endpoint_auth_method === 'string' ? info.token_endpoint_auth_method : null,
      });
    }
    this.client = info;
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.stored;
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    const rotated = this.stored?.refresh_token !== undefined && tokens.refresh_token !== undefined && tokens.refresh_token !== this.stored.refresh_token;
    this.note('tokens', {
      tokenType: tokens.token_type, scope: tokens.scope ?? null, expiresIn: tokens.expires_in ?? null,
      refreshToken: tokens.refresh_token ? (rotated ? 'rotated' : 'issued') : 'none',
    });
    this.stored = tokens;
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    const metadata = this.discovery?.authorizationServerMetadata;
    // The SDK refuses metadata that lists other methods; MCP also forbids going on when the list is absent.
    if (metadata && !metadata.code_challenge_methods_supported?.includes('S256')) {
      this.note('pkce', { ok: false, why: 'the authorization server metadata does not list S256 in code_challenge_methods_supported' });
      throw new Error('the authorization server does not advertise PKCE S256 (code_challenge_methods_supported), so MCP Parallax refuses to authorize with it, as the MCP authorization spec requires');
    }
    const state = authorizationUrl.searchParams.get('state') ?? this.lastState ?? '';
    this.note('authorize', {
      endpoint: `${authorizationUrl.origin}${authorizationUrl.pathname}`,
      scope: authorizationUrl.searchParams.get('scope'), resource: authorizationUrl.searchParams.get('resource'),
      codeChallengeMethod: authorizationUrl.searchParams.get('code_challenge_method'), redirectUri: this.redirect,
      browser: this.settings.browser,
    });
    await this.onRedirect(authorizationUrl, state);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no PKCE code verifier: the authorization request was never started');
    return this.verifier;
  }

  /** Called by the SDK after discovery and before registration or authorization: the place to refuse unsafe metadata. */
  saveDiscoveryState(state: OAuthDiscoveryState): void {
    const metadata = state.authorizationServerMetadata;
    const problems = [
      ...(state.resourceMetadata ? checkProtectedResourceMetadata(state.resourceMetadata) : []),
      ...(metadata ? checkAuthorizationServerMetadata(metadata) : []),
    ];
    if (problems.length > 0) {
      this.note('metadata-check', { ok: false, problems, why: 'OAuth endpoints must be https: (http: only on loopback), with no user name before the host' });
      throw new Error(`the server's OAuth metadata is not safe to use, so MCP Parallax stops before registering or logging in: ${describeMetadataProblems(problems)}`);
    }
    this.discovery = state;
    this.note('discovery', {
      resourceMetadataUrl: state.resourceMetadataUrl ?? null,
      resource: state.resourceMetadata?.resource ?? null,
      authorizationServer: state.authorizationServerUrl,
      metadata: metadata ? 'found' : 'none: default endpoints of the 2025-03-26 spec',
      issuer: metadata?.issuer ?? null,
      scopesSupported: state.resourceMetadata?.scopes_supported ?? metadata?.scopes_supported ?? null,
      codeChallengeMethods: metadata?.code_challenge_methods_supported ?? null,
      tokenEndpointAuthMethods: metadata?.token_endpoint_auth_methods_supported ?? null,
      registration: metadata?.registration_endpoint ? 'dynamic registration offered' : 'no registration_endpoint',
      clientIdMetadataDocuments: metadata?.client_id_metadata_document_supported === true,
    });
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    this.note('invalidate', { scope, why: 'the authorization server refused the stored credentials' });
    if (scope === 'all' || scope === 'tokens') this.stored = undefined;
    if ((scope === 'all' || scope === 'client') && !this.settings.clientId) this.client = undefined;
    if (scope === 'all' || scope === 'verifier') this.verifier = undefined;
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }
}

/** The JWS algorithm a PEM key can sign with, when the user did not name one. */
function guessAlg(pem: string): string {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : 'ES256';
  }
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  return 'RS256';
}
