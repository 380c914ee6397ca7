import WebSocket from 'ws';

export interface ServerEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

/**
 * A plain `ws` Realtime client for tests: records every server event in order and lets a test
 * wait for the next event of a type. Waiting has no timer of its own (the test timeout bounds it).
 */
export class RealtimeTestClient {
  readonly events: ServerEvent[] = [];
  private readonly waiters: { match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }[] = [];
  private cursor = 0;
  /** Resolves when the socket closes, with the close frame's code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
    ws.on('message', (data) => {
      const event = JSON.parse(data.toString()) as ServerEvent;
      this.events.push(event);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(event)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
  }

  static async open(url: string, options: WebSocket.ClientOptions & { protocols?: string[] } = { headers: { authorization: 'Bearer test-key' } }): Promise<RealtimeTestClient> {
    const ws = new WebSocket(url, options.protocols ?? [], options);
    const client = new RealtimeTestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  /** The next event (after the previously awaited one) matching `type` and `match`. */
  next(type: string, match: (e: ServerEvent) => boolean = () => true): Promise<ServerEvent> {
    const test = (e: ServerEvent) => e.type === type && match(e);
    const index = this.events.findIndex((e, i) => i >= this.cursor && test(e));
    if (index >= 0) {
      this.cursor = index + 1;
      return Promise.resolve(this.events[index] as ServerEvent);
    }
    return new Promise((resolve) => {
      this.waiters.push({
        match: test,
        resolve: (e) => {
          this.cursor = this.events.indexOf(e) + 1;
          resolve(e);
        },
      });
    });
  }

  /** Event types received so far, in order. */
  types(): string[] {
    return this.events.map((e) => e.type);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** Opens a connection and resolves with the HTTP status of a refused upgrade. */
export function refusedUpgradeStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => {
      ws.close();
      reject(new Error('upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers });
        ws.terminate();
      });
    });
    ws.once('error', () => undefined);
  });
}
