import type { FrameSummary } from '../../../shared/frames/summary';
import type { ParallaxClient } from '../../../shared/ipc/client';

export const PAGE_SIZE = 250;

/** One page of a view as the engine answers it. */
export interface FetchedPage<Row> {
  matched: number;
  rows: Row[];
  errors: string[];
}
/** Asks the engine for rows [start, start + count) of the view, with the replay limit when there is one. */
export type PageFetch<Row> = (start: number, count: number, limit: number | undefined) => Promise<FetchedPage<Row>>;

/**
 * Rows of one view held by the engine, fetched a page at a time as a list scrolls to them. The
 * engine holds the session; the pages only ever hold what has been on screen (at most
 * `maxPages`), so a capture of a million frames costs the renderer a few pages. The timeline's
 * rows and the Console's lines are both read this way.
 */
export class PagedView<Row> {
  private readonly pages = new Map<number, Row[]>();
  private readonly inflight = new Map<number, Promise<void>>();
  /** Pages the session has grown past: still shown (their rows are right) until the longer page arrives. */
  private readonly stale = new Set<number>();
  matched = 0;
  errors: string[] = [];
  /** Replay: only the session's first `limit` rows are played (undefined: all of them). */
  private limit: number | undefined;
  /** The session's total as last told through grew(), to cap an unfiltered view without asking. */
  private total: number | undefined;

  /** `wholeSession`: the view is every row of the session, so its count is the session's total. */
  constructor(
    private readonly fetchPage: PageFetch<Row>,
    private readonly onUpdate: () => void,
    private readonly maxPages = 80,
    private readonly wholeSession = false,
  ) {}

  row(index: number): Row | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Makes sure rows [from, to] are loaded (or loading). */
  ensure(from: number, to: number): void {
    const first = Math.floor(Math.max(0, from) / PAGE_SIZE);
    const last = Math.floor(Math.max(0, to) / PAGE_SIZE);
    for (let page = first; page <= last; page++) {
      const rows = this.pages.get(page);
      // A short page is complete when it reaches the end of the view; otherwise the view grew past it.
      const complete = rows !== undefined && !this.stale.has(page) && (rows.length === PAGE_SIZE || page * PAGE_SIZE + rows.length >= this.matched);
      if (!complete && !this.inflight.has(page)) void this.load(page);
    }
  }

  /**
   * Replay moved: the view is now what the first `limit` rows give. A shorter view of the same
   * filter is a prefix of a longer one, so loaded rows stay right; only the count changes.
   */
  setLimit(limit: number | undefined): void {
    if (limit === this.limit) return;
    this.limit = limit;
    if (this.wholeSession && this.total !== undefined) {
      this.matched = limit === undefined ? this.total : Math.min(this.total, limit);
      this.onUpdate();
    } else {
      void this.refreshCount();
    }
  }

  /**
   * The session grew: the last partial page is stale, everything before it is still right. The
   * stale page stays on screen until its longer answer replaces it, so a growing list never blinks empty.
   */
  grew(matchedHint?: number): void {
    const lastPage = Math.floor(Math.max(0, this.matched - 1) / PAGE_SIZE);
    if (this.pages.has(lastPage)) this.stale.add(lastPage);
    if (matchedHint !== undefined) this.total = matchedHint;
    if (matchedHint !== undefined && this.wholeSession) this.matched = this.limit === undefined ? matchedHint : Math.min(matchedHint, this.limit);
  }

  async refreshCount(): Promise<void> {
    const limit = this.limit;
    try {
      const answer = await this.fetchPage(0, 1, limit);
      // A count for a replay position the user has already left would undo the newer one.
      if (limit !== this.limit) return;
      this.matched = answer.matched;
      this.errors = answer.errors;
      this.onUpdate();
    } catch {
      // The session was replaced while asking; the view for the new one asks for itself.
    }
  }

  private async load(page: number): Promise<void> {
    const task = (async () => {
      try {
        const limit = this.limit;
        const answer = await this.fetchPage(page * PAGE_SIZE, PAGE_SIZE, limit);
        // An answer under an older, lower limit is a prefix of the page: keep the longer rows already here.
        const known = this.pages.get(page);
        if (!known || answer.rows.length >= known.length) this.pages.set(page, answer.rows);
        this.stale.delete(page);
        if (limit === this.limit) {
          this.matched = answer.matched;
          this.errors = answer.errors;
        }
        this.evict(page);
        this.onUpdate();
      } catch {
        // A replaced session or a dropped connection: the page stays unloaded and is asked for again when shown.
      } finally {
        this.inflight.delete(page);
      }
    })();
    this.inflight.set(page, task);
    return task;
  }

  private evict(keep: number): void {
    if (this.pages.size <= this.maxPages) return;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - keep) - Math.abs(a - keep));
    for (const page of far.slice(0, this.pages.size - this.maxPages)) {
      this.pages.delete(page);
      this.stale.delete(page);
    }
  }
}

/** The timeline's rows: one filtered view of the session's frames (getFrames). */
export class FramePages extends PagedView<FrameSummary> {
  constructor(client: ParallaxClient, readonly sessionId: string, readonly filter: string, onUpdate: () => void, maxPages = 80) {
    super(async (start, count, limit) => {
      const answer = await client.request('getFrames', { sessionId, start, count, filter, ...(limit === undefined ? {} : { limit }) });
      return { matched: answer.matched, rows: answer.rows, errors: answer.filterErrors };
    }, onUpdate, maxPages, filter === '');
  }
}
