import { isLoopbackHostname } from './loopback';

/**
 * Whether a URL a server handed us (URL-mode elicitation, a resource link, an authorization
 * endpoint) may be offered as a link the user opens, and what to show them first. Only https:
 * anywhere, and http: on this machine's loopback (local test servers); never javascript:, file:,
 * data: or a custom scheme, whatever the server says.
 */
export type ExternalLink =
  | { ok: true; href: string; origin: string; shown: string }
  | { ok: false; reason: string };


export function externalLink(text: string): ExternalLink {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'it is not a URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) {
    return { ok: false, reason: url.protocol === 'http:' ? 'plain http: is offered only for loopback servers' : `${url.protocol} links are never opened` };
  }
  if (url.username || url.password) return { ok: false, reason: 'it carries a user name or password before the host, which hides where it goes' };
  // The origin as the browser will use it (an IDN host stays in its xn-- form, so look-alike letters cannot pose as another site).
  let shown = url.href;
  try {
    shown = decodeURI(url.href);
  } catch { /* an invalid escape: show it encoded */ }
  return { ok: true, href: url.href, origin: url.origin, shown };
}
