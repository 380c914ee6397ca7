import type { Root } from '@modelcontextprotocol/client';
import type { LaneRequest, RequestOutcome } from '../../../shared/lanes/inspector-result';
import type { NormalizedTool } from '../../../shared/tools/validate-tool';

/** A request the user sent on the open connection, waiting for the lane to send it and answer. */
interface Pending {
  request: LaneRequest;
  resolve: (outcome: RequestOutcome) => void;
  reject: (error: Error) => void;
}

/** What the lane takes next: a request to send and where its outcome goes, or null once the user disconnects. */
export interface NextRequest {
  request: LaneRequest;
  settle(outcome: RequestOutcome): void;
}

/** What changing the roots did: whether the server was told (and the frames that show it), and why not. */
export interface RootsUpdate {
  notified: boolean;
  why: string;
  evidence?: number[];
}

/**
 * A connection the user keeps open, as the MCP Inspector does: after connecting and listing, the
 * lane stays connected and sends whatever the user asks for (a completion as they type, a ping,
 * a log level, a subscription), one request at a time, into the same session and capture, so the
 * server's notifications between requests are recorded too. The engine holds the user's side
 * (`send`, `close`); the lane holds the other (`next`, `ready`).
 */
export class OpenConnection {
  private readonly queue: Pending[] = [];
  private waiting: ((next: NextRequest | null) => void) | undefined;
  private ended: Error | undefined;
  private closing = false;
  private markReady: () => void = () => undefined;
  /** Settles when the lane is connected and waits for requests; rejects when it ended before that. */
  readonly ready: Promise<void>;
  private failReady: (error: Error) => void = () => undefined;
  /** The tools the lane listed on connecting: a call on the connection is checked against them. */
  tools: NormalizedTool[] = [];
  /** The revision the lane negotiated, once open: the app offers only what that revision has. */
  revision: string | undefined;
  private changeRoots: ((roots: Root[]) => Promise<RootsUpdate>) | undefined;

  constructor(private readonly maxQueued = 32) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.failReady = reject;
    });
    // Nobody may be listening for `ready` (a connection closed at once); its rejection is not a crash.
    this.ready.catch(() => undefined);
  }

  /** Why the lane ended the connection, once it has. */
  get endReason(): Error | undefined {
    return this.ended;
  }

  get isOpen(): boolean {
    return this.ended === undefined && !this.closing;
  }

  /** Sends one request on the open connection; settles with the server's answer (or error) as recorded. */
  send(request: LaneRequest): Promise<RequestOutcome> {
    if (!this.isOpen) return Promise.reject(this.ended ?? new Error('The connection is closing; open it again to send more.'));
    if (this.queue.length >= this.maxQueued) return Promise.reject(new Error(`${this.maxQueued} requests already wait on this connection; wait for their answers.`));
    return new Promise<RequestOutcome>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.handOver();
    });
  }

  /** The user disconnects: requests already queued are still sent, then the lane shuts down. */
  close(): void {
    this.closing = true;
    this.handOver();
  }

  /**
   * The lane is done with the connection (it failed, was stopped, or shut down): whatever still
   * waits is refused with why, and `ready` rejects if the lane never got that far.
   */
  end(reason: Error): void {
    if (this.ended) return;
    this.ended = reason;
    this.failReady(reason);
    for (const pending of this.queue.splice(0)) pending.reject(reason);
    this.waiting?.(null);
    this.waiting = undefined;
  }

  /** Lane side: connected and listed; requests may flow, and the roots may change. */
  opened(tools: NormalizedTool[], { revision, changeRoots }: { revision?: string; changeRoots?: (roots: Root[]) => Promise<RootsUpdate> } = {}): void {
    this.tools = tools;
    this.revision = revision;
    this.changeRoots = changeRoots;
    this.markReady();
  }

  /** The user's new roots: roots/list answers them from now on, and the server is told where the revision allows. */
  setRoots(roots: Root[]): Promise<RootsUpdate> {
    if (!this.isOpen || !this.changeRoots) return Promise.reject(this.ended ?? new Error('The connection is not open; connect first.'));
    return this.changeRoots(roots);
  }

  /** Lane side: the next request, waiting for the user; null when the user closed the connection. */
  next(): Promise<NextRequest | null> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.handOver();
    });
  }

  private handOver(): void {
    const take = this.waiting;
    if (!take) return;
    const pending = this.queue.shift();
    if (pending) {
      this.waiting = undefined;
      take({ request: pending.request, settle: pending.resolve });
    } else if (this.closing || this.ended) {
      this.waiting = undefined;
      take(null);
    }
  }
}
