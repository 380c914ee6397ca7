import { parseRealtimeFrame, type RealtimeServerEventLike } from '../../../shared/openai/realtime-events';

export type NextEvent =
  | { kind: 'event'; event: RealtimeServerEventLike; seq: number }
  | { kind: 'timeout' }
  | { kind: 'closed'; code: number; reason: string; limit?: string }
  | { kind: 'aborted' };

/**
 * The server's events in arrival order, for a lane that reads them one at a time with a
 * deadline. Frames that are not events (not JSON, no `type`) are reported to `onInvalid` and
 * skipped; they are already in the capture.
 */
export class ServerEventQueue {
  private readonly buffer: { event: RealtimeServerEventLike; seq: number }[] = [];
  private closed: { code: number; reason: string; limit?: string } | null = null;
  private wake: (() => void) | null = null;
  private aborted = false;

  constructor(private readonly onInvalid: (seq: number, text: string) => void, signal?: AbortSignal) {
    signal?.addEventListener('abort', () => {
      this.aborted = true;
      this.wake?.();
    }, { once: true });
    if (signal?.aborted) this.aborted = true;
  }

  push(text: string, seq: number): void {
    const event = parseRealtimeFrame(text);
    if (!event) {
      this.onInvalid(seq, text);
      return;
    }
    this.buffer.push({ event, seq });
    this.wake?.();
  }

  /** The socket closed; `cut` when it was a limit that closed it, so the waiting step can name the limit. */
  close(code: number, reason: string, cut?: Error): void {
    this.closed = { code, reason, ...(cut ? { limit: cut.message } : {}) };
    this.wake?.();
  }

  /** The next event, or why there is none before `deadline` (ms since the epoch). */
  async next(deadline: number): Promise<NextEvent> {
    for (;;) {
      if (this.aborted) return { kind: 'aborted' };
      const first = this.buffer.shift();
      if (first) return { kind: 'event', ...first };
      if (this.closed) return { kind: 'closed', ...this.closed };
      const wait = deadline - Date.now();
      if (wait <= 0) return { kind: 'timeout' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, wait);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }
}
