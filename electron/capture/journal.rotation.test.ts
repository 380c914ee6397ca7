import { readdir, readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHeaderLine } from '../../shared/capture/capture-lines';
import { diagnose } from '../../shared/diagnosis/diagnose';
import { openCapture } from './capture-loader';
import { CaptureJournal } from './journal';

const header = { app: { name: 'MCP Parallax', version: 'test' }, createdAt: '2026-12-07T09:00:00.000Z', lanes: [{ lane: 'inspector' as const }] };
const message = (raw: string) => ({ lane: 'inspector' as const, conn: 'c', layer: 'jsonrpc' as const, dir: 'out' as const, raw });
const LIMIT = 4096;

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-rotation-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

/** Records `count` messages of about 200 bytes each, flushing now and then as a live recording does. */
async function record(journal: CaptureJournal, count: number): Promise<string[]> {
  const raws: string[] = [];
  for (let i = 1; i <= count; i++) {
    const raw = JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'echo', arguments: { text: `message ${i} `.repeat(12) } } });
    raws.push(raw);
    journal.record(message(raw));
    if (i % 7 === 0) await journal.flush();
  }
  return raws;
}

describe('capture rotation at capture-bytes', () => {
  it('goes on in linked files of about the limit, and opening any of them replays the whole recording', async () => {
    const path = join(dir, 'run.parallax');
    const journal = await CaptureJournal.create(path, header, { maxFileBytes: LIMIT });
    const raws = await record(journal, 100);
    await journal.close();

    const names = (await readdir(dir)).sort();
    expect(journal.files.length).toBeGreaterThanOrEqual(4);
    expect(names).toEqual(journal.files.map((file) => file.slice(dir.length + 1)).sort());
    for (const [index, file] of journal.files.entries()) {
      const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
      const fileHeader = parseHeaderLine(lines[0] as string).header;
      if (index === 0) {
        expect(fileHeader.continues).toBeUndefined();
      } else {
        expect(fileHeader.continues).toEqual({ first: 'run.parallax', previous: journal.files[index - 1]?.slice(dir.length + 1), part: index + 1 });
        expect(file.endsWith(`run.part${index + 1}.parallax`)).toBe(true);
      }
      const bytes = Buffer.byteLength(lines.join('\n')) + lines.length;
      if (index < journal.files.length - 1) {
        // A full file ends with the line that reached the limit and the meta naming the next one.
        expect(bytes).toBeGreaterThanOrEqual(LIMIT);
        expect(bytes).toBeLessThan(LIMIT + 1024);
        const last = JSON.parse(lines[lines.length - 1] as string) as { layer: string; raw: string };
        expect(last.layer).toBe('meta');
        expect(JSON.parse(last.raw)).toMatchObject({ kind: 'limit-exceeded', limit: 'captureBytes', value: LIMIT, next: `run.part${index + 2}.parallax` });
      }
    }

    for (const opened of [journal.files[0], journal.files[2], journal.files[journal.files.length - 1]] as string[]) {
      const capture = await openCapture(opened);
      try {
        expect(capture.path).toBe(path);
        expect(capture.files).toEqual(journal.files);
        expect(capture.skipped).toEqual([]);
        const envelopes = await capture.readSeqRange(1, capture.count + 10);
        expect(envelopes.map((e) => e.seq)).toEqual(Array.from({ length: raws.length + journal.files.length - 1 }, (_, i) => i + 1));
        expect(envelopes.filter((e) => e.layer === 'jsonrpc').map((e) => e.raw)).toEqual(raws);
        const findings = diagnose(envelopes, capture.header).findings;
        expect(findings.filter((f) => f.id === 'capture.limit-exceeded')).toEqual([]);
        const continued = findings.find((f) => f.id === 'capture.continued');
        expect(continued?.title).toBe(`The recording went on in ${journal.files.length - 1} more files at capture-bytes (4 KiB)`);
        expect(continued?.detail).toContain('run.part2.parallax');
        expect(continued?.evidence).toHaveLength(journal.files.length - 1);
      } finally {
        await capture.close();
      }
    }
  });

  it('reads frames back from every file while it is still recording', async () => {
    const journal = await CaptureJournal.create(join(dir, 'live.parallax'), header, { maxFileBytes: LIMIT });
    const raws = await record(journal, 60);
    expect(journal.files.length).toBeGreaterThanOrEqual(3);
    const seqs = Array.from({ length: journal.lastSeq }, (_, i) => i + 1);
    const back = await journal.readBack(seqs);
    expect(back.every((e, i) => e?.seq === i + 1)).toBe(true);
    expect(back.filter((e) => e?.layer === 'jsonrpc').map((e) => e?.raw)).toEqual(raws);
    await journal.close();
  });

  it('stops with an error naming the next file when one from an earlier recording stands in its way; the first file stays whole', async () => {
    await writeFile(join(dir, 'old.part2.parallax'), 'someone else\n');
    const errors: Error[] = [];
    const journal = await CaptureJournal.create(join(dir, 'old.parallax'), header, { maxFileBytes: LIMIT, onError: (error) => errors.push(error) });
    await record(journal, 60);
    await expect(journal.close()).rejects.toThrow(/old\.part2\.parallax already exists/);
    expect(errors[0]?.message).toMatch(/Recording stopped: .*old\.part2\.parallax already exists/);
    expect(await readFile(join(dir, 'old.part2.parallax'), 'utf8')).toBe('someone else\n');
    const capture = await openCapture(join(dir, 'old.parallax'));
    try {
      expect(capture.files).toEqual([join(dir, 'old.parallax')]);
      expect(capture.skipped).toEqual([]);
      expect(capture.count).toBe(journal.flushedSeq);
      const last = await capture.readEnvelope(capture.count);
      expect(JSON.parse(last?.raw ?? '{}')).toMatchObject({ kind: 'limit-exceeded', limit: 'captureBytes' });
    } finally {
      await capture.close();
    }
  });

  it('keeps a single file when the limit is never reached', async () => {
    const journal = await CaptureJournal.create(join(dir, 'small.parallax'), header, { maxFileBytes: 1024 * 1024 });
    await record(journal, 20);
    await journal.close();
    expect(journal.files).toEqual([join(dir, 'small.parallax')]);
    expect(await readdir(dir)).toEqual(['small.parallax']);
  });
});
