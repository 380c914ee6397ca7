import type { HeaderList } from '../capture/envelope';

/**
 * What counts as a secret by its name, in one place: every redactor (the lanes' capture and
 * lane-config meta, the recording proxy and tap, the bundle writer) reads these, so a header or
 * parameter one of them hides is hidden by all. Secrets known by value (API keys, tokens learned
 * from OAuth traffic) are scrubbed by value on top of this (electron/lanes/wire/redacting-sink.ts).
 */

/** What stands in for a secret wherever one is removed. */
export const REDACTED = '[redacted]';

/** Headers whose whole value is a credential and that keep a scheme ("Bearer ..."). */
export const AUTHORIZATION_HEADER = /^(authorization|proxy-authorization)$/i;

/** Cookie headers, either way. */
export const COOKIE_HEADER = /^(cookie|set-cookie)$/i;

/**
 * Any header that carries a credential: the two above, and names that say so (`X-Api-Key`,
 * `OpenAI-Api-Key`, `X-Auth-Token`, `X-Client-Secret`). `Mcp-Session-Id` is not one: a session is
 * routing, and hiding it would hide how clients and servers pair up.
 */
export const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|api[-_]?key|password|passwd|credential|^x-auth/i;

/** Query parameters (and form fields) that carry credentials: `?token=`, `?api_key=`, `?code=`; `sessionId` is not one. */
export const SECRET_PARAMETER = /token|secret|api[-_]?key|password|passwd|^key$|^auth|signature|^code$/i;

/** The OpenAI key browsers put in the WebSocket subprotocol list (`openai-insecure-api-key.<key>`). */
export const KEY_SUBPROTOCOL = /openai-insecure-api-key\.([^\s,]+)/gi;

/** The credential in an authorization-like value: the whole value, and the part after a scheme. */
export function credentialsOf(value: string): string[] {
  const scheme = /^(bearer|basic|token)\s+(.+)$/i.exec(value.trim());
  return scheme?.[2] ? [value, scheme[2]] : [value];
}

export interface RedactedHeaders {
  headers: HeaderList;
  redacted: boolean;
  /** The credential values found, so the same strings can be scrubbed from bodies and URLs. */
  secrets: string[];
}

/**
 * Request or response headers as they go into a capture or on screen: credentials keep their
 * scheme ("Bearer") so the user sees which kind was sent, never their value; the key
 * subprotocol loses the key.
 */
export function redactHeaderList(headers: HeaderList): RedactedHeaders {
  const secrets: string[] = [];
  let redacted = false;
  const result: HeaderList = headers.map(([name, value]) => {
    if (CREDENTIAL_HEADER.test(name)) {
      redacted = true;
      secrets.push(...credentialsOf(value));
      const scheme = /^(Bearer|Basic|Token)\s+/i.exec(value);
      return [name, scheme ? `${scheme[1]} ${REDACTED}` : REDACTED];
    }
    if (name.toLowerCase() === 'sec-websocket-protocol' && /openai-insecure-api-key\./i.test(value)) {
      redacted = true;
      for (const match of value.matchAll(KEY_SUBPROTOCOL)) if (match[1]) secrets.push(match[1]);
      return [name, value.replace(KEY_SUBPROTOCOL, `openai-insecure-api-key.${REDACTED}`)];
    }
    return [name, value];
  });
  return { headers: result, redacted, secrets };
}

/** The values of credential-looking query parameters in `url`, as written and decoded. */
export function querySecrets(url: string): string[] {
  const query = url.indexOf('?');
  if (query < 0) return [];
  const search = url.slice(query + 1).split('#')[0] ?? '';
  const secrets: string[] = [];
  for (const part of search.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0 || eq === part.length - 1) continue;
    if (!SECRET_PARAMETER.test(decodeSafe(part.slice(0, eq)))) continue;
    const value = part.slice(eq + 1);
    secrets.push(value, decodeSafe(value));
  }
  return [...new Set(secrets)];
}

/** A URL with credential-looking query values replaced; other parameters stay as sent. */
export function redactUrl(url: string): { url: string; redacted: boolean; secrets: string[] } {
  const query = url.indexOf('?');
  if (query < 0) return { url, redacted: false, secrets: [] };
  const secrets: string[] = [];
  const [path, rest] = [url.slice(0, query), url.slice(query + 1)];
  const hash = rest.indexOf('#');
  const search = hash < 0 ? rest : rest.slice(0, hash);
  const fragment = hash < 0 ? '' : rest.slice(hash);
  const parts = search.split('&').map((part) => {
    const eq = part.indexOf('=');
    if (eq < 0) return part;
    const value = part.slice(eq + 1);
    if (!SECRET_PARAMETER.test(decodeSafe(part.slice(0, eq))) || value === '') return part;
    secrets.push(value, decodeSafe(value));
    return `${part.slice(0, eq)}=${encodeURIComponent(REDACTED)}`;
  });
  return { url: `${path}?${parts.join('&')}${fragment}`, redacted: secrets.length > 0, secrets };
}

export function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
