import { describe, expect, it } from 'vitest';
import { advance, anchorIndex, clampPosition, delayUntil, formatClock, originalNow, playFrom } from './clock';

// Frames at original times 1000, 1000, 1500, 4000, 4010 (ms).
const T = [1000, 1000, 1500, 4000, 4010];
const timeAt = (i: number) => T[i];

describe('replay clock', () => {
  it('runs original time at the chosen speed from its anchor', () => {
    const anchor = { wall: 50, original: 1000, speed: 10 };
    expect(originalNow(anchor, 50)).toBe(1000);
    expect(originalNow(anchor, 100)).toBe(1500);
    expect(originalNow({ ...anchor, speed: 1 }, 100)).toBe(1050);
    // A wall clock that reads earlier than the anchor never runs time backwards.
    expect(originalNow(anchor, 10)).toBe(1000);
  });

  it('plays every frame whose time has passed, then names the next', () => {
    expect(advance(0, T.length, 999, timeAt)).toEqual({ position: 0, nextAt: 1000, waiting: false });
    // Frames at the same moment play together.
    expect(advance(0, T.length, 1000, timeAt)).toEqual({ position: 2, nextAt: 1500, waiting: false });
    expect(advance(2, T.length, 3999, timeAt)).toEqual({ position: 3, nextAt: 4000, waiting: false });
    expect(advance(3, T.length, 10_000, timeAt)).toEqual({ position: 5, nextAt: undefined, waiting: false });
    expect(advance(5, T.length, 10_000, timeAt)).toEqual({ position: 5, nextAt: undefined, waiting: false });
  });

  it('waits where the next time is not loaded yet', () => {
    const partial = (i: number) => (i < 2 ? T[i] : undefined);
    expect(advance(0, T.length, 5000, partial)).toEqual({ position: 2, nextAt: undefined, waiting: true });
  });

  it('steps a whole run at 10x without timers', () => {
    // Play from the start at 10x: the anchor is the first frame; each tick asks what has passed.
    const anchor = { wall: 0, original: T[anchorIndex(0)] as number, speed: 10 };
    let position = 0;
    const seen: [number, number][] = [];
    for (let wall = 0; position < T.length; ) {
      const now = originalNow(anchor, wall);
      const step = advance(position, T.length, now, timeAt);
      position = step.position;
      seen.push([wall, position]);
      if (step.nextAt === undefined) break;
      wall += delayUntil(step.nextAt, now, anchor.speed);
    }
    // [wall ms, frames shown]: 500 ms of original time is 50 ms at 10x, 2500 ms is 250 ms, 10 ms is 1 ms.
    expect(seen).toEqual([[0, 2], [50, 3], [300, 4], [301, 5]]);
  });

  it('anchors a run at the last frame played, so the next frame keeps its original gap', () => {
    expect(anchorIndex(0)).toBe(0);
    expect(anchorIndex(3)).toBe(2);
    const anchor = { wall: 0, original: T[anchorIndex(3)] as number, speed: 2 };
    const step = advance(3, T.length, originalNow(anchor, 0), timeAt);
    expect(step).toEqual({ position: 3, nextAt: 4000, waiting: false });
    expect(delayUntil(4000, originalNow(anchor, 0), 2, 10_000)).toBe(1250);
  });

  it('caps and floors the delay', () => {
    expect(delayUntil(10_000, 0, 1)).toBe(1000);
    expect(delayUntil(10_000, 0, 1, 20_000)).toBe(10_000);
    expect(delayUntil(0, 50, 1)).toBe(0);
  });

  it('starts over from the end and keeps positions in range', () => {
    expect(playFrom(5, 5)).toBe(0);
    expect(playFrom(2, 5)).toBe(2);
    expect(clampPosition(-3, 5)).toBe(0);
    expect(clampPosition(9, 5)).toBe(5);
    expect(clampPosition(2.6, 5)).toBe(3);
  });

  it('formats original elapsed time', () => {
    expect(formatClock(0)).toBe('0:00.000');
    expect(formatClock(61_234)).toBe('1:01.234');
    expect(formatClock(3_723_004)).toBe('1:02:03.004');
  });
});
