import type { FetchLike } from '@modelcontextprotocol/client';
import { MAX_AUTHORIZE_REDIRECTS } from './oauth-settings';

/**
 * `--oauth-browser none`: plays the browser for an authorization server that approves without a
 * person. Requests the authorization URL and follows each `Location` by hand (through the
 * recording fetch, so every hop is in the capture) until one points at the redirect URI, then
 * delivers that redirect to the loopback listener like a browser would.
 */
export async function followAuthorization(authorizationUrl: URL, redirectUrl: string, fetchFn: FetchLike, signal?: AbortSignal): Promise<void> {
  let url = authorizationUrl;
  for (let hop = 0; hop <= MAX_AUTHORIZE_REDIRECTS; hop++) {
    if (isRedirectTarget(url, redirectUrl)) {
      const answer = await fetchFn(url, { method: 'GET', redirect: 'manual', signal });
      await answer.text().catch(() => '');
      return;
    }
    const response = await fetchFn(url, { method: 'GET', redirect: 'manual', signal });
    await response.text().catch(() => '');
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`the authorization endpoint answered HTTP ${response.status}${location ? '' : ' without a redirect'}: it wants a person to log in, so --oauth-browser none cannot finish (use --oauth-browser system)`);
    }
    url = new URL(location, url);
  }
  throw new Error(`the authorization request was redirected more than ${MAX_AUTHORIZE_REDIRECTS} times without reaching ${redirectUrl}`);
}

function isRedirectTarget(url: URL, redirectUrl: string): boolean {
  const target = new URL(redirectUrl);
  return url.origin === target.origin && url.pathname === target.pathname;
}
