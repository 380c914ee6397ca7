import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptureFormatError, CaptureVersionError, serializeEnvelope, serializeHeader } from '../../shared/capture/capture-lines';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type AskedRecord, type CaptureHeader, type Envelope } from '../../shared/capture/envelope';
import { envelopeFactory } from '../../shared/capture/test-envelopes';
import { openCapture } from './capture-loader';

const header: CaptureHeader = {
  format: CAPTURE_FORMAT, version: CAPTURE_VERSION, app: { name: 'MCP Parallax', version: 'test' },
  createdAt: '2026-11-25T12:00:00.000Z', lanes: [{ lane: 'inspector' }],
};

function conversation(pairs: number): Envelope[] {
  const make = envelopeFactory();
  const envelopes: Envelope[] = [];
  for (let id = 1; id <= pairs; id++) {
    envelopes.push(make({ lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'out', raw: JSON.stringify({ jsonrpc: '2.0', id, method: id % 2 ? 'tools/list' : 'ping' }) }));
    envelopes.push(make({ lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'in', raw: JSON.stringify({ jsonrpc: '2.0', id, result: { n: 'é'.repeat(id % 7) } }), dt: 3 }));
  }
  return envelopes;
}

const text = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
const captureText = (envelopes: Envelope[]) => text([serializeHeader(header), ...envelopes.map(serializeEnvelope)]);

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-loader-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

async function load(name: string, content: string | Buffer, options: Parameters<typeof openCapture>[1] = {}) {
  const path = join(dir, name);
  await writeFile(path, content);
  return openCapture(path, options);
}

describe('capture loader', () => {
  it('loads, indexes and pairs a clean capture, reporting progress', async () => {
    const envelopes = conversation(50);
    const progress: number[] = [];
    const capture = await load('clean.parallax', captureText(envelopes), { onProgress: (p) => progress.push(p.bytesRead) });
    try {
      expect(capture.count).toBe(100);
      expect(capture.skipped).toEqual([]);
      expect(capture.compressed).toBe(false);
      expect(progress.at(-1)).toBe(Buffer.byteLength(captureText(envelopes)));
      expect(await capture.readSeqRange(10, 12)).toEqual(envelopes.slice(9, 12));
      expect(await capture.readEnvelope(100)).toEqual(envelopes[99]);
      expect(await capture.readEnvelope(101)).toBeUndefined();
      expect(await capture.readSeqs([7, 500, 2, 7])).toEqual([envelopes[6], undefined, envelopes[1], envelopes[6]]);
      expect(capture.pairing.exchanges).toHaveLength(50);
      expect(capture.pairing.exchanges.every((e) => e.durationMs === 3)).toBe(true);
      expect(capture.index.recordsOfMethod('tools/list')).toHaveLength(50);
      const all: Envelope[] = [];
      for await (const envelope of capture.envelopes(7)) all.push(envelope);
      expect(all).toEqual(envelopes);
    } finally {
      await capture.close();
    }
  });

  it('previews a large payload even when another writer did not put raw last', async () => {
    const big = 'y'.repeat(300_000);
    const lines = [serializeHeader(header), JSON.stringify({ raw: big, seq: 1, t: 5, lane: 'server', conn: 'p', layer: 'http', dir: 'in', large: true, http: { exchange: 'x', phase: 'body' } })];
    const capture = await load('foreign.parallax', text(lines));
    try {
      const [page] = await capture.readPage(1, 1, 50);
      expect(page).toMatchObject({ rawComplete: false, envelope: { seq: 1, lane: 'server', raw: 'y'.repeat(50) } });
      expect((await capture.readPreview(1, 1_000_000))?.rawComplete).toBe(true);
    } finally {
      await capture.close();
    }
  });

  it('keeps every good record of a damaged file and says exactly what it skipped', async () => {
    const envelopes = conversation(5);
    const lines = [serializeHeader(header), ...envelopes.map(serializeEnvelope)];
    lines.splice(3, 0, '\u0000\u0000garbage');
    lines.splice(6, 0, JSON.stringify({ seq: 99, t: 1, lane: 'inspector', conn: 'c', layer: 'carrier-pigeon', dir: 'out', raw: '' }));
    lines.splice(8, 0, serializeEnvelope(envelopes[0] as Envelope));
    const torn = serializeEnvelope({ ...(envelopes[9] as Envelope), seq: 11 }).slice(0, 40);
    const content = `${text(lines)}\n${torn}`;
    const seen: Envelope[] = [];
    const capture = await load('damaged.parallax', content, { onEnvelope: (envelope) => seen.push(envelope) });
    try {
      expect(capture.count).toBe(10);
      // Rows built during the load see exactly the records kept, in file order: not the duplicate, not the damage.
      expect(seen).toEqual(envelopes);
      expect(capture.skipped.map((s) => [s.kind, s.line])).toEqual([
        ['invalid-line', 4], ['invalid-line', 7], ['duplicate-seq', 9], ['torn-last-line', 16],
      ]);
      const [garbage, badLayer, duplicate, last] = capture.skipped;
      expect(garbage?.reason).toMatch(/not JSON/);
      expect(garbage?.excerpt).toBe('\u0000\u0000garbage');
      expect(Buffer.from(content).toString('utf8', garbage?.offset, (garbage?.offset ?? 0) + (garbage?.bytes ?? 0))).toBe('\u0000\u0000garbage');
      expect(badLayer?.reason).toMatch(/layer/);
      expect(duplicate?.reason).toMatch(/seq 1 appears earlier/);
      expect(last?.reason).toMatch(/incomplete/);
      expect(last?.excerpt).toBe(torn);
      expect(await capture.readSeqRange(1, 10)).toEqual(envelopes);
    } finally {
      await capture.close();
    }
  });

  it('loads a gzip-compressed capture the same way and cleans up after itself', async () => {
    const envelopes = conversation(200);
    const tempDir = await mkdtemp(join(dir, 'spill-'));
    const capture = await load('c.parallax.gz', gzipSync(captureText(envelopes)), { tempDir });
    expect(capture.compressed).toBe(true);
    expect(capture.skipped).toEqual([]);
    expect(capture.count).toBe(400);
    expect(await capture.readSeqRange(395, 400)).toEqual(envelopes.slice(394));
    expect(await readdir(tempDir)).toHaveLength(1);
    await capture.close();
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('keeps what a truncated gzip still holds', async () => {
    const envelopes = conversation(2_000);
    const gz = gzipSync(captureText(envelopes));
    const capture = await load('cut.parallax.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    try {
      expect(capture.count).toBeGreaterThan(100);
      expect(capture.count).toBeLessThan(4_000);
      const kinds = capture.skipped.map((s) => s.kind);
      expect(kinds[0]).toBe('truncated-gzip');
      expect(kinds.slice(1).every((k) => k === 'torn-last-line')).toBe(true);
      expect(await capture.readSeqRange(1, capture.count)).toEqual(envelopes.slice(0, capture.count));
    } finally {
      await capture.close();
    }
  });

  it('reports corrupt gzip data and keeps the records before it', async () => {
    const gz = Buffer.from(gzipSync(captureText(conversation(2_000))));
    for (let i = Math.floor(gz.length / 2); i < Math.floor(gz.length / 2) + 64; i++) gz[i] = (gz[i] as number) ^ 0xa5;
    const capture = await load('bad.parallax.gz', gz);
    try {
      expect(capture.count).toBeGreaterThan(0);
      expect(capture.skipped.some((s) => s.kind === 'corrupt-gzip' || s.kind === 'truncated-gzip')).toBe(true);
    } finally {
      await capture.close();
    }
  });

  it('stops when aborted and leaves no decompressed copy behind', async () => {
    const tempDir = await mkdtemp(join(dir, 'spill-'));
    const controller = new AbortController();
    const loading = load('abort.parallax.gz', gzipSync(captureText(conversation(20_000))), {
      tempDir, signal: controller.signal, onProgress: () => controller.abort(),
    });
    await expect(loading).rejects.toThrow(/abort/i);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('skips a line over the size limit without reading it into memory', async () => {
    const envelopes = conversation(3);
    const lines = [serializeHeader(header), ...envelopes.map(serializeEnvelope)];
    lines.splice(2, 0, `{"seq":50,"raw":"${'z'.repeat(5_000)}"}`);
    const capture = await load('long.parallax', text(lines), { maxLineBytes: 4_096 });
    try {
      expect(capture.count).toBe(6);
      expect(capture.skipped).toMatchObject([{ kind: 'line-too-long', line: 3, bytes: 5_019 }]);
    } finally {
      await capture.close();
    }
  });

  it('refuses what is not a capture, or is from a newer version, naming the problem', async () => {
    await expect(load('empty.parallax', '')).rejects.toThrow(/empty/);
    await expect(load('har.parallax', '{"log":{"version":"1.2"}}\n')).rejects.toThrow(CaptureFormatError);
    const newer = load('newer.parallax', text([serializeHeader({ ...header, version: CAPTURE_VERSION + 1 })]));
    await expect(newer).rejects.toThrow(CaptureVersionError);
    await expect(newer).rejects.toThrow(new RegExp(`version ${CAPTURE_VERSION + 1}.*versions 1 to ${CAPTURE_VERSION}`));
    const newerGz = load('newer.parallax.gz', gzipSync(text([serializeHeader({ ...header, version: CAPTURE_VERSION + 1 })])));
    await expect(newerGz).rejects.toThrow(CaptureVersionError);
    await expect(load('notes.txt.gz', gzipSync('just some notes\n'))).rejects.toThrow(/not an MCP Parallax capture header/);
  });

  it('says when the file changed under it instead of returning wrong envelopes', async () => {
    const capture = await load('changing.parallax', captureText(conversation(2)));
    try {
      await writeFile(capture.path, (await readFile(capture.path, 'utf8')).replace(/"seq"/g, '"SEQ"'));
      await expect(capture.readEnvelope(2)).rejects.toThrow(/changed after it was loaded/);
    } finally {
      await capture.close();
    }
  });

  it('reads back what was asked, and opens a capture whose record of it is broken with every frame, naming what it left out', async () => {
    const envelopes = conversation(3);
    const asked: AskedRecord = { kind: 'tools/call', tool: 'book_visit', arguments: { patient: 'Ada' }, lanes: ['inspector'] };
    const good = await load('asked.parallax', text([serializeHeader({ ...header, asked }), ...envelopes.map(serializeEnvelope)]));
    try {
      expect(good.header.asked).toEqual(asked);
      expect(good.skipped).toEqual([]);
    } finally {
      await good.close();
    }
    const brokenHeader = JSON.stringify({ ...header, asked: { ...asked, lanes: 'inspector' } });
    const broken = await load('broken-asked.parallax', text([brokenHeader, ...envelopes.map(serializeEnvelope)]));
    try {
      expect(broken.count).toBe(6);
      expect(broken.header.asked).toBeUndefined();
      expect(broken.header.lanes).toEqual(header.lanes);
      expect(broken.skipped).toEqual([expect.objectContaining({ kind: 'invalid-asked', line: 1, offset: 0, bytes: Buffer.byteLength(brokenHeader), reason: expect.stringContaining('lanes') })]);
    } finally {
      await broken.close();
    }
  });
});
