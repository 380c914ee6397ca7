import WebSocket from 'ws';

/**
 * A plain Realtime client as users write them with `ws`: it knows nothing of Parallax. The
 * sample clients in the tap tests script their (mistaken) behaviour on top of it.
 */
export class SampleRealtimeClient {
  readonly events: Record<string, unknown>[] = [];
  /** Every text message exactly as it arrived. */
  readonly raw: string[] = [];
  private readonly waiters: { type: string; resolve: (event: Record<string, unknown>) => void }[] = [];
  readonly closed: Promise<void>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.raw.push(String(data));
      const event = JSON.parse(String(data)) as Record<string, unknown>;
      this.events.push(event);
      for (const waiter of this.waiters.filter((w) => w.type === event.type)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(url: string, headers: Record<string, string>): Promise<SampleRealtimeClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new SampleRealtimeClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** The next event of this type (or one already received and not yet awaited). */
  next(type: string): Promise<Record<string, unknown>> {
    const seen = this.events.find((e) => e.type === type);
    if (seen) {
      this.events.splice(this.events.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => this.waiters.push({ type, resolve }));
  }

  send(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(event));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'done');
    await this.closed;
  }
}
