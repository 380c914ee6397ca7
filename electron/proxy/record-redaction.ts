import type { HeaderList } from '../../shared/capture/envelope';
import { REDACTED } from '../lanes/wire/redacting-sink';

/** Headers that carry a credential of the client's: forwarded unchanged, recorded without their value. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|openai-api-key)$/i;
const KEY_SUBPROTOCOL = /openai-insecure-api-key\.([^\s,]+)/gi;
const HAS_KEY_SUBPROTOCOL = /openai-insecure-api-key\./i;
/** Query parameters that look like credentials (`?token=`, `?api_key=`); `sessionId` is not one. */
const SECRET_PARAMETER = /token|secret|api[-_]?key|password|passwd|^key$|^auth|signature/i;

export interface RedactedHeaders {
  headers: HeaderList;
  redacted: boolean;
  /** The credential values found, so the same strings can be scrubbed from bodies and URLs. */
  secrets: string[];
}

/**
 * Request or response headers as they go into a capture: credentials keep their scheme
 * ("Bearer") so the user sees which kind was sent, never their value.
 */
export function redactRecordedHeaders(headers: HeaderList): RedactedHeaders {
  const secrets: string[] = [];
  let redacted = false;
  const result: HeaderList = headers.map(([name, value]) => {
    if (CREDENTIAL_HEADER.test(name)) {
      redacted = true;
      const scheme = /^(Bearer|Basic|Token)\s+(.*)$/i.exec(value);
      secrets.push(value, ...(scheme?.[2] ? [scheme[2]] : []));
      return [name, scheme ? `${scheme[1]} ${REDACTED}` : REDACTED];
    }
    if (name.toLowerCase() === 'sec-websocket-protocol' && HAS_KEY_SUBPROTOCOL.test(value)) {
      redacted = true;
      for (const match of value.matchAll(KEY_SUBPROTOCOL)) if (match[1]) secrets.push(match[1]);
      return [name, value.replace(KEY_SUBPROTOCOL, `openai-insecure-api-key.${REDACTED}`)];
    }
    return [name, value];
  });
  return { headers: result, redacted, secrets };
}

/** A request target or URL with credential-looking query values replaced; other parameters stay as sent. */
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
    const name = decodeURIComponentSafe(part.slice(0, eq));
    const value = part.slice(eq + 1);
    if (!SECRET_PARAMETER.test(name) || value === '') return part;
    secrets.push(value, decodeURIComponentSafe(value));
    return `${part.slice(0, eq)}=${encodeURIComponent(REDACTED)}`;
  });
  return { url: `${path}?${parts.join('&')}${fragment}`, redacted: secrets.length > 0, secrets };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
