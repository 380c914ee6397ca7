import type { LimitHit } from './limits';

/** What a sampler says when a second in which it skipped frames is over: the limit hit, with where and how many. */
export interface SampledSecond {
  hit: LimitHit;
  /** When the second began and when its last frame arrived (ms since the epoch). */
  from: number;
  to: number;
  skipped: number;
}

/**
 * Enforces `framesPerSecond` for one connection: in each one-second window the first
 * `perSecond` frames are recorded and the rest only counted. The count comes back as a
 * `SampledSecond` with the first frame of a later window (or at the end), for the caller to record
 * as a marker in the capture, so a flood is visible as a flood rather than as silence.
 */
export class FrameSampler {
  private windowStart = Number.NEGATIVE_INFINITY;
  private lastFrame = 0;
  private count = 0;
  private skipped = 0;

  constructor(readonly perSecond: number) {}

  /** Whether to record the frame arriving at `now`, and the report of an earlier sampled second, if one just ended. */
  admit(now: number): { record: boolean; ended?: SampledSecond } {
    const ended = now - this.windowStart >= 1000 ? this.closeWindow(now) : undefined;
    this.count++;
    this.lastFrame = now;
    const record = this.count <= this.perSecond;
    if (!record) this.skipped++;
    return ended ? { record, ended } : { record };
  }

  /** The stream ended: the report of the current second, if it skipped frames. */
  end(): SampledSecond | undefined {
    return this.closeWindow(Number.NEGATIVE_INFINITY);
  }

  private closeWindow(nextStart: number): SampledSecond | undefined {
    const report = this.skipped === 0 ? undefined : {
      hit: { limit: 'framesPerSecond' as const, value: this.perSecond, observed: this.count, action: `recorded ${this.perSecond} of ${this.count} frames in that second, skipped ${this.skipped}` },
      from: this.windowStart, to: this.lastFrame, skipped: this.skipped,
    };
    this.windowStart = nextStart;
    this.count = 0;
    this.skipped = 0;
    return report;
  }
}
