import type { ParallaxClient } from '../../../shared/ipc/client';

export const TIME_PAGE = 2000;

/**
 * The original times of a session's rows (unfiltered, capture order), fetched a page at a time
 * ahead of the replay clock. A loaded capture's rows never change, so pages are kept.
 */
export class FrameTimes {
  private readonly pages = new Map<number, number[]>();
  private readonly inflight = new Map<number, Promise<void>>();

  constructor(
    private readonly client: ParallaxClient,
    readonly sessionId: string,
    private readonly onLoad: () => void,
  ) {}

  at(index: number): number | undefined {
    if (index < 0) return undefined;
    return this.pages.get(Math.floor(index / TIME_PAGE))?.[index % TIME_PAGE];
  }

  /** Makes sure the times of rows [from, to] are loaded or loading; resolves when the asked pages are in. */
  async ensure(from: number, to = from): Promise<void> {
    const first = Math.floor(Math.max(0, from) / TIME_PAGE);
    const last = Math.floor(Math.max(0, to) / TIME_PAGE);
    const waits: Promise<void>[] = [];
    for (let page = first; page <= last; page++) {
      const rows = this.pages.get(page);
      const wanted = Math.min(to, (page + 1) * TIME_PAGE - 1);
      if (rows && page * TIME_PAGE + rows.length > wanted) continue;
      waits.push(this.inflight.get(page) ?? this.load(page));
    }
    await Promise.all(waits);
  }

  private load(page: number): Promise<void> {
    const task = (async () => {
      try {
        const answer = await this.client.request('getFrameTimes', { sessionId: this.sessionId, start: page * TIME_PAGE, count: TIME_PAGE });
        if (answer.t.length === 0) return;
        this.pages.set(page, answer.t);
        this.onLoad();
      } catch {
        // The session was replaced or the connection dropped: asked again on the next tick.
      } finally {
        this.inflight.delete(page);
      }
    })();
    this.inflight.set(page, task);
    return task;
  }
}
