import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureJournal } from '../capture/journal';
import { createEngine, type Engine } from './engine';

let dir: string;
let engine: Engine;
let sessionId: string;

async function request(name: Parameters<Engine['dispatch']>[0], payload: unknown = {}) {
  const result = await engine.dispatch(name, payload);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-replay-requests-'));
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir });
  const file = join(dir, 'paced.parallax');
  const journal = await CaptureJournal.create(file, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date(0).toISOString(), lanes: [{ lane: 'inspector' }, { lane: 'realtime' }], emulated: true });
  // Row i at t = 5000 + 250 i; every third row (i % 3 === 0) on the realtime lane.
  for (let i = 0; i < 3000; i++) journal.record({ t: 5000 + 250 * i, lane: i % 3 === 0 ? 'realtime' : 'inspector', conn: 'c', layer: 'meta', dir: 'in', raw: `{"n":${i}}` });
  await journal.close();
  sessionId = (await request('openCapture', { path: file }) as { id: string }).id;
});
afterAll(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('replay requests over a loaded capture', () => {
  it('getFrames shows only the rows played so far, filtered or not', async () => {
    const all = await request('getFrames', { sessionId, start: 0, count: 5000 }) as { matched: number; total: number; rows: unknown[] };
    expect([all.matched, all.total, all.rows.length]).toEqual([3000, 3000, 3000]);
    const played = await request('getFrames', { sessionId, start: 0, count: 5000, limit: 1234 }) as { matched: number; total: number; rows: { seq: number }[] };
    expect([played.matched, played.total, played.rows.length, played.rows.at(-1)?.seq]).toEqual([1234, 3000, 1234, 1234]);
    const filtered = await request('getFrames', { sessionId, start: 0, count: 5000, filter: 'lane:realtime', limit: 1234 }) as { matched: number; rows: { seq: number }[] };
    // Rows 0, 3, ..., 1233 of the first 1234.
    expect([filtered.matched, filtered.rows.at(-1)?.seq]).toEqual([412, 1234]);
  });

  it('indexOfSeq is -1 for a frame not played yet', async () => {
    expect(await request('indexOfSeq', { sessionId, seq: 1234, filter: 'lane:realtime', limit: 1234 })).toEqual({ index: 411 });
    expect(await request('indexOfSeq', { sessionId, seq: 1237, filter: 'lane:realtime', limit: 1234 })).toEqual({ index: -1 });
    expect(await request('indexOfSeq', { sessionId, seq: 1237, filter: 'lane:realtime' })).toEqual({ index: 412 });
  });

  it('getFrameTimes answers row times in capture order, short at the end', async () => {
    expect(await request('getFrameTimes', { sessionId, start: 0, count: 3 })).toEqual({ start: 0, t: [5000, 5250, 5500], total: 3000 });
    const tail = await request('getFrameTimes', { sessionId, start: 2998, count: 100 }) as { t: number[] };
    expect(tail.t).toEqual([5000 + 250 * 2998, 5000 + 250 * 2999]);
  });

  it('refuses a negative or fractional limit', async () => {
    await expect(request('getFrames', { sessionId, start: 0, count: 10, limit: -1 })).rejects.toThrow(/invalid_request/);
    await expect(request('indexOfSeq', { sessionId, seq: 1, limit: 1.5 })).rejects.toThrow(/invalid_request/);
    await expect(request('getFrameTimes', { sessionId, start: 0, count: 5001 })).rejects.toThrow(/invalid_request/);
  });
});
