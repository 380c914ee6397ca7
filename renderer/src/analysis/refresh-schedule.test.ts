import { describe, expect, it } from 'vitest';
import { RefreshSchedule } from './refresh-schedule';

/**
 * Plays changes at the given times against a schedule the way the hook uses it, with every ask
 * answered `runMs` later; returns the times of the asks.
 */
function asks(changes: number[], runMs: number, schedule = new RefreshSchedule(600)): number[] {
  const out: number[] = [];
  const events = changes.map((t) => ({ t, kind: 'change' as const }));
  let timer: number | null = null;
  let answerAt: number | null = null;
  const next = () => Math.min(events[0]?.t ?? Infinity, timer ?? Infinity, answerAt ?? Infinity);
  while (next() !== Infinity) {
    const now = next();
    if (timer === now) {
      timer = null;
      out.push(now);
      schedule.asked();
      answerAt = now + runMs;
    } else if (answerAt === now) {
      answerAt = null;
      if (schedule.answered(runMs)) timer = now + (schedule.changed(now) ?? 0);
    } else {
      events.shift();
      const wait = schedule.changed(now);
      if (wait !== null) timer = now + wait;
    }
  }
  return out;
}

const stream = (ms: number) => Array.from({ length: ms / 50 }, (_, i) => i * 50);

describe('RefreshSchedule', () => {
  it('waits the gap after a single change, as after a burst that stops', () => {
    expect(asks([1000], 10)).toEqual([1600]);
    expect(asks([1000, 1100, 1200], 10)).toEqual([1600]);
  });

  it('keeps asking while changes never pause', () => {
    // The last ask comes after the stream ends: frames arrived after the one before it.
    expect(asks(stream(3000), 10)).toEqual([600, 1210, 1850, 2460, 3100]);
  });

  it('asks one at a time, and leaves twice a run\'s time between runs', () => {
    const times = asks(stream(20_000), 3000);
    expect(times[0]).toBe(600);
    // Each ask waits for the answer (3 s) and then twice the run (6 s).
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([9000, 9000, 9000]);
  });

  it('asks once more after the answer when something changed during the run', () => {
    // Answered at 1100, then the gap: twice the 500 ms run, at least 600 ms.
    expect(asks([0, 700, 900], 500)).toEqual([600, 2100]);
  });
});
