import type { CaptureSink } from '../../../shared/capture/envelope';
import { WireRecorder } from '../../lanes/inspector/wire-recorder';
import { RecordingRealtimeSocket } from '../../lanes/realtime/recording-socket';
import { API_KEY } from './recorded-runs';

interface Event {
  type: string;
  [key: string]: unknown;
}

/**
 * "The user's own Realtime client" as Parallax sees it through the tap: a real WebSocket to the
 * emulator that sends what a test scripts and records every frame under lane `client`. Waiting
 * has no timer of its own; the test timeout bounds it.
 */
export class ScriptedRealtimeClient {
  private readonly events: Event[] = [];
  private readonly waiters: { test: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];

  private constructor(private readonly socket: RecordingRealtimeSocket) {
    socket.listen((text) => {
      const event = JSON.parse(text) as Event;
      this.events.push(event);
      for (const waiter of [...this.waiters]) {
        if (!waiter.test(event)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }, () => undefined);
  }

  static async open(url: string, sink: CaptureSink, options: { beta?: boolean; conn?: string } = {}): Promise<ScriptedRealtimeClient> {
    const recorder = new WireRecorder(sink, options.conn ?? 'client', 'client');
    const opened = await RecordingRealtimeSocket.open({ url, apiKey: API_KEY, beta: options.beta ?? false, handshakeTimeoutMs: 10_000 }, recorder);
    if (!opened.ok) throw new Error(`the emulator refused the client: ${opened.message}`);
    return new ScriptedRealtimeClient(opened.socket);
  }

  send(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(event));
  }

  /** Sends text exactly as given (a session.update pasted as posted). */
  sendText(text: string): void {
    this.socket.send(text);
  }

  /** The first event (already received or still to come) of this type that matches. */
  waitFor(type: string, match: (e: Event) => boolean = () => true): Promise<Event> {
    const test = (e: Event) => e.type === type && match(e);
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  close(): Promise<void> {
    return this.socket.close();
  }
}
