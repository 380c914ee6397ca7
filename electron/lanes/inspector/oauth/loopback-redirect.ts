import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the authorization server sent back to the redirect URI, once `state` has been checked. */
export interface AuthorizationCallback {
  code?: string;
  iss?: string;
  error?: string;
  errorDescription?: string;
  /** The whole query, for the SDK's issuer check (RFC 9207). */
  params: URLSearchParams;
}

export class AuthorizationCallbackError extends Error {
  override name = 'AuthorizationCallbackError';
}

/**
 * The native-app redirect of RFC 8252 §7.3: an HTTP listener on 127.0.0.1 at a port the OS
 * picks, answering `/callback` once. It accepts only the `state` this run sent, so a stray or
 * forged redirect can neither finish nor spoil the login.
 */
export class LoopbackRedirect {
  private readonly server: Server;
  private expectedState: string | undefined;
  private waiter: { resolve: (outcome: AuthorizationCallback | Error) => void; reject: (error: Error) => void } | undefined;
  private early: AuthorizationCallback | Error | undefined;

  private constructor(server: Server, readonly redirectUrl: string) {
    this.server = server;
  }

  static async start(): Promise<LoopbackRedirect> {
    const holder: { instance?: LoopbackRedirect } = {};
    const server = createServer((request, response) => holder.instance?.handle(request.url ?? '/', response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    holder.instance = new LoopbackRedirect(server, `http://127.0.0.1:${port}/callback`);
    return holder.instance;
  }

  /** The `state` of the authorization request now in flight; a callback without it is refused. */
  expect(state: string): void {
    this.expectedState = state;
    this.early = undefined;
  }

  /** Resolves with the callback for the expected state; rejects on an error answer, a wrong state or the timeout. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<AuthorizationCallback> {
    if (this.early) {
      const early = this.early;
      this.early = undefined;
      return early instanceof Error ? Promise.reject(early) : Promise.resolve(early);
    }
    return new Promise<AuthorizationCallback>((resolve, reject) => {
      const timer = setTimeout(() => settle(new AuthorizationCallbackError(`no redirect reached ${this.redirectUrl} within ${Math.round(timeoutMs / 1000)} s: the login was not finished`)), timeoutMs);
      const onAbort = () => settle(new AuthorizationCallbackError('the probe was stopped while waiting for the login'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (outcome: AuthorizationCallback | Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiter = undefined;
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      this.waiter = { resolve: settle, reject: settle };
    });
  }

  async close(): Promise<void> {
    this.waiter?.reject(new AuthorizationCallbackError('the redirect listener closed'));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(path: string, response: ServerResponse): void {
    const url = new URL(path, this.redirectUrl);
    if (url.pathname !== '/callback') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const params = url.searchParams;
    let outcome: AuthorizationCallback | Error;
    if (this.expectedState === undefined) outcome = new AuthorizationCallbackError('a redirect arrived, but no authorization request is in flight');
    else if (params.get('state') !== this.expectedState) {
      outcome = new AuthorizationCallbackError(params.has('state') ? 'the redirect carried a different state than the authorization request sent: refused (possible CSRF or a stale login tab)' : 'the redirect carried no state, though the authorization request sent one: refused');
    } else {
      outcome = {
        params,
        ...(params.get('code') ? { code: params.get('code') ?? '' } : {}),
        ...(params.get('iss') ? { iss: params.get('iss') ?? '' } : {}),
        ...(params.get('error') ? { error: params.get('error') ?? '' } : {}),
        ...(params.get('error_description') ? { errorDescription: params.get('error_description') ?? '' } : {}),
      };
      this.expectedState = undefined;
    }
    const ok = !(outcome instanceof Error) && outcome.code !== undefined;
    response.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(`<!doctype html><title>MCP Parallax</title><p>${ok ? 'Logged in. You can close this tab and return to MCP Parallax.' : 'The login did not complete; MCP Parallax shows why.'}</p>\n`);
    if (this.waiter) this.waiter.resolve(outcome);
    else this.early = outcome;
  }
}
