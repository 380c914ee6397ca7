import { stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a request path onto a file under the built renderer, for Electron's app:// protocol and
 * the browser host alike. Returns null for anything outside the root (`..`, encoded slashes,
 * NUL bytes) or missing; `/` and unknown extension-less routes fall back to index.html.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]?.split('#')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rootAbs = path.resolve(root);
  const candidate = path.resolve(rootAbs, `.${path.posix.normalize(`/${decoded}`)}`);
  if (candidate !== rootAbs && !candidate.startsWith(rootAbs + path.sep)) return null;
  const file = candidate === rootAbs || decoded.endsWith('/') ? path.join(candidate, 'index.html') : candidate;
  try {
    const info = await stat(file);
    if (info.isFile()) return file;
  } catch {
    // fall through to the SPA fallback below
  }
  if (path.extname(decoded) === '') {
    const index = path.join(rootAbs, 'index.html');
    try {
      if ((await stat(index)).isFile()) return index;
    } catch {
      return null;
    }
  }
  return null;
}
