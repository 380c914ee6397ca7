/**
 * When to ask again for the diagnosis of a session that keeps changing. The first change after
 * an answer sets the time of the next ask, and later changes wait for it: a stream that never
 * pauses is still diagnosed every so often (waiting for a pause left a streaming session's
 * verdict stale for as long as it streamed). One ask at a time: changes during an ask are
 * remembered and wait for its answer. The gap is at least `minGapMs`, and twice the last run's
 * time, so a session whose diagnosis takes seconds leaves the engine time between runs.
 */
export class RefreshSchedule {
  private due: number | null = null;
  private inFlight = false;
  private changedMeanwhile = false;
  private lastRunMs = 0;

  constructor(private readonly minGapMs: number) {}

  /** Something changed at `now`: how long to wait before asking, or null while an ask is out. */
  changed(now: number): number | null {
    if (this.inFlight) {
      this.changedMeanwhile = true;
      return null;
    }
    this.due ??= now + Math.max(this.minGapMs, 2 * this.lastRunMs);
    return Math.max(0, this.due - now);
  }

  asked(): void {
    this.inFlight = true;
    this.due = null;
    this.changedMeanwhile = false;
  }

  /** The ask was answered after `runMs`; true when something changed meanwhile, so `changed` should be called again. */
  answered(runMs: number): boolean {
    this.inFlight = false;
    this.lastRunMs = runMs;
    const again = this.changedMeanwhile;
    this.changedMeanwhile = false;
    return again;
  }
}
