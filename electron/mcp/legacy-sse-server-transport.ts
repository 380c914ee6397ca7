import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJSONRPCMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/server';

export interface LegacySseFraming {
  /** The `endpoint` event's data: where the client POSTs, session included. */
  endpoint(sessionId: string): string;
  /** Line end of the event frames: `\n` (SDK servers) or `\r\n` (sse-starlette, under FastMCP). */
  eol: '\n' | '\r\n';
  /** Raw frames to write before a message (the hostile fixture's garbage); none by default. */
  framesBefore?: (message: JSONRPCMessage) => Buffer[];
}

/**
 * The 2024-11-05 HTTP+SSE server transport: a GET opens the event stream, whose first event names
 * the POST endpoint; each POST is answered `202 Accepted` and its reply comes down the stream.
 * SDK 2.x ships no server side for it (it is deprecated), so Parallax owns the bytes, which also
 * lets each user choose the framing of the server it stands in for.
 */
export class LegacySseServerTransport implements Transport {
  readonly sessionId = randomBytes(16).toString('hex');
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private closed = false;

  constructor(private readonly res: ServerResponse, private readonly framing: LegacySseFraming) {
    res.on('close', () => this.finish());
  }

  async start(): Promise<void> {
    const { eol } = this.framing;
    this.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    this.res.write(`event: endpoint${eol}data: ${this.framing.endpoint(this.sessionId)}${eol}${eol}`);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('SSE stream closed');
    const { eol } = this.framing;
    for (const frame of this.framing.framesBefore?.(message) ?? []) {
      this.res.write(Buffer.concat([Buffer.from(`event: message${eol}data: `), frame, Buffer.from(eol + eol)]));
    }
    this.res.write(`event: message${eol}data: ${JSON.stringify(message)}${eol}${eol}`);
  }

  /** Handles one POST to the messages endpoint. */
  async handlePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Could not parse message');
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    res.writeHead(202, { 'content-type': 'text/plain; charset=utf-8' }).end('Accepted');
    this.onmessage?.(message);
  }

  async close(): Promise<void> {
    this.res.end();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}
