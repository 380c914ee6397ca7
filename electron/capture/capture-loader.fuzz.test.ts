import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureFormatError, serializeEnvelope, serializeHeader } from '../../shared/capture/capture-lines';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader, type Envelope } from '../../shared/capture/envelope';
import { openCapture } from './capture-loader';

const SEED = 31337;
const header: CaptureHeader = { format: CAPTURE_FORMAT, version: CAPTURE_VERSION, app: { name: 'fuzz', version: '0' }, createdAt: '2026-11-25T12:00:00.000Z', lanes: [] };

const goodEnvelope = (seq: number): Envelope => ({
  seq, t: seq, lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: seq % 2 ? 'out' : 'in',
  raw: JSON.stringify(seq % 2 ? { jsonrpc: '2.0', id: seq, method: 'tools/list' } : { jsonrpc: '2.0', id: seq - 1, result: { tools: [] } }),
});

/** One line of a damaged file: a good envelope, a cut or corrupted one, or bytes that are not text at all. */
const line = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 50 }).map((seq) => Buffer.from(serializeEnvelope(goodEnvelope(seq)))) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([seq, cut]) => {
    const text = Buffer.from(serializeEnvelope(goodEnvelope(seq)));
    return text.subarray(0, Math.floor(text.length * cut));
  }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x0a))) },
  { weight: 1, arbitrary: fc.json().map((json) => Buffer.from(json)) },
  { weight: 1, arbitrary: fc.constantFrom('', '{}', '[]', 'null', '{"seq":-1}', '{"seq":1.5,"t":0,"lane":"x"}', '\uFEFF', '\r').map((s) => Buffer.from(s)) },
);
const headerLine = fc.oneof(
  { weight: 5, arbitrary: fc.constant(serializeHeader(header)) },
  { weight: 1, arbitrary: fc.constantFrom('', 'garbage', '{}', '{"format":"mcp-parallax-capture","version":99}', '{"format":"mcp-parallax-capture","version":"1"}', `{"format":"${CAPTURE_FORMAT}","version":1}`) },
);
const captureFile = fc.record({
  head: headerLine,
  lines: fc.array(line, { maxLength: 25 }),
  gzip: fc.boolean(),
  // A cut-off file, as a crash or a partial download leaves it.
  keep: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
}).map(({ head, lines, gzip, keep }) => {
  const text = Buffer.concat([Buffer.from(`${head}\n`), ...lines.flatMap((l) => [l, Buffer.from('\n')])]);
  const bytes = gzip ? gzipSync(text) : text;
  return keep === undefined ? bytes : bytes.subarray(0, Math.max(1, Math.floor(bytes.length * keep)));
});

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-loader-fuzz-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('capture loader under fuzzing', () => {
  it('opens any damaged file or refuses it with a CaptureFormatError that says why; every skipped piece has a reason', async () => {
    let file = 0;
    await fc.assert(fc.asyncProperty(captureFile, async (bytes) => {
      const path = join(dir, `fuzz-${++file}.parallax`);
      await writeFile(path, bytes);
      let capture;
      try {
        capture = await openCapture(path, { tempDir: dir, maxLineBytes: 4096 });
      } catch (error) {
        expect(error).toBeInstanceOf(CaptureFormatError);
        expect((error as Error).message).toMatch(/capture|header|file/i);
        return;
      }
      try {
        for (const skipped of capture.skipped) {
          expect(skipped.reason.length).toBeGreaterThan(10);
          expect(skipped.line).toBeGreaterThan(1);
        }
        // Whatever was kept can be read back whole.
        const all = await capture.readSeqRange(1, Number.MAX_SAFE_INTEGER);
        expect(all.length).toBe(capture.count);
        expect(new Set(all.map((e) => e.seq)).size).toBe(all.length);
      } finally {
        await capture.close();
      }
    }), { seed: SEED, numRuns: 150 });
  });
});
