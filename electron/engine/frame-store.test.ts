import { describe, expect, it } from 'vitest';
import { BodySearch } from './body-search';
import { FrameStore } from './frame-store';
import { Session } from './session';

describe('FrameStore through a live session', () => {
  const rpc = (session: Session, dir: 'out' | 'in', raw: string, t: number) =>
    session.sink().record({ t, lane: 'inspector', conn: 'c1', layer: 'jsonrpc', dir, raw });

  it('joins a response to its request both ways, with the duration', () => {
    const session = new Session({ source: 'live', title: 't' });
    const req = rpc(session, 'out', '{"jsonrpc":"2.0","id":7,"method":"tools/list"}', 100);
    rpc(session, 'in', '{"jsonrpc":"2.0","method":"notifications/message"}', 110);
    const res = rpc(session, 'in', '{"jsonrpc":"2.0","id":7,"result":{"tools":[]}}', 142);
    expect(session.store.row(req.seq)).toMatchObject({ pairSeq: res.seq, durationMs: 42 });
    expect(session.store.row(res.seq)).toMatchObject({ pairSeq: req.seq, durationMs: 42, label: 'tools/list → result' });
  });

  it('keeps filtered views current as frames arrive and finds a seq inside one', async () => {
    const session = new Session({ source: 'live', title: 't' });
    const sink = session.sink();
    for (let i = 0; i < 50; i++) sink.record({ t: i, lane: i % 2 ? 'realtime' : 'inspector', conn: 'c', layer: 'meta', dir: 'in', raw: `{"kind":"step","n":${i}}` });
    expect((await session.store.page('lane:realtime', 0, 100)).matched).toBe(25);
    const later = sink.record({ t: 99, lane: 'realtime', conn: 'c', layer: 'meta', dir: 'in', raw: '{"kind":"late"}' });
    const page = await session.store.page('lane:realtime', 20, 10);
    expect(page.matched).toBe(26);
    expect(page.rows.at(-1)?.seq).toBe(later.seq);
    expect(await session.store.indexOf('lane:realtime', later.seq)).toBe(25);
    expect(await session.store.indexOf('lane:inspector', later.seq)).toBe(-1);
    expect(await session.store.indexOf('', later.seq)).toBe(50);
  });

  it('searches bodies only when the filter asks for text', async () => {
    const session = new Session({ source: 'live', title: 't' });
    rpc(session, 'in', '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"get_patient"}]}}', 1);
    expect((await session.store.page('get_patient', 0, 10)).matched).toBe(1);
    expect((await session.store.page('tool:get_patient', 0, 10)).matched).toBe(0);
  });

  describe('replay limit: only the first `limit` rows are played', () => {
    const session = new Session({ source: 'capture', title: 't' });
    const sink = session.sink();
    // Rows 0..29; every third one is on the realtime lane (rows 0, 3, 6, ... 27).
    for (let i = 0; i < 30; i++) sink.record({ t: 1000 + i * 10, lane: i % 3 === 0 ? 'realtime' : 'inspector', conn: 'c', layer: 'meta', dir: 'in', raw: `{"n":${i}}` });

    it('caps the unfiltered view at the limit', async () => {
      const page = await session.store.page('', 0, 100, 12);
      expect(page.matched).toBe(12);
      expect(page.rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect((await session.store.page('', 10, 5, 12)).rows.map((r) => r.seq)).toEqual([11, 12]);
      expect((await session.store.page('', 0, 5, 0)).matched).toBe(0);
      expect((await session.store.page('', 0, 5, 0)).rows).toEqual([]);
      expect((await session.store.page('', 0, 100, 1000)).matched).toBe(30);
      expect((await session.store.page('', 0, 100)).matched).toBe(30);
    });

    it('keeps only filter matches among the played rows', async () => {
      // Played rows 0..9: realtime rows 0, 3, 6, 9.
      const page = await session.store.page('lane:realtime', 0, 100, 10);
      expect(page.matched).toBe(4);
      expect(page.rows.map((r) => r.seq)).toEqual([1, 4, 7, 10]);
      // A limit that falls right on a match excludes it: row 9 is the 10th row.
      expect((await session.store.page('lane:realtime', 0, 100, 9)).matched).toBe(3);
      expect((await session.store.page('lane:realtime', 2, 100, 9)).rows.map((r) => r.seq)).toEqual([7]);
      expect((await session.store.page('lane:realtime', 0, 100, 0)).matched).toBe(0);
      expect((await session.store.page('lane:realtime', 0, 100, 30)).matched).toBe(10);
      expect((await session.store.page('lane:realtime', 0, 100, 1)).rows.map((r) => r.seq)).toEqual([1]);
    });

    it('finds a seq only once it is played', async () => {
      expect(await session.store.indexOf('', 10, 10)).toBe(9);
      expect(await session.store.indexOf('', 11, 10)).toBe(-1);
      expect(await session.store.indexOf('lane:realtime', 10, 10)).toBe(3);
      expect(await session.store.indexOf('lane:realtime', 10, 9)).toBe(-1);
      expect(await session.store.indexOf('lane:realtime', 28)).toBe(9);
    });

    it('answers row times in capture order', () => {
      expect(session.store.times(0, 3)).toEqual([1000, 1010, 1020]);
      expect(session.store.times(28, 10)).toEqual([1280, 1290]);
    });
  });
});

describe('FrameStore body search', () => {
  it('stops a search that backtracks, names the frame, and keeps the matches before it', async () => {
    const search = new BodySearch(500);
    try {
      const bodies = new Map<number, string>();
      const store = new FrameStore(async (seqs) => seqs.map((seq) => bodies.get(seq)), search);
      for (let seq = 1; seq <= 5; seq++) {
        const raw = seq === 5 ? `{"x":"${'a'.repeat(40)}!"}` : `{"x":"${'a'.repeat(seq)}"}`;
        bodies.set(seq, raw);
        store.append({ seq, t: seq, lane: 'inspector', conn: 'c', layer: 'meta', dir: 'in', raw });
      }
      // Harmless on the short bodies, catastrophic on the long one.
      const page = await store.page('/(a+)+b/', 0, 10);
      expect(page.errors.join(' ')).toMatch(/Searching bodies stopped in frames #1 to #5: searching 5 bodies took longer than 0.5 s/);
      // Frames already appended keep their rows; a different search still answers.
      expect((await store.page('aaa', 0, 10)).rows.map((r) => r.seq)).toEqual([3, 4, 5]);
    } finally {
      search.stop();
    }
  });
});
