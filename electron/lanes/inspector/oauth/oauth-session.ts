import {
  auth, ClientCredentialsProvider, IssuerMismatchError, computeScopeUnion, extractWWWAuthenticateParams, isStrictScopeSuperset, PrivateKeyJwtProvider,
  type FetchLike, type OAuthClientProvider,
} from '@modelcontextprotocol/client';
import { externalLink } from '../../../../shared/security/external-url';
import { followAuthorization } from './headless-authorize';
import { LoopbackRedirect, type AuthorizationCallback } from './loopback-redirect';
import { openSystemBrowser } from './open-system-browser';
import { DEFAULT_LOGIN_TIMEOUT_MS, DEFAULT_MAX_STEP_UPS, type OAuthSettings } from './oauth-settings';
import { ParallaxOAuthProvider, type AuthStepNote } from './parallax-oauth-provider';

export interface OAuthSessionOptions {
  settings: OAuthSettings;
  /** The MCP server: the protected resource, and the only origin that gets the access token. */
  serverUrl: URL;
  /** Carries discovery, registration, authorization and token requests (a recording fetch that is not MCP). */
  authFetch: FetchLike;
  note: AuthStepNote;
  signal?: AbortSignal;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs OAuth for the Inspector lane as a fetch middleware under the SDK's MCP transport: it adds
 * the access token to requests for the MCP server, and on a `401` (or a `403
 * insufficient_scope`) runs the SDK's `auth()` to discovery, registration, authorization (with
 * the loopback redirect) and the token request, then sends the request again. Doing it here,
 * rather than letting the transport throw `UnauthorizedError` at the redirect, lets a login, a
 * refresh or a step-up happen in the middle of any request and the run go on.
 */
export class OAuthSession {
  readonly provider: OAuthClientProvider;
  /** The last reason authorization could not finish, for the lane's error message. */
  failure: string | undefined;
  authorizations = 0;
  stepUps = 0;
  private scope: string | undefined;
  private resourceMetadataUrl: URL | undefined;
  private pending: Promise<AuthorizationCallback> | undefined;
  private inflight: Promise<void> | undefined;
  private withheldFrom = new Set<string>();
  /** Set once a 2025-03-26 server's own-origin metadata names another issuer (see runAuth). */
  private legacyIssuer = false;

  private constructor(private readonly options: OAuthSessionOptions, private readonly loopback: LoopbackRedirect | undefined) {
    const { settings } = options;
    if (settings.grant === 'client-credentials') {
      if (!settings.clientId) throw new Error('--oauth-grant client-credentials needs --oauth-client-id (and --oauth-client-secret or --oauth-private-key-file)');
      this.provider = settings.privateKeyPem
        ? new PrivateKeyJwtProvider({ clientId: settings.clientId, privateKey: settings.privateKeyPem, algorithm: settings.privateKeyAlg ?? 'ES256', clientName: 'MCP Parallax', ...(settings.scope ? { scope: settings.scope } : {}) })
        : new ClientCredentialsProvider({ clientId: settings.clientId, clientSecret: settings.clientSecret ?? '', clientName: 'MCP Parallax', ...(settings.scope ? { scope: settings.scope } : {}) });
    } else {
      if (!loopback) throw new Error('the authorization code grant needs a redirect listener');
      this.provider = new ParallaxOAuthProvider(settings, loopback.redirectUrl, (url, state) => this.redirect(url, state), options.note);
    }
  }

  static async start(options: OAuthSessionOptions): Promise<OAuthSession> {
    const loopback = options.settings.grant === 'authorization-code' ? await LoopbackRedirect.start() : undefined;
    return new OAuthSession(options, loopback);
  }

  async close(): Promise<void> {
    await this.loopback?.close();
  }

  /** The fetch the MCP transport gets: `next` is the lane's recording fetch. */
  wrap(next: FetchLike): FetchLike {
    return async (input, init) => {
      const target = new URL(String(input));
      const send = async () => {
        const headers = new Headers(init?.headers);
        const tokens = await this.provider.tokens();
        if (tokens && target.origin === this.options.serverUrl.origin) headers.set('Authorization', `Bearer ${tokens.access_token}`);
        else if (tokens && !this.withheldFrom.has(target.origin)) {
          this.withheldFrom.add(target.origin);
          this.options.note('token-withheld', { origin: target.origin, why: `the token was issued for ${this.options.serverUrl.origin}; sending it to another origin would hand it to a server it was not meant for` });
        }
        return next(input, { ...init, headers });
      };
      let response = await send();
      let reauthorized = false;
      for (;;) {
        const challenge = extractWWWAuthenticateParams(response);
        const stepUp = response.status === 403 && challenge.error === 'insufficient_scope';
        if (response.status === 401 && !reauthorized) reauthorized = true;
        else if (stepUp && this.stepUps < (this.options.settings.maxStepUps ?? DEFAULT_MAX_STEP_UPS)) this.stepUps++;
        else {
          if (stepUp) this.options.note('step-up-limit', { ok: false, stepUps: this.stepUps, scope: challenge.scope ?? null, why: 'the server still answers 403 insufficient_scope after the step-up limit: the scopes granted never satisfy it' });
          return response;
        }
        await response.body?.cancel().catch(() => undefined);
        const authorized = await this.authorizeShared(response, stepUp ? 'step-up' : 'unauthorized');
        if (!authorized) return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
        response = await send();
      }
    };
  }

  /** Concurrent 401s (the POST and the GET stream) share one authorization. */
  private async authorizeShared(challenge: Response, reason: 'unauthorized' | 'step-up'): Promise<boolean> {
    if (!this.inflight) this.inflight = this.authorize(challenge, reason).finally(() => { this.inflight = undefined; });
    try {
      await this.inflight;
      return true;
    } catch (error) {
      this.failure = errorText(error);
      return false;
    }
  }

  private async authorize(challenge: Response, reason: 'unauthorized' | 'step-up'): Promise<void> {
    const { settings, note } = this.options;
    const params = extractWWWAuthenticateParams(challenge);
    if (params.resourceMetadataUrl) this.resourceMetadataUrl = params.resourceMetadataUrl;
    const tokens = await this.provider.tokens();
    // The spec's order: the challenge's scope, else the metadata's scopes_supported (the SDK's), else none; a step-up keeps what was granted.
    const scope = settings.scope ?? (reason === 'step-up' ? computeScopeUnion(this.scope, tokens?.scope, params.scope) : params.scope ?? this.scope);
    this.scope = scope;
    const forceReauthorization = reason === 'step-up' && isStrictScopeSuperset(scope, tokens?.scope);
    this.authorizations++;
    note('challenge', {
      status: challenge.status, reason, wwwAuthenticate: challenge.headers.get('www-authenticate'), scope: params.scope ?? null,
      resourceMetadataUrl: params.resourceMetadataUrl?.href ?? null, error: params.error ?? null, requestedScope: scope ?? null,
      refresh: tokens?.refresh_token !== undefined && !forceReauthorization,
    });
    try {
      let result = await this.runAuth({ scope, forceReauthorization });
      if (result === 'REDIRECT') {
        const callback = await (this.pending ?? Promise.reject(new Error('the authorization request was not sent')));
        this.pending = undefined;
        if (callback.error) throw new Error(`the authorization server answered the login with error "${callback.error}"${callback.errorDescription ? `: ${callback.errorDescription}` : ''}`);
        if (!callback.code) throw new Error('the redirect carried neither a code nor an error');
        note('callback', { ok: true, state: 'matched', iss: callback.iss ?? null });
        result = await this.runAuth({ scope, authorizationCode: callback.code, ...(callback.iss ? { iss: callback.iss } : {}) });
      }
      if (result !== 'AUTHORIZED') throw new Error('the authorization server did not issue a token');
      note('authorized', { ok: true, reason });
    } catch (error) {
      note('failed', { ok: false, reason, error: errorText(error) });
      throw error;
    }
  }

  /**
   * The SDK's `auth()`. A 2025-03-26 server has no protected resource metadata: its metadata sits
   * on the MCP server's own origin, which was never an issuer identifier, so RFC 8414's issuer
   * echo cannot hold there. Only in that case (the expected issuer is the server's origin) is the
   * run repeated without the echo check, and the step says so.
   */
  private async runAuth(extra: { scope: string | undefined; forceReauthorization?: boolean; authorizationCode?: string; iss?: string }): Promise<'AUTHORIZED' | 'REDIRECT'> {
    const { serverUrl, authFetch, note } = this.options;
    const run = () => auth(this.provider, { serverUrl, resourceMetadataUrl: this.resourceMetadataUrl, fetchFn: authFetch, ...extra, ...(this.legacyIssuer ? { skipIssuerMetadataValidation: true } : {}) });
    try {
      return await run();
    } catch (error) {
      const ownOrigin = new URL('/', serverUrl).href;
      if (this.legacyIssuer || !(error instanceof IssuerMismatchError) || error.kind !== 'metadata' || !error.expected || new URL(error.expected).href !== ownOrigin) throw error;
      this.legacyIssuer = true;
      note('legacy-issuer', { ok: false, expected: error.expected, received: error.received ?? null, why: 'no protected resource metadata, so the 2025-03-26 rules apply: the metadata on the MCP server\'s origin names another issuer; accepted only in this compatibility mode' });
      return run();
    }
  }

  /** Called by the provider once the authorization URL is ready: send the user (or the headless follower) there. */
  private async redirect(authorizationUrl: URL, state: string): Promise<void> {
    const loopback = this.loopback;
    if (!loopback) throw new Error('no redirect listener');
    const { settings, signal, authFetch } = this.options;
    // A browser opens whatever it is given; only a link a user could safely click goes there.
    const link = externalLink(authorizationUrl.href);
    if (!link.ok) throw new Error(`the authorization endpoint ${authorizationUrl.protocol}//${authorizationUrl.host}${authorizationUrl.pathname} is not opened: ${link.reason}`);
    loopback.expect(state);
    this.pending = loopback.wait(settings.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS, signal);
    // Observed later by authorize(); a failure before that must not surface as an unhandled rejection.
    this.pending.catch(() => undefined);
    if (settings.browser === 'none') await followAuthorization(authorizationUrl, loopback.redirectUrl, authFetch, signal);
    else await (settings.openBrowser ?? openSystemBrowser)(authorizationUrl.href);
  }
}
