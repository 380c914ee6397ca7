import { describe, expect, it } from 'vitest';
import type { ParallaxClient } from '../../../shared/ipc/client';
import { FramePages, PAGE_SIZE } from './frame-pages';

/**
 * A client over a session of `total` rows (row i is seq i + 1, on the realtime lane when i % 3 === 0)
 * answering getFrames as the engine does, limit included; the test releases answers in any order.
 */
function heldClient(initialTotal: number) {
  let total = initialTotal;
  const session = {
    id: 's1',
    page(filter: string, start: number, count: number, limit = total) {
      const played = Array.from({ length: Math.min(total, limit) }, (_, i) => i);
      const view = filter === '' ? played : played.filter((i) => i % 3 === 0);
      const rows = view.slice(start, start + count).map((i) => ({ seq: i + 1, t: i, lane: i % 3 === 0 ? 'realtime' : 'inspector', conn: 'c', layer: 'meta', dir: 'in', label: `n ${i}`, size: 8 }));
      return { matched: view.length, rows, errors: [] };
    },
  };
  const held: { payload: { start: number; count: number; filter?: string; limit?: number }; release: () => Promise<void> }[] = [];
  const client = {
    request: (name: string, payload: { start: number; count: number; filter?: string; limit?: number }) => {
      if (name !== 'getFrames') throw new Error(`unexpected ${name}`);
      return new Promise((resolve) => {
        held.push({
          payload,
          release: async () => {
            const page = session.page(payload.filter ?? '', payload.start, payload.count, payload.limit);
            resolve({ sessionId: session.id, matched: page.matched, total, start: payload.start, rows: page.rows, filterErrors: page.errors });
            await new Promise((r) => setTimeout(r, 0));
          },
        });
      });
    },
    on: () => () => undefined,
  } as unknown as ParallaxClient;
  return { client, held, sessionId: session.id, grow: (to: number) => { total = to; } };
}

describe('FramePages under a replay limit', () => {
  it('caps the unfiltered view without asking, and reloads a page the limit had cut short', async () => {
    const { client, held, sessionId } = heldClient(600);
    const pages = new FramePages(client, sessionId, '', () => undefined);
    pages.grew(600);
    expect(pages.matched).toBe(600);
    pages.setLimit(30);
    expect(pages.matched).toBe(30);
    expect(held).toHaveLength(0);
    pages.ensure(0, 29);
    expect(held.map((h) => h.payload)).toMatchObject([{ start: 0, count: PAGE_SIZE, limit: 30 }]);
    await held.shift()?.release();
    expect(pages.row(29)?.seq).toBe(30);
    expect(pages.row(30)).toBeUndefined();
    // A page that reaches the end of the view is complete: not asked for again.
    pages.ensure(0, 29);
    expect(held).toHaveLength(0);
    pages.setLimit(40);
    expect(pages.matched).toBe(40);
    pages.ensure(0, 39);
    expect(held.map((h) => h.payload)).toMatchObject([{ start: 0, limit: 40 }]);
    await held.shift()?.release();
    expect(pages.row(39)?.seq).toBe(40);
    // Back to every frame: the whole session again.
    pages.setLimit(undefined);
    expect(pages.matched).toBe(600);
  });

  it('keeps the newest position when answers for older ones arrive late', async () => {
    const { client, held, sessionId } = heldClient(600);
    const pages = new FramePages(client, sessionId, 'lane:realtime', () => undefined);
    pages.setLimit(10);
    pages.setLimit(30);
    expect(held.map((h) => h.payload.limit)).toEqual([10, 30]);
    const [older, newer] = held.splice(0);
    await newer?.release();
    expect(pages.matched).toBe(10);
    await older?.release();
    expect(pages.matched).toBe(10);
    // Rows 0, 3, ..., 27 of the first 30; a late page under a lower limit never shortens a longer one.
    pages.ensure(0, 9);
    const [load] = held.splice(0);
    await load?.release();
    expect(pages.row(9)?.seq).toBe(28);
    pages.setLimit(3);
    const [count3] = held.splice(0);
    await count3?.release();
    expect(pages.matched).toBe(1);
    expect(pages.row(9)?.seq).toBe(28);
  });
});

describe('FramePages on a growing session', () => {
  it('keeps showing the last page while its longer answer is on the way, then shows the new rows', async () => {
    const { client, held, sessionId, grow } = heldClient(10);
    const pages = new FramePages(client, sessionId, 'lane:realtime', () => undefined);
    void pages.refreshCount();
    await held.shift()?.release();
    expect(pages.matched).toBe(4);
    pages.ensure(0, 3);
    await held.shift()?.release();
    expect(pages.row(3)?.seq).toBe(10);

    grow(20);
    pages.grew();
    void pages.refreshCount();
    // The rows already shown stay on screen: a list that blinked empty here would lose what the user reads.
    expect(pages.row(0)?.seq).toBe(1);
    expect(pages.row(3)?.seq).toBe(10);
    // The stale page is asked for again even before the new count arrives.
    pages.ensure(0, 3);
    expect(held.map((h) => h.payload.start)).toEqual([0, 0]);
    for (const h of held.splice(0)) await h.release();
    expect(pages.matched).toBe(7);
    expect(pages.row(6)?.seq).toBe(19);
    pages.ensure(0, 6);
    expect(held).toHaveLength(0);
  });
});
