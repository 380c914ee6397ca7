/** How the user asked Parallax to authorize with an OAuth-protected MCP server (`parallax probe --oauth ...`). */
export interface OAuthSettings {
  /**
   * `system`: open the authorization URL in the system browser and wait for the loopback
   * redirect; `none`: follow the authorization URL's redirects here, for servers that approve
   * without a person (test servers, CI).
   */
  browser: 'system' | 'none';
  /** `authorization-code` (a user logs in) or `client-credentials` (machine to machine). */
  grant: 'authorization-code' | 'client-credentials';
  /** Pre-registered client: used instead of a metadata document or dynamic registration. */
  clientId?: string;
  clientSecret?: string;
  /** PEM private key for `private_key_jwt` token endpoint authentication. */
  privateKeyPem?: string;
  /** JWS algorithm for `privateKeyPem` (default ES256 for EC keys, RS256 otherwise). */
  privateKeyAlg?: string;
  /** An https URL whose document describes this client (Client ID Metadata Document). */
  clientMetadataUrl?: string;
  /** Scope to request instead of the one the spec's selection gives. */
  scope?: string;
  /** How many step-up authorizations one run may make after `403 insufficient_scope` (default 2). */
  maxStepUps?: number;
  /** Longest to wait for the user to finish logging in (default 5 minutes). */
  loginTimeoutMs?: number;
  /** Opens a URL in the system browser; the desktop app and the web host each bring their own. */
  openBrowser?: (url: string) => Promise<void>;
}

export const DEFAULT_MAX_STEP_UPS = 2;
export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;
/** A headless authorization that takes more hops than this is a loop, not a login. */
export const MAX_AUTHORIZE_REDIRECTS = 10;

/** The secrets the settings carry, for the capture's redaction. */
export function oauthSettingSecrets(settings: OAuthSettings | undefined): string[] {
  if (!settings) return [];
  return [settings.clientSecret, settings.privateKeyPem].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
