import type { Envelope } from '../capture/envelope';

/** POSIX shell single-quoting: the only safe way to carry arbitrary bytes into a command line. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// Headers curl computes itself; copying them would make the command lie once the body is edited.
const SKIP = new Set(['content-length', 'host', 'connection', 'accept-encoding', 'transfer-encoding']);

/** The request of an HTTP exchange as a cURL command line; `-N` keeps SSE answers streaming. */
export function toCurl(request: Envelope): string {
  const http = request.http;
  if (request.layer !== 'http' || http?.phase !== 'request' || !http.url) {
    throw new Error(`Frame #${request.seq} is not an HTTP request`);
  }
  const parts = ['curl', '-N'];
  const method = (http.method ?? 'GET').toUpperCase();
  if (method !== 'GET' || request.raw !== '') parts.push('-X', method);
  parts.push(shellQuote(http.url));
  for (const [name, value] of http.headers ?? []) {
    if (!SKIP.has(name.toLowerCase())) parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (request.raw !== '') parts.push('--data-raw', shellQuote(request.encoding === 'base64' ? atob(request.raw) : request.raw));
  return parts.join(' ');
}
