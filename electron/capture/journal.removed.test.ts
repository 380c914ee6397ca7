import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { CaptureJournal } from './journal';
import { readWholeCapture } from './test-support/read-capture';

const header = { app: { name: 'MCP Parallax', version: 'test' }, createdAt: '2026-12-07T12:00:00.000Z', lanes: [{ lane: 'server' as const }] };
const message = (n: number) => ({ lane: 'server' as const, conn: 'c', layer: 'jsonrpc' as const, dir: 'out' as const, raw: JSON.stringify({ jsonrpc: '2.0', id: n, method: 'tools/list', params: { pad: 'ü'.repeat(n * 13) } }) });

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-removed-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const metaKind = (e: Envelope) => (e.layer === 'meta' ? (JSON.parse(e.raw) as { kind: string }).kind : undefined);

// On Linux a write to a file removed from its directory succeeds, and the data is gone once the
// handle closes: these remove a real file mid-recording and check nothing recorded is lost.
describe('a capture file removed while recording (real files)', () => {
  it('is created again at its path with everything written so far, continues there, and says so in a meta envelope', async () => {
    const path = join(dir, 'removed.parallax');
    const journal = await CaptureJournal.create(path, header);
    const before = Array.from({ length: 40 }, (_, i) => journal.record(message(i + 1)));
    await journal.flush();
    await unlink(path);
    const after = Array.from({ length: 40 }, (_, i) => journal.record(message(i + 41)));
    await journal.flush();
    // The file is back at its path already, before close, holding what was recorded.
    expect((await stat(path)).nlink).toBe(1);
    // A live session reads frames back from the new file, old and new alike.
    expect((await journal.readBack([1, 40, 41, 80])).map((e) => e?.raw)).toEqual([before[0], before[39], after[0], after[39]].map((e) => e?.raw));
    const later = journal.record(message(81));
    await journal.close();

    const { envelopes, skipped } = await readWholeCapture(path);
    expect(skipped).toEqual([]);
    const meta = envelopes.find((e) => metaKind(e) === 'capture-file-recreated');
    expect(meta).toBeDefined();
    // Every envelope recorded, in order, and the meta after the lines that were waiting when the removal was found.
    expect(envelopes.map((e) => e.seq)).toEqual(Array.from({ length: 82 }, (_, i) => i + 1));
    expect(envelopes.filter((e) => e !== meta)).toEqual([...before, ...after, later]);
    expect(meta?.seq).toBe(81);
    expect(JSON.parse(meta?.raw ?? '{}')).toMatchObject({ kind: 'capture-file-recreated', path, detail: expect.stringContaining('removed while recording') });
  });

  it('is recreated on close when it was removed after the last write, so closing does not throw the capture away', async () => {
    const path = join(dir, 'removed-idle.parallax');
    const journal = await CaptureJournal.create(path, header);
    const recorded = Array.from({ length: 5 }, (_, i) => journal.record(message(i + 1)));
    await journal.flush();
    await unlink(path);
    await journal.close();

    const { envelopes, skipped } = await readWholeCapture(path);
    expect(skipped).toEqual([]);
    expect(envelopes.slice(0, 5)).toEqual(recorded);
    expect(envelopes.slice(5).map(metaKind)).toEqual(['capture-file-recreated']);
  });

  it('survives being removed twice', async () => {
    const path = join(dir, 'twice.parallax');
    const journal = await CaptureJournal.create(path, header);
    const recorded: Envelope[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) recorded.push(journal.record(message(round * 10 + i + 1)));
      await journal.flush();
      if (round < 2) await unlink(path);
    }
    await journal.close();

    const { envelopes } = await readWholeCapture(path);
    expect(envelopes.filter((e) => e.layer !== 'meta')).toEqual(recorded);
    expect(envelopes.filter((e) => e.layer === 'meta').map(metaKind)).toEqual(['capture-file-recreated', 'capture-file-recreated']);
    expect(envelopes.map((e) => e.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it('leaves a file someone put at the path alone, and stops with an error saying why', async () => {
    const path = join(dir, 'replaced.parallax');
    const errors: Error[] = [];
    const journal = await CaptureJournal.create(path, header, { onError: (error) => errors.push(error) });
    journal.record(message(1));
    await journal.flush();
    await unlink(path);
    await writeFile(path, 'someone else\'s file');
    journal.record(message(2));
    await journal.flush();
    expect(errors.map((e) => e.message)).toEqual([`Recording stopped: the capture ${path} was removed and another file now stands at its path, so it was not recreated (EEXIST). Everything recorded before this is in the file and opens as usual.`]);
    await expect(journal.close()).rejects.toThrow(/was removed and another file now stands at its path/);
    expect(await readFile(path, 'utf8')).toBe('someone else\'s file');
  });
});
