import type { HeaderList } from '../../shared/capture/envelope';
import { credentialsOf, CREDENTIAL_HEADER, KEY_SUBPROTOCOL, REDACTED } from '../../shared/security/secret-names';

const HAS_KEY_SUBPROTOCOL = /openai-insecure-api-key\./i;

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
      secrets.push(...credentialsOf(value));
      const scheme = /^(Bearer|Basic|Token)\s+/i.exec(value);
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
