import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeEnvelope } from '../../shared/capture/capture-lines';
import type { Envelope } from '../../shared/capture/envelope';
import { envelopeFields } from '../../shared/capture/test-envelope-arbitrary';
import { openCapture } from './capture-loader';
import { CaptureJournal } from './journal';

const SEED = 9001;
const header = { app: { name: 'fuzz', version: '0' }, createdAt: '2026-11-25T12:00:00.000Z', lanes: [] };
type RecordInput = Parameters<CaptureJournal['record']>[0];

const inputs = fc.array(
  fc.tuple(envelopeFields, fc.option(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }), { nil: undefined }))
    .map(([fields, t]): RecordInput => (t === undefined ? fields : { ...fields, t })),
  { maxLength: 40 },
);
/** Small buffers and thresholds, so batches, chunk changes and large payloads all happen within a few envelopes. */
const options = fc.record({ maxBufferedBytes: fc.integer({ min: 1, max: 3000 }), largePayloadBytes: fc.integer({ min: 0, max: 400 }) });

/** What record() returns, by the rules the journal had when it built envelopes by spread. */
function expected(input: RecordInput, seq: number, t: number, largePayloadBytes: number): Envelope {
  const size = input.size ?? Buffer.byteLength(input.raw, input.encoding === 'base64' ? 'base64' : 'utf8');
  const set = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as RecordInput;
  return { ...set, seq, t: input.t ?? t, ...(size > largePayloadBytes ? { large: true, size } : {}) };
}

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-journal-fuzz-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('capture journal under fuzzing', () => {
  it('writes exactly the shared writer\'s lines, and reading back or loading gives the envelopes record() returned', async () => {
    let file = 0;
    await fc.assert(fc.asyncProperty(inputs, options, fc.nat(), async (batch, opts, splitAt) => {
      const path = join(dir, `fuzz-${++file}.parallax`);
      const journal = await CaptureJournal.create(path, header, opts);
      const split = batch.length ? splitAt % (batch.length + 1) : 0;
      const recorded: Envelope[] = [];
      try {
        // Read back part-way, so offsets are checked while later lines still go into the same buffers.
        for (const input of batch.slice(0, split)) recorded.push(journal.record(input));
        expect(await journal.readBack(recorded.map((e) => e.seq))).toEqual(recorded);
        for (const input of batch.slice(split)) recorded.push(journal.record(input));
        expect(await journal.readBack(recorded.map((e) => e.seq))).toEqual(recorded);
      } finally {
        await journal.close();
      }

      recorded.forEach((envelope, i) => expect(envelope).toStrictEqual(expected(batch[i] as RecordInput, i + 1, envelope.t, opts.largePayloadBytes)));
      const text = await readFile(path, 'utf8');
      expect(text.split('\n').slice(1)).toEqual([...recorded.map(serializeEnvelope), '']);
      expect(journal.bytesWritten).toBe(Buffer.byteLength(text));

      const capture = await openCapture(path);
      try {
        expect(capture.skipped).toEqual([]);
        expect(capture.count).toBe(recorded.length);
        expect(await capture.readSeqRange(1, recorded.length)).toEqual(recorded);
      } finally {
        await capture.close();
      }
    }), { seed: SEED, numRuns: 60 });
  });
});
