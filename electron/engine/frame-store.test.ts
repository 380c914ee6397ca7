import { describe, expect, it } from 'vitest';
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
});
