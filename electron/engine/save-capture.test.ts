import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapture } from '../capture/capture-loader';
import { CaptureJournal } from '../capture/journal';
import { saveCaptureCopy } from './save-capture';
import { chooseDestination } from './save-destination';

describe('saving a capture', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-save-')); });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('copies byte for byte, or gzips for a .gz name', async () => {
    const source = path.join(dir, 'live.parallax');
    await writeFile(source, '{"format":"mcp-parallax-capture"}\n{"seq":1}\n');
    await saveCaptureCopy(source, path.join(dir, 'copy.parallax'));
    expect(await readFile(path.join(dir, 'copy.parallax'), 'utf8')).toBe(await readFile(source, 'utf8'));
    await saveCaptureCopy(source, path.join(dir, 'copy.parallax.gz'));
    expect(gunzipSync(await readFile(path.join(dir, 'copy.parallax.gz'))).toString()).toBe(await readFile(source, 'utf8'));
  });

  it('saves a recording that went on in more files at capture-bytes as one file holding all of it', async () => {
    const first = path.join(dir, 'rotated.parallax');
    const journal = await CaptureJournal.create(first, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date().toISOString(), lanes: [{ lane: 'server' }] }, { maxFileBytes: 2048 });
    for (let i = 0; i < 60; i++) journal.record({ lane: 'server', conn: 'c', layer: 'jsonrpc', dir: 'in', raw: JSON.stringify({ jsonrpc: '2.0', id: i, result: { text: 'x'.repeat(100) } }) });
    await journal.close();
    expect(journal.files.length).toBeGreaterThan(2);
    for (const target of ['saved.parallax', 'saved.parallax.gz']) {
      await saveCaptureCopy(journal.files[1] as string, path.join(dir, target));
      const saved = await openCapture(path.join(dir, target));
      const original = await openCapture(first);
      try {
        expect(saved.files).toEqual([path.join(dir, target)]);
        expect(saved.skipped).toEqual([]);
        expect(await saved.readSeqRange(1, 1000)).toEqual(await original.readSeqRange(1, 1000));
        expect(saved.count).toBe(journal.lastSeq);
      } finally {
        await saved.close();
        await original.close();
      }
    }
  });

  it('picks a fresh name in the exports folder when there is no dialog, and refuses a wrong extension', async () => {
    const first = await chooseDestination(undefined, 'probe.parallax', 'capture', ['.parallax'], { dataDir: dir });
    expect(first).toBe(path.join(dir, 'exports', 'probe.parallax'));
    await writeFile(first as string, '');
    expect(await chooseDestination(undefined, 'probe.parallax', 'capture', ['.parallax'], { dataDir: dir })).toBe(path.join(dir, 'exports', 'probe-2.parallax'));
    await expect(chooseDestination(path.join(dir, 'x.txt'), 'p.parallax', 'capture', ['.parallax'], { dataDir: dir })).rejects.toThrow(/must end in/);
    await expect(chooseDestination(first as string, 'p.parallax', 'capture', ['.parallax'], { dataDir: dir })).rejects.toThrow(/already exists/);
  });
});
