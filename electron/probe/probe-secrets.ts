import type { ProbeOptions } from './probe-lane';

/** Header names whose values are credentials, whatever the server calls them. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|token|secret|api[-_]?key|password/i;

/**
 * The MCP server's credentials a probe was given: the bearer token and credential-looking header
 * values. They go to the server on the wire but never into the capture (the OpenAI key is the
 * lanes' own to remove).
 */
export function probeSecrets(options: Pick<ProbeOptions, 'bearerToken' | 'headers'>): string[] {
  const secrets = new Set<string>();
  if (options.bearerToken) secrets.add(options.bearerToken);
  for (const [name, value] of options.headers) {
    if (!CREDENTIAL_HEADER.test(name)) continue;
    secrets.add(value);
    const scheme = /^(bearer|basic|token)\s+(.+)$/i.exec(value.trim());
    if (scheme?.[2]) secrets.add(scheme[2]);
  }
  return [...secrets];
}
