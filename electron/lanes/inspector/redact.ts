/** Header names whose values are credentials: shown as present, never echoed, in meta events and results. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|api[-_]?key|password|session/i;

export function redactHeaders(headers: [string, string][]): [string, string][] {
  return headers.map(([name, value]) => [name, SECRET_HEADER.test(name) ? redactValue(value) : value]);
}

function redactValue(value: string): string {
  // Keep the scheme ("Bearer") so the user can see which kind of credential was sent.
  const scheme = /^(Bearer|Basic|Token)\s+/i.exec(value)?.[1];
  return scheme ? `${scheme} [redacted]` : '[redacted]';
}
