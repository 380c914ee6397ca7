/**
 * OAuth's secrets travel inside ordinary traffic: token responses (JSON), token and registration
 * requests (form bodies), the authorization redirect (a URL's query) and `Authorization` headers.
 * These functions find them by the names the OAuth RFCs give them, so a recorder can redact each
 * value the first time it passes, and every later spelling of it too.
 */

/** Fields whose value is a credential wherever they appear (RFC 6749, 7523, 7591, 8693, OIDC). */
const SECRET_FIELDS = [
  'access_token', 'refresh_token', 'id_token', 'client_secret', 'code_verifier', 'client_assertion', 'assertion',
  'registration_access_token', 'subject_token', 'actor_token', 'device_code', 'private_key_pem',
];
const JSON_FIELD = new RegExp(`"(${SECRET_FIELDS.join('|')})"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'g');
const FORM_FIELD = new RegExp(`(?:^|[?&#])(${SECRET_FIELDS.join('|')}|code)=([^&#\\s"']*)`, 'g');

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * The credential values in a JSON or form body or a URL. An authorization `code` counts where it
 * is one: in a query that carries `state` or `iss` (the redirect), or a form with
 * `grant_type=authorization_code` (the token request); elsewhere "code" is too common a word.
 */
export function oauthSecretsIn(text: string): string[] {
  const found = new Set<string>();
  if (text.includes('"')) {
    for (const match of text.matchAll(JSON_FIELD)) {
      try {
        const value = JSON.parse(`"${match[2] ?? ''}"`) as string;
        if (value) found.add(value);
      } catch {
        if (match[2]) found.add(match[2]);
      }
    }
  }
  if (text.includes('=')) {
    const codeIsSecret = /[?&#](state|iss)=/.test(text) || /(^|&)grant_type=authorization_code(&|$)/.test(text);
    for (const match of text.matchAll(FORM_FIELD)) {
      if (match[1] === 'code' && !codeIsSecret) continue;
      const value = formDecode(match[2] ?? '');
      if (value) found.add(value);
    }
  }
  return [...found];
}

/**
 * The secrets in an `Authorization` header value: a bearer token, or for HTTP Basic the encoded
 * pair and the password in it (the client secret, form-encoded as RFC 6749 §2.3.1 says).
 */
export function credentialsInAuthorization(value: string): string[] {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(value);
  if (!match?.[2]) return value.trim() ? [value.trim()] : [];
  const [, scheme = '', credential] = match;
  if (scheme.toLowerCase() !== 'basic') return [credential];
  try {
    const decoded = atob(credential);
    const colon = decoded.indexOf(':');
    const password = colon >= 0 ? decoded.slice(colon + 1) : '';
    return [credential, ...(password ? [password, formDecode(password)] : [])];
  } catch {
    return [credential];
  }
}
