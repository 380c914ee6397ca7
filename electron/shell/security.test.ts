import { existsSync, readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META, parseCsp } from '../../shared/security/csp';
import { hardenWebContents } from './harden';
import { requestChannel, requestNames } from '../../shared/ipc/contract';
import { isTrustedSender, registerEngine } from './ipc';
import { APP_ORIGIN, isAppUrl, mainWindowOptions, RENDERER_ENTRY } from './window-options';

// These read the real window options and the one CSP source the app ships, not a copy.
describe('Electron security baseline', () => {
  const options = mainWindowOptions('/app/preload.cjs', { width: 1000, height: 700 });
  const prefs = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer, written out explicitly', () => {
    expect(Object.hasOwn(prefs, 'contextIsolation') && prefs.contextIsolation).toBe(true);
    expect(Object.hasOwn(prefs, 'sandbox') && prefs.sandbox).toBe(true);
    expect(Object.hasOwn(prefs, 'nodeIntegration') && prefs.nodeIntegration === false).toBe(true);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('has a strict CSP: no inline script, no eval, no remote origins', () => {
    const csp = parseCsp(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [directive, sources] of csp) {
      for (const source of sources) {
        expect(["'self'", "'none'", 'data:'], `${directive} ${source}`).toContain(source);
      }
      expect(sources.includes('data:') && directive !== 'img-src', `data: only for images, found in ${directive}`).toBe(false);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*|blob:/);
    expect(parseCsp(CONTENT_SECURITY_POLICY_META).get('script-src')).toEqual(["'self'"]);
  });

  it('writes the same CSP into the built index.html, with no inline script', () => {
    const built = path.join(import.meta.dirname, '../../dist/renderer/index.html');
    if (!existsSync(built)) throw new Error('dist/renderer is missing: `npm test` builds it before the tests run');
    const html = readFileSync(built, 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replaceAll('&#39;', "'");
    expect(meta).toBe(CONTENT_SECURITY_POLICY_META);
    for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(script[1]).toMatch(/\bsrc="\//);
      expect(script[2]?.trim()).toBe('');
    }
  });

  it('accepts only the app origin as a page or an IPC sender', () => {
    expect(RENDERER_ENTRY.startsWith(APP_ORIGIN)).toBe(true);
    expect(isAppUrl(RENDERER_ENTRY)).toBe(true);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
    expect(isTrustedSender({ senderFrame: { url: RENDERER_ENTRY, parent: null } as never })).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: RENDERER_ENTRY, parent: {} } as never })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } as never })).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false);
  });

  it('registers every request behind the sender check: a foreign or framed sender is refused and never reaches the engine', async () => {
    type Handler = (event: unknown, payload: unknown) => Promise<unknown>;
    const handlers = new Map<string, Handler>();
    const ipcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler), removeHandler: (channel: string) => handlers.delete(channel) };
    const dispatched: unknown[] = [];
    const engine = { dispatch: async (name: string, payload: unknown) => { dispatched.push([name, payload]); return { ok: true, value: {} }; }, events: { subscribe: () => () => undefined } };
    const unregister = registerEngine(ipcMain as never, engine as never, () => undefined);
    expect([...handlers.keys()].sort()).toEqual(requestNames.map((name) => requestChannel(name)).sort());
    const ping = handlers.get(requestChannel('ping'));
    expect(await ping?.({ senderFrame: { url: 'https://evil.example/', parent: null } }, { text: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ping?.({ senderFrame: { url: RENDERER_ENTRY, parent: {} } }, { text: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ping?.({ senderFrame: null }, { text: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatched).toEqual([]);
    expect(await ping?.({ senderFrame: { url: RENDERER_ENTRY, parent: null } }, { text: 'x' })).toEqual({ ok: true, value: {} });
    expect(dispatched).toEqual([['ping', { text: 'x' }]]);
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('denies navigation away, window.open, webviews and permission requests on every web contents', () => {
    // An EventEmitter stands in for Electron's App and WebContents; the code under test is ours.
    const app = new EventEmitter();
    const opened: string[] = [];
    hardenWebContents(app as never, async (url) => { opened.push(url); });
    const contents = new EventEmitter() as EventEmitter & Record<string, unknown>;
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    contents.setWindowOpenHandler = (h: typeof openHandler) => { openHandler = h; };
    contents.session = {
      setPermissionRequestHandler: (h: typeof permission) => { permission = h; },
      setPermissionCheckHandler: (h: typeof check) => { check = h; },
    };
    app.emit('web-contents-created', {}, contents);

    const navigate = (event: string, url: string) => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => { prevented = true; } }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(navigate('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(navigate('will-attach-webview', '')).toBe(true);
    expect(openHandler?.({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example/']);
    let granted: boolean | undefined;
    permission?.({}, 'media', (ok) => { granted = ok; });
    expect(granted).toBe(false);
    expect(check?.()).toBe(false);
  });
});
