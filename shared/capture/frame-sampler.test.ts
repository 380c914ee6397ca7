import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameSampler } from './frame-sampler';

describe('FrameSampler', () => {
  it('records the first N frames of each second, reports the skipped ones with the next second, and at the end', () => {
    const sampler = new FrameSampler(3);
    const seen = [0, 10, 20, 30, 40, 999].map((t) => sampler.admit(t));
    expect(seen.map((s) => s.record)).toEqual([true, true, true, false, false, false]);
    const next = sampler.admit(1000);
    expect(next.record).toBe(true);
    expect(next.ended).toEqual({ hit: { limit: 'framesPerSecond', value: 3, observed: 6, action: 'recorded 3 of 6 frames in that second, skipped 3' }, from: 0, to: 999, skipped: 3 });
    for (const t of [1001, 1002, 1003]) sampler.admit(t);
    expect(sampler.end()).toMatchObject({ skipped: 1, from: 1000, to: 1003 });
    const quiet = new FrameSampler(3);
    quiet.admit(0);
    expect(quiet.end()).toBeUndefined();
  });

  it('never loses count: recorded plus reported-skipped is every frame, and no second records more than N', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 200 }), (perSecond, gaps) => {
      const sampler = new FrameSampler(perSecond);
      let now = 0;
      let recorded = 0;
      let skipped = 0;
      const perWindow = new Map<number, number>();
      let windowStart = -Infinity;
      for (const gap of gaps) {
        now += gap;
        const { record, ended } = sampler.admit(now);
        if (now - windowStart >= 1000) windowStart = now;
        if (ended) skipped += ended.skipped;
        if (record) {
          recorded++;
          perWindow.set(windowStart, (perWindow.get(windowStart) ?? 0) + 1);
        }
      }
      skipped += sampler.end()?.skipped ?? 0;
      expect(recorded + skipped).toBe(gaps.length);
      for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(perSecond);
    }));
  });
});
