import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCapture } from './capture-loader';
import { CaptureJournal } from './journal';
import { openFillingFile } from './test-support/filling-file';

const header = { app: { name: 'MCP Parallax', version: 'test' }, createdAt: '2026-12-07T12:00:00.000Z', lanes: [{ lane: 'server' as const }] };
const message = (n: number) => ({ lane: 'server' as const, conn: 'c', layer: 'jsonrpc' as const, dir: 'in' as const, raw: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { n } }) });

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-write-only-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('a journal opened without readBack (the proxy, the tap)', () => {
  it('forgets each line once it is in the file, across rotated files, and the recording is whole', async () => {
    const path = join(dir, 'long.parallax');
    const journal = await CaptureJournal.create(path, header, { readBack: false, maxFileBytes: 256 * 1024 });
    const total = 20_000;
    let most = 0;
    for (let n = 1; n <= total; n++) {
      journal.record(message(n));
      if (n % 1000 === 0) {
        most = Math.max(most, journal.indexedLines);
        await journal.flush();
        expect(journal.indexedLines).toBe(0);
      }
    }
    // Before each flush only the lines waiting to be written are indexed.
    expect(most).toBeLessThanOrEqual(1000 + journal.files.length);
    await expect(journal.readBack([1])).rejects.toThrow(/without readBack/);
    await journal.close();
    expect(journal.files.length).toBeGreaterThan(5);

    const capture = await openCapture(path);
    try {
      const recorded = (await capture.readSeqRange(1, capture.count)).filter((envelope) => envelope.layer === 'jsonrpc');
      expect(recorded.map((envelope) => (JSON.parse(envelope.raw) as { params: { n: number } }).params.n)).toEqual(Array.from({ length: total }, (_, n) => n + 1));
      expect(capture.skipped).toEqual([]);
    } finally {
      await capture.close();
    }
  });

  it('still cuts a failed write at a whole line and writes the rest in order on retry', async () => {
    const path = join(dir, 'full.parallax');
    const { file, setRoom } = await openFillingFile(path);
    const journal = await CaptureJournal.onFile(path, file, header, { readBack: false, onError: () => undefined });
    journal.record(message(1));
    await journal.flush();
    const before = journal.bytesWritten;
    journal.record(message(2));
    await journal.flush();
    setRoom(Math.floor(3.5 * (journal.bytesWritten - before)));
    for (let n = 3; n <= 10; n++) journal.record(message(n));
    await journal.flush();
    expect(journal.error?.message).toMatch(/ENOSPC/);
    expect(journal.flushedSeq).toBe(5);
    // The lines not written keep their places, for the retry; the written ones are forgotten.
    expect(journal.indexedLines).toBe(5);
    setRoom(Infinity);
    await journal.retry();
    expect(journal.indexedLines).toBe(0);
    await journal.close();

    const capture = await openCapture(path);
    try {
      expect((await capture.readSeqRange(1, 10)).map((envelope) => (JSON.parse(envelope.raw) as { params: { n: number } }).params.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(capture.skipped).toEqual([]);
    } finally {
      await capture.close();
    }
  });
});
