import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCapture } from './capture-loader';
import { CaptureJournal } from './journal';
import { openFillingFile } from './test-support/filling-file';

const header = { app: { name: 'MCP Parallax', version: 'test' }, createdAt: '2026-11-25T12:00:00.000Z', lanes: [{ lane: 'inspector' as const }] };
const message = (raw: string) => ({ lane: 'inspector' as const, conn: 'c', layer: 'jsonrpc' as const, dir: 'out' as const, raw });

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-journal-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('capture journal', () => {
  it('numbers envelopes, writes them in order and reads back identically', async () => {
    const path = join(dir, 'a.parallax');
    const journal = await CaptureJournal.create(path, header);
    const seen: number[] = [];
    journal.subscribe((e) => seen.push(e.seq));
    const written = [journal.record(message('{"a":1}')), journal.record({ ...message('{"b":2}'), t: 42 })];
    expect(written.map((e) => [e.seq, e.t === 42])).toEqual([[1, false], [2, true]]);
    expect(seen).toEqual([1, 2]);
    await journal.close();
    await journal.close();
    expect(() => journal.record(message('late'))).toThrow(/closed/);

    const capture = await openCapture(path);
    try {
      expect(capture.header).toMatchObject({ format: 'mcp-parallax-capture', version: 1, app: header.app });
      expect(await capture.readSeqRange(1, 2)).toEqual(written);
      expect(capture.skipped).toEqual([]);
    } finally {
      await capture.close();
    }
  });

  it('writes within the flush interval without being asked', async () => {
    const path = join(dir, 'b.parallax');
    const journal = await CaptureJournal.create(path, header);
    journal.record(message('{"soon":true}'));
    expect(journal.flushedSeq).toBe(0);
    await vi.waitFor(async () => expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(3), { timeout: 5_000, interval: 20 });
    expect(journal.flushedSeq).toBe(1);
    await journal.close();
  });

  it('writes at once when the buffer fills', async () => {
    const path = join(dir, 'c.parallax');
    const journal = await CaptureJournal.create(path, header, { maxBufferedBytes: 1000, flushIntervalMs: 100 });
    journal.record(message('x'.repeat(2000)));
    await journal.flush();
    expect(journal.flushedSeq).toBe(1);
    expect(journal.bytesWritten).toBeGreaterThan(2000);
    await journal.close();
  });

  it('keeps large payloads whole, marked so a page shows a preview first', async () => {
    const path = join(dir, 'd.parallax');
    const journal = await CaptureJournal.create(path, header, { largePayloadBytes: 10_000 });
    const big = `{"data":"${'é'.repeat(8_000)}\\n"}`;
    journal.record(message('{"small":true}'));
    const recorded = journal.record(message(big));
    expect(recorded).toMatchObject({ large: true, size: Buffer.byteLength(big) });
    await journal.close();

    const capture = await openCapture(path);
    try {
      const [small, large] = await capture.readPage(1, 2, 100);
      expect(small).toMatchObject({ rawComplete: true, envelope: { raw: '{"small":true}' } });
      expect(large?.rawComplete).toBe(false);
      expect(large?.envelope).toMatchObject({ seq: 2, large: true, size: Buffer.byteLength(big) });
      expect(large?.envelope.raw.length).toBeGreaterThan(10);
      expect(big.startsWith(large?.envelope.raw ?? '?')).toBe(true);
      expect((await capture.readEnvelope(2))?.raw).toBe(big);
    } finally {
      await capture.close();
    }
  });

  it.runIf(existsSync('/dev/full'))('fails loudly when the disk is full', async () => {
    await expect(CaptureJournal.create('/dev/full', header, { overwrite: true })).rejects.toThrow(/ENOSPC/);
  });

  it('keeps envelopes a failed write could not store, and writes them in order on retry', async () => {
    const path = join(dir, 'flaky.parallax');
    const handle = await open(path, 'w');
    let failNext = false;
    const errors: Error[] = [];
    // A disk that fills up after writing part of a batch, then gets space back.
    const file = {
      async append(data: Buffer) {
        if (failNext) {
          failNext = false;
          await handle.write(data.subarray(0, 10));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        await handle.write(data);
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
      size: async () => (await handle.stat()).size,
    };
    const journal = await CaptureJournal.onFile(path, file, header, { onError: (e) => errors.push(e) });
    journal.record(message('{"n":1}'));
    await journal.flush();
    failNext = true;
    journal.record(message('{"n":2}'));
    await journal.flush();
    journal.record(message('{"n":3}'));
    await journal.flush();
    // One error, in a user's words, naming the file; the system's own error is its cause.
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(`Recording stopped: the disk holding the capture ${path} is full (ENOSPC). Everything recorded before this is in the file and opens as usual.`);
    expect(errors[0]).toMatchObject({ code: 'ENOSPC', cause: { message: 'ENOSPC: no space left on device, write' } });
    expect(journal.unwrittenCount).toBe(2);
    expect(journal.flushedSeq).toBe(1);
    await journal.retry();
    expect(journal.unwrittenCount).toBe(0);
    expect(journal.flushedSeq).toBe(3);
    journal.record(message('{"n":4}'));
    // A live session reads payloads back: the frames written on retry sit after the fragment.
    expect((await journal.readBack([1, 2, 3, 4])).map((e) => e?.raw)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
    await journal.close();

    const capture = await openCapture(path);
    try {
      expect((await capture.readSeqRange(1, 4)).map((e) => e.raw)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
      expect(capture.skipped).toMatchObject([{ kind: 'invalid-line', bytes: 10 }]);
    } finally {
      await capture.close();
    }
  });

  it('counts the lines a failed write stored whole as written, cuts the torn one, and writes the rest on retry', async () => {
    const path = join(dir, 'partial.parallax');
    const { file, setRoom } = await openFillingFile(path);
    const journal = await CaptureJournal.onFile(path, file, header, { onError: () => undefined });
    const raws = Array.from({ length: 10 }, (_, n) => JSON.stringify({ n, pad: 'x'.repeat(50) }));
    journal.record(message(raws[0] as string));
    await journal.flush();
    const before = journal.bytesWritten;
    journal.record(message(raws[1] as string));
    await journal.flush();
    // Every line is as long as the second. Room for three and a half more: the next batch of eight fails after storing that much.
    setRoom(Math.floor(3.5 * (journal.bytesWritten - before)));
    for (const raw of raws.slice(2)) journal.record(message(raw));
    await journal.flush();
    expect(journal.error?.message).toMatch(/ENOSPC/);
    expect(journal.flushedSeq).toBe(5);
    expect(journal.unwrittenCount).toBe(5);
    // A live session still reads every frame back: from the file up to 5, from memory after.
    journal.record(message('{"late":true}'));
    expect((await journal.readBack([1, 5, 6, 10, 11])).map((e) => e?.raw)).toEqual([raws[0], raws[4], raws[5], raws[9], '{"late":true}']);
    // The file ends on the last whole line: it opens with nothing skipped.
    const cut = await openCapture(path);
    try {
      expect((await cut.readSeqRange(1, 5)).map((e) => e.raw)).toEqual(raws.slice(0, 5));
      expect(cut.skipped).toEqual([]);
    } finally {
      await cut.close();
    }
    setRoom(Infinity);
    await journal.retry();
    expect(journal.flushedSeq).toBe(11);
    expect((await journal.readBack([5, 6, 10])).map((e) => e?.raw)).toEqual([raws[4], raws[5], raws[9]]);
    await journal.close();

    const capture = await openCapture(path);
    try {
      expect((await capture.readSeqRange(1, 11)).map((e) => e.raw)).toEqual([...raws, '{"late":true}']);
      expect(capture.skipped).toEqual([]);
    } finally {
      await capture.close();
    }
  });

  it('writes the lines recorded during a slow write in one write, not one queued write per flush', async () => {
    const path = join(dir, 'slow.parallax');
    const handle = await open(path, 'w');
    const writes: number[] = [];
    let release: () => void = () => undefined;
    let gate = Promise.resolve();
    // A disk (or a busy event loop) that takes its time over a write.
    const file = {
      async append(data: Buffer) {
        writes.push(data.length);
        await gate;
        await handle.write(data);
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
    const journal = await CaptureJournal.onFile(path, file, header, { maxBufferedBytes: 100 });
    gate = new Promise((resolve) => { release = resolve; });
    const line = (n: number) => message(`{"n":${n},"pad":"${'x'.repeat(200)}"}`);
    journal.record(line(1));
    await vi.waitFor(() => expect(writes).toHaveLength(2));
    // Each of these fills the buffer and asks for a flush while the first write is held up.
    for (let n = 2; n <= 50; n++) journal.record(line(n));
    expect(journal.flushedSeq).toBe(0);
    const flushed = journal.flush();
    release();
    await flushed;
    expect(journal.flushedSeq).toBe(50);
    // The header, line 1, then lines 2 to 50 together.
    expect(writes).toHaveLength(3);
    await journal.close();

    const capture = await openCapture(path);
    try {
      expect((await capture.readSeqRange(1, 50)).map((e) => JSON.parse(e.raw).n)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    } finally {
      await capture.close();
    }
  });

  it('holds every line while writes fail, across many buffers, and writes them in order on retry', async () => {
    const path = join(dir, 'full.parallax');
    const handle = await open(path, 'w');
    let full = false;
    const file = {
      async append(data: Buffer) {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        await handle.write(data);
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
    // A small buffer, so the held lines span many of the journal's encoding buffers.
    const journal = await CaptureJournal.onFile(path, file, header, { maxBufferedBytes: 100, onError: () => undefined });
    full = true;
    const raws = Array.from({ length: 300 }, (_, n) => JSON.stringify({ n, text: 'ü€😀'.repeat(n % 40) }));
    // Lines recorded before the failure is known are in failed batches; those after it are held unsent.
    for (const raw of raws.slice(0, 150)) journal.record(message(raw));
    await journal.flush();
    expect(journal.error?.message).toMatch(/ENOSPC/);
    for (const raw of raws.slice(150)) journal.record(message(raw));
    await journal.flush();
    expect(journal.unwrittenCount).toBe(raws.length);
    expect(journal.flushedSeq).toBe(0);
    full = false;
    await journal.retry();
    expect(journal.unwrittenCount).toBe(0);
    expect(journal.flushedSeq).toBe(raws.length);
    await journal.close();

    const capture = await openCapture(path);
    try {
      expect((await capture.readSeqRange(1, raws.length)).map((e) => e.raw)).toEqual(raws);
      expect(Array.from(capture.index.seqs)).toEqual(raws.map((_, i) => i + 1)); // in file order
      expect(capture.skipped).toEqual([]);
    } finally {
      await capture.close();
    }
  });

  it('refuses to overwrite an existing capture', async () => {
    const path = join(dir, 'e.parallax');
    await writeFile(path, 'precious');
    await expect(CaptureJournal.create(path, header)).rejects.toThrow(/Refusing to overwrite/);
    expect(await readFile(path, 'utf8')).toBe('precious');
  });

  it('leaves a loadable file when the process writing it is killed', async () => {
    const path = join(dir, 'killed.parallax');
    const fixture = fileURLToPath(new URL('./fixtures/journal-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, path, '50000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let flushed = 0;
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        flushed = Number(line.split(' ')[1]);
        if (flushed >= 400) break;
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(flushed).toBeGreaterThanOrEqual(400);

    const capture = await openCapture(path);
    try {
      // Everything the child reported as flushed survived; only a torn last line may be missing.
      expect(capture.count).toBeGreaterThanOrEqual(flushed);
      expect(capture.skipped.every((s) => s.kind === 'torn-last-line')).toBe(true);
      expect(capture.skipped.length).toBeLessThanOrEqual(1);
      const seqs = capture.index.seqs;
      expect(seqs[0]).toBe(1);
      expect(seqs[seqs.length - 1]).toBe(capture.count);
      const answered = capture.pairing.exchanges.filter((e) => e.outcome === 'result');
      expect(answered.length).toBeGreaterThanOrEqual(Math.floor(flushed / 2) - 1);
      expect(capture.pairing.orphanResponses).toEqual([]);
    } finally {
      await capture.close();
    }
  });
});

describe('reading a live journal back', () => {
  it('returns the envelopes it wrote by seq, flushing buffered ones first, and nothing for unknown seqs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parallax-readback-'));
    try {
      const journal = await CaptureJournal.create(join(dir, 'live.parallax'), { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date().toISOString(), lanes: [] });
      const recorded = Array.from({ length: 50 }, (_, i) => journal.record({ lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'in', raw: `{"jsonrpc":"2.0","id":${i},"result":{"text":"ünïcødé ${'x'.repeat(i * 37)}"}}` }));
      // Still buffered: reading back flushes first.
      const back = await journal.readBack([1, 2, 3, 25, 50, 51, 0]);
      expect(back.slice(0, 5)).toEqual([recorded[0], recorded[1], recorded[2], recorded[24], recorded[49]]);
      expect(back.slice(5)).toEqual([undefined, undefined]);
      await journal.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
