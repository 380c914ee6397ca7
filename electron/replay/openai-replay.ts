import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { delayFor, type Pace } from '../../shared/replay/replay-book';
import type { RealtimeConnectionScript, ResponsesExchangeScript, TimedFrame } from '../../shared/replay/openai-script';
import { parseRecord } from '../../shared/diagnosis/json';
import { DEFAULT_LIMITS } from '../../shared/capture/limits';
import { readNodeBody } from '../net/web-bridge';

/** The OpenAI endpoints a served capture answers on, beside its MCP paths. */
export const REALTIME_PATH = '/v1/realtime';
export const RESPONSES_PATH = '/v1/responses';

/** One line per answered or unmatched event, for the terminal. */
type Log = (line: string) => void;

const wait = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** What a client sent that the capture has no recorded answer for, as the API words an error event. */
function unmatchedEvent(label: string, type: string, eventId: unknown): string {
  return JSON.stringify({
    type: 'error', event_id: `event_replay_${Date.now()}`,
    error: { type: 'invalid_request_error', code: 'parallax_unmatched', message: `${label} holds no recorded answer to a ${type} event here: the capture's client sent other events at this point`, param: null, event_id: typeof eventId === 'string' ? eventId : null },
  });
}

/**
 * Plays the recorded Realtime API back to each client that connects: the opening events, then for
 * each client event the frames that followed the next recorded event of the same type. Connections
 * take the recorded ones in order (the last repeats). Nothing a client sends can crash it.
 */
export class RealtimeReplay {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: DEFAULT_LIMITS.messageBytes });
  /** The script each upgrade in progress plays, so its answer carries that recording's headers. */
  private readonly upgrading = new WeakMap<IncomingMessage, RealtimeConnectionScript>();
  private taken = 0;
  unmatched = 0;

  constructor(private readonly scripts: readonly RealtimeConnectionScript[], private readonly label: string, private readonly pace: Pace, private readonly log: Log) {
    this.wss.on('headers', (headers, req) => {
      for (const [name, value] of this.upgrading.get(req)?.headers ?? []) if (name.toLowerCase() !== 'content-type') headers.push(`${name}: ${value}`);
    });
  }

  get size(): number {
    return this.scripts.length;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const script = this.scripts[Math.min(this.taken++, this.scripts.length - 1)];
    if (!script) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    this.upgrading.set(req, script);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.play(ws, script));
  }

  private play(ws: WebSocket, script: RealtimeConnectionScript): void {
    this.log(`realtime: replaying connection ${script.conn} (${script.steps.length} client event(s) recorded)`);
    let cursor = 0;
    // One frame at a time, in order: a later event's shorter delay must not overtake an earlier one.
    let queue = Promise.resolve();
    const sendAll = (frames: readonly TimedFrame[]) => {
      const start = Date.now();
      for (const frame of frames) {
        queue = queue.then(async () => {
          await wait(delayFor(frame.delayMs, this.pace) - (Date.now() - start));
          if (ws.readyState === ws.OPEN) ws.send(frame.raw);
        });
      }
    };
    sendAll(script.opening);
    ws.on('message', (data, isBinary) => {
      const event = isBinary ? undefined : parseRecord(data.toString('utf8'));
      const type = typeof event?.type === 'string' ? event.type : '(not a JSON event)';
      const index = script.steps.findIndex((s, i) => i >= cursor && s.clientType === type);
      if (index < 0) {
        this.unmatched++;
        this.log(`realtime unmatched: ${type}`);
        queue = queue.then(() => { if (ws.readyState === ws.OPEN) ws.send(unmatchedEvent(this.label, type, event?.event_id)); });
        return;
      }
      cursor = index + 1;
      const step = script.steps[index] as (typeof script.steps)[number];
      this.log(`realtime ${type}: ${step.replies.length} recorded frame(s) from seq ${step.seq}`);
      sendAll(step.replies);
    });
    ws.on('error', (error) => this.log(`realtime socket error: ${error.message}`));
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}

/**
 * Plays recorded Responses API answers back: each POST takes the next recorded exchange with the
 * same `stream` flag, with its status, headers and body, or its SSE events at the recorded pace.
 */
export class ResponsesReplay {
  private readonly used = new Set<number>();
  unmatched = 0;

  constructor(private readonly exchanges: readonly ResponsesExchangeScript[], private readonly label: string, private readonly pace: Pace, private readonly log: Log) {}

  get size(): number {
    return this.exchanges.length;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('Method Not Allowed');
    const body = parseRecord((await readNodeBody(req)).toString('utf8'));
    const stream = body?.stream === true;
    const next = this.exchanges.find((x) => !this.used.has(x.seq) && x.stream === stream);
    if (!next) {
      this.unmatched++;
      this.log(`responses unmatched: a POST with stream ${String(stream)}`);
      return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'invalid_request_error', code: 'parallax_unmatched', message: `${this.label} holds no further recorded POST /v1/responses with stream ${String(stream)}`, param: null } }));
    }
    this.used.add(next.seq);
    this.log(`responses: answered from seq ${next.seq} (HTTP ${next.status}${next.events ? `, ${next.events.length} events` : ''})`);
    res.writeHead(next.status, Object.fromEntries(next.headers));
    if (!next.events) return void res.end(next.body ?? '');
    const start = Date.now();
    for (const event of next.events) {
      await wait(delayFor(event.delayMs, this.pace) - (Date.now() - start));
      if (res.destroyed) return;
      res.write(event.raw);
    }
    res.end();
  }
}
