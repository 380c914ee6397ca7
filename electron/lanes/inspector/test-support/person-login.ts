import { LOGIN_USER } from './oidc-login-server';

/**
 * Plays the person at a browser for tests without one: opens the authorization URL, keeps the
 * authorization server's cookies, fills the login form with the given account and follows the
 * redirects to the loopback redirect URI (which the app's listener answers).
 */
export async function personLogsIn(authorizationUrl: string, account: { username: string; password: string } = LOGIN_USER): Promise<void> {
  const cookies = new Map<string, string>();
  const send = async (url: URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  let url = new URL(authorizationUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 15; hop++) {
    const response = await send(url, init);
    const posted = init.method === 'POST';
    init = {};
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action || !html.includes('name="password"')) return;
    if (posted) throw new Error(`the login form refused ${account.username} (HTTP ${response.status})`);
    url = new URL(action, url);
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(account).toString() };
  }
  throw new Error('too many redirects while logging in');
}
