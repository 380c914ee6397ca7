import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { RENDERER_SECURITY_HEADERS } from '../../shared/security/csp';
import { contentTypeFor, resolveStaticFile } from '../host/static-files';
import { APP_HOST, APP_SCHEME } from './window-options';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from app://parallax/ with the same security headers as the browser host. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers: RENDERER_SECURITY_HEADERS });
    const upstream = await net.fetch(pathToFileURL(file).toString());
    return new Response(upstream.body, {
      status: 200,
      headers: { 'Content-Type': contentTypeFor(file), ...RENDERER_SECURITY_HEADERS },
    });
  });
}
