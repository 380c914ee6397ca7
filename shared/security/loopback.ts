/**
 * Whether a URL's hostname names this machine's loopback: `localhost`, any `127.x.x.x`, or
 * `[::1]` (as `URL.hostname` writes it). One answer for every place that trusts "local" more:
 * links Parallax offers (http: only here), and the web pages the local servers let call them.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(hostname);
}
