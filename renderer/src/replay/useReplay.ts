import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../../shared/ipc/contract';
import { useEngine } from '../app/engine-context';
import { advance, anchorIndex, clampPosition, delayUntil, originalNow, playFrom, type ClockAnchor, type ReplaySpeed } from './clock';
import { FrameTimes, TIME_PAGE } from './frame-times';

/** How long the clock waits before looking again when the next frame's time is still loading. */
const WAIT_MS = 50;

export interface Replay {
  /** Replay applies to loaded captures only. */
  enabled: boolean;
  /** Frames played: [0, position) are shown. */
  position: number;
  total: number;
  /** What the timeline shows: undefined (every frame) until the user replays. */
  limit: number | undefined;
  playing: boolean;
  speed: ReplaySpeed;
  /** Original time from the first frame to the last one played, and to the capture's last frame; null until known. */
  elapsedMs: number | null;
  durationMs: number | null;
  /** Disabled while the capture is still loading or has no frames. */
  ready: boolean;
  toggle(): void;
  step(delta: number): void;
  seek(position: number): void;
  setSpeed(speed: ReplaySpeed): void;
}

interface Run {
  from: number;
  speed: number;
}

/**
 * Replay of a loaded capture: a position (frames played so far), play/pause and a speed. A
 * capture opens with every frame shown, so nothing changes until the user replays.
 */
export function useReplay(session: SessionInfo): Replay {
  const { client } = useEngine();
  const enabled = session.source === 'capture';
  const total = session.total;
  const ready = enabled && session.loading === null && total > 0;
  const [pos, setPos] = useState<number | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [speed, setSpeedState] = useState<ReplaySpeed>(1);
  const [, setVersion] = useState(0);
  const [times] = useState(() => new FrameTimes(client, session.id, () => setVersion((v) => v + 1)));
  const position = pos === null ? total : clampPosition(pos, total);

  // The times the bar shows: the first frame, the last one played, the capture's last.
  useEffect(() => {
    if (!ready) return;
    void times.ensure(0);
    void times.ensure(anchorIndex(position));
    void times.ensure(total - 1);
  }, [ready, times, position, total]);

  // The clock: while a run is on, play every frame whose original time has passed, then sleep until the next one's.
  useEffect(() => {
    if (!run || !ready) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current = run.from;
    let anchor: ClockAnchor | undefined;
    const lookahead = (from: number) => { void times.ensure(from, Math.min(total - 1, from + TIME_PAGE)); };
    const tick = () => {
      timer = undefined;
      if (cancelled) return;
      if (!anchor) {
        const original = times.at(anchorIndex(current));
        if (original === undefined) {
          lookahead(anchorIndex(current));
          timer = setTimeout(tick, WAIT_MS);
          return;
        }
        anchor = { wall: performance.now(), original, speed: run.speed };
      }
      const now = originalNow(anchor, performance.now());
      const step = advance(current, total, now, (i) => times.at(i));
      if (step.position !== current) {
        current = step.position;
        setPos(current);
      }
      if (current >= total) {
        setRun(null);
        return;
      }
      lookahead(current);
      timer = setTimeout(tick, step.nextAt === undefined ? WAIT_MS : delayUntil(step.nextAt, now, run.speed));
    };
    timer = setTimeout(tick, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [run, ready, total, times]);

  const first = times.at(0);
  const last = position > 0 ? times.at(position - 1) : first;
  const end = total > 0 ? times.at(total - 1) : undefined;
  const elapsedMs = first !== undefined && last !== undefined ? last - first : null;
  const durationMs = first !== undefined && end !== undefined ? end - first : null;

  const seek = (to: number) => {
    if (!ready) return;
    const next = clampPosition(to, total);
    setPos(next);
    if (run) setRun({ from: next, speed: run.speed });
  };
  const step = (delta: number) => {
    if (!ready) return;
    setRun(null);
    setPos(clampPosition(position + delta, total));
  };

  return {
    enabled,
    position,
    total,
    limit: enabled && pos !== null ? position : undefined,
    playing: run !== null,
    speed,
    elapsedMs,
    durationMs,
    ready,
    toggle() {
      if (!ready) return;
      if (run) {
        setRun(null);
        return;
      }
      if (speed === 'step') {
        step(1);
        return;
      }
      const from = playFrom(position, total);
      setPos(from);
      setRun({ from, speed });
    },
    step,
    seek,
    setSpeed(next) {
      setSpeedState(next);
      if (!run) return;
      setRun(next === 'step' ? null : { from: position, speed: next });
    },
  };
}
