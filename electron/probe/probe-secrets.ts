import { credentialsOf, CREDENTIAL_HEADER, querySecrets } from '../../shared/security/secret-names';
import type { ProbeOptions } from './probe-lane';

/**
 * The MCP server's credentials a probe was given: the bearer token, credential-looking header
 * values, and credential-looking parameters in the server URL's query. They go to the server on
 * the wire but never into the capture (the OpenAI and Anthropic keys are the lanes' own to remove).
 */
export function probeSecrets(options: Pick<ProbeOptions, 'bearerToken' | 'headers' | 'server'>): string[] {
  const secrets = new Set<string>(querySecrets(options.server));
  if (options.bearerToken) secrets.add(options.bearerToken);
  for (const [name, value] of options.headers) {
    if (CREDENTIAL_HEADER.test(name)) for (const secret of credentialsOf(value)) secrets.add(secret);
  }
  return [...secrets];
}
