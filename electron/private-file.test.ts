import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBundleZip } from './bundle/bundle-zip';
import { writeHarFile } from './capture/har-file';
import { CaptureJournal } from './capture/journal';
import { saveCaptureCopy } from './engine/save-capture';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-private-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe.skipIf(process.platform === 'win32')('files Parallax writes (POSIX modes)', () => {
  it('are readable and writable by their owner only: captures and their rotated parts, saved copies, bundles, HAR exports', async () => {
    const capture = join(dir, 'run.parallax');
    const journal = await CaptureJournal.create(capture, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date().toISOString(), lanes: [{ lane: 'server' }] }, { maxFileBytes: 1024 });
    for (let n = 0; n < 40; n++) journal.record({ lane: 'server', conn: 'c', layer: 'jsonrpc', dir: 'in', raw: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { n } }) });
    await journal.close();
    expect(journal.files.length).toBeGreaterThan(1);
    for (const file of journal.files) expect(await modeOf(file)).toBe(0o600);

    await saveCaptureCopy(capture, join(dir, 'copy.parallax'));
    await saveCaptureCopy(capture, join(dir, 'copy.parallax.gz'));
    await writeBundleZip(join(dir, 'bundle.zip'), [{ name: 'README.txt', text: 'hello' }]);
    await writeHarFile(join(dir, 'run.har'), { log: { version: '1.2', creator: { name: 'MCP Parallax', version: 'test' }, entries: [] } });
    for (const name of ['copy.parallax', 'copy.parallax.gz', 'bundle.zip', 'run.har']) expect(await modeOf(join(dir, name)), name).toBe(0o600);
  });
});
