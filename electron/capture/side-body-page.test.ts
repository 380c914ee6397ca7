import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSideBodyPage } from './side-body-page';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-side-page-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('readSideBodyPage', () => {
  it('pages a side file on whole characters and checks its SHA-256', async () => {
    const body = Buffer.from('ab€cd€€e', 'utf8');
    await mkdir(join(dir, 'run.bodies'), { recursive: true });
    await writeFile(join(dir, 'run.bodies', 'body-1.bin'), body);
    const clip = { head: 1, sha256: sha(body), file: 'run.bodies/body-1.bin', fileSize: body.length, fileSha256: sha(body) };
    const texts: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page = await readSideBodyPage(join(dir, 'run.parallax'), clip, offset, 4);
      expect(page.status).toBe('verified');
      texts.push(page.text);
      offset = page.nextOffset;
    }
    expect(texts).toEqual(['ab', '€c', 'd€', '€e']);
  });

  it('never follows a name out of the capture\'s side folder, and says a missing file is missing', async () => {
    const capture = join(dir, 'run.parallax');
    const clip = { head: 1, sha256: '0'.repeat(64) };
    for (const file of ['../etc/passwd', '/etc/passwd', 'run.bodies/../../x.bin', 'run.bodies/body-1.bin.txt']) {
      expect((await readSideBodyPage(capture, { ...clip, file }, 0)).status).toBe('refused');
    }
    const missing = await readSideBodyPage(capture, { ...clip, file: 'run.bodies/body-9.bin' }, 0);
    expect(missing).toMatchObject({ status: 'missing', text: '', nextOffset: null });
    expect(missing.detail).toMatch(/not beside the capture \(ENOENT\)/);
  });
});
