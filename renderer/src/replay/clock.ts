/**
 * Replay's virtual clock, as pure functions so it can be tested without timers. A run starts at
 * a frame position with an anchor: the original time that position stands for, at a wall-clock
 * moment. Original time then runs at `speed` times wall time, and every frame whose original
 * time has passed is played.
 */

export type ReplaySpeed = 1 | 2 | 10 | 'step';
export const SPEEDS: readonly ReplaySpeed[] = [1, 2, 10, 'step'];

export interface ClockAnchor {
  /** Wall-clock ms (performance.now()) when the run started. */
  wall: number;
  /** The original time (a frame's `t`) the run started from. */
  original: number;
  speed: number;
}

/** The original time a run starting at `position` stands for: the last frame already played, or the first frame. */
export function anchorIndex(position: number): number {
  return Math.max(0, position - 1);
}

/** The original time a run has reached at wall-clock `wall`. */
export function originalNow(anchor: ClockAnchor, wall: number): number {
  return anchor.original + Math.max(0, wall - anchor.wall) * anchor.speed;
}

export interface ClockStep {
  /** Frames played after this step: frames [0, position) are shown. */
  position: number;
  /** Original time of the next frame to play; undefined at the end, or while its time is not loaded. */
  nextAt: number | undefined;
  /** The next frame's time is not loaded yet: ask for it and look again shortly. */
  waiting: boolean;
}

/** Plays every frame from `position` on whose original time is at or before `now`. */
export function advance(position: number, total: number, now: number, timeAt: (index: number) => number | undefined): ClockStep {
  let p = Math.max(0, position);
  while (p < total) {
    const t = timeAt(p);
    if (t === undefined) return { position: p, nextAt: undefined, waiting: true };
    if (t > now) return { position: p, nextAt: t, waiting: false };
    p += 1;
  }
  return { position: Math.min(p, Math.max(0, total)), nextAt: undefined, waiting: false };
}

/** Wall-clock ms until original time `nextAt`, at most `maxMs` (so a long gap still re-checks now and then). */
export function delayUntil(nextAt: number, now: number, speed: number, maxMs = 1000): number {
  return Math.min(maxMs, Math.max(0, (nextAt - now) / speed));
}

/** Where play starts: from the end it starts over at the first frame. */
export function playFrom(position: number, total: number): number {
  return position >= total ? 0 : Math.max(0, position);
}

export function clampPosition(position: number, total: number): number {
  return Math.min(Math.max(0, total), Math.max(0, Math.round(position)));
}

/** Elapsed original time as m:ss.mmm (h:mm:ss.mmm past an hour). */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const millis = total % 1000;
  const seconds = Math.floor(total / 1000) % 60;
  const minutes = Math.floor(total / 60_000) % 60;
  const hours = Math.floor(total / 3_600_000);
  const frac = `${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${frac}` : `${minutes}:${frac}`;
}

export function speedLabel(speed: ReplaySpeed): string {
  return speed === 'step' ? 'Frame by frame' : `${speed}×`;
}
