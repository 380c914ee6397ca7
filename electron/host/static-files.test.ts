import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticFile } from './static-files';

describe('resolveStaticFile', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    outside = await mkdtemp(path.join(os.tmpdir(), 'parallax-static-'));
    root = path.join(outside, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html>');
    await writeFile(path.join(root, 'assets', 'app.js'), '');
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
  });
  afterAll(() => rm(outside, { recursive: true, force: true }));

  it('serves files under the root and index.html for / and client routes', async () => {
    expect(await resolveStaticFile(root, '/')).toBe(path.join(root, 'index.html'));
    expect(await resolveStaticFile(root, '/assets/app.js?v=1')).toBe(path.join(root, 'assets', 'app.js'));
    expect(await resolveStaticFile(root, '/captures/recent')).toBe(path.join(root, 'index.html'));
  });

  it('never leaves the root', async () => {
    for (const attempt of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/..\\secret.txt', '/%00', '/%E0%A4%A']) {
      const file = await resolveStaticFile(root, attempt);
      expect(file === null || file === path.join(root, 'index.html'), attempt).toBe(true);
    }
  });

  it('does not invent files', async () => {
    expect(await resolveStaticFile(root, '/assets/missing.js')).toBeNull();
  });

  it('names content types', () => {
    expect(contentTypeFor('a.js')).toMatch(/javascript/);
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
