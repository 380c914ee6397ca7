import { specTypeSchemas } from '@modelcontextprotocol/client';
import type { CaptureSink, Direction, Envelope, LaneId } from '../../../shared/capture/envelope';
import type { SampledSecond } from '../../../shared/capture/frame-sampler';
import { DEFAULT_LIMITS, LimitExceededError, type LimitHit } from '../../../shared/capture/limits';
import type { SideBodies } from '../../../shared/capture/side-body';
import { ownCopy } from '../../../shared/frames/own-copy';
import { jsonNestingDepth } from '../../../shared/json/nesting-depth';
import type { InvalidFrame } from '../../../shared/lanes/inspector-result';

type EnvelopeInput = Omit<Envelope, 'seq' | 't' | 'lane' | 'conn'>;

export interface Carrier {
  /** seq of the http/sse/stdio envelope whose bytes held the message. */
  seq: number;
  exchange?: string;
}

/** A JSON-RPC message as seen on the wire, kept so the lane can point at it as evidence. */
export interface WireMessage {
  seq: number;
  dir: Direction;
  message: Record<string, unknown>;
  /** False when the SDK's JSON-RPC schema refuses it (the SDK then drops it). */
  valid: boolean;
}

const PREVIEW_CHARS = 120;

/** Why the SDK's own JSON-RPC message schema refuses `item`, or undefined when it accepts it. */
function jsonRpcIssues(item: unknown): string | undefined {
  const outcome = specTypeSchemas.JSONRPCMessage['~standard'].validate(item);
  if (outcome instanceof Promise) throw new Error('the SDK\'s JSON-RPC schema is expected to validate synchronously');
  if (!outcome.issues) return undefined;
  return outcome.issues.map((i) => `${(i.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.') || '(root)'} ${i.message}`).join('; ');
}
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Records one connection's traffic for the Inspector lane: raw envelopes from the transports,
 * a `jsonrpc` envelope per message found in them (linked to its carrier), and an
 * `invalid-frame` meta event for bytes that are not JSON-RPC. Keeps a small index of the
 * messages so results can cite them.
 */
/**
 * The in-memory index is for citing frames in a lane's result; the capture holds every frame.
 * A recording proxy runs for hours, so the index stops growing here instead of growing with it.
 */
const MAX_INDEXED = 5000;

export interface WireRecorderOptions {
  /**
   * Keep the index of messages and invalid frames (default). A recording proxy turns it off:
   * nothing reads it there, and each indexed message holds its parsed payload, so a long SSE
   * stream kept 5000 payloads per live exchange (80 MB at 16 KB each) until the exchange ended.
   */
  index?: boolean;
  /** Messages nested deeper than this are recorded raw and not parsed (default DEFAULT_LIMITS.jsonDepth). */
  jsonDepth?: number;
}

export class WireRecorder {
  readonly invalidFrames: InvalidFrame[] = [];
  readonly messages: WireMessage[] = [];
  private readonly rejectedListeners = new Set<(message: WireMessage, reason: string) => void>();
  private readonly cutListeners = new Set<(error: Error) => void>();
  private readonly maxIndexed: number;
  /** The json-depth limit: deeper messages are kept raw and never parsed. */
  readonly jsonDepth: number;

  constructor(private readonly sink: CaptureSink, readonly conn: string, private readonly lane: LaneId = 'inspector', options: WireRecorderOptions = {}) {
    this.maxIndexed = options.index === false ? 0 : MAX_INDEXED;
    this.jsonDepth = options.jsonDepth ?? DEFAULT_LIMITS.jsonDepth;
  }

  /** The sink's side files, when the user asked to keep whole bodies. */
  get sideBodies(): SideBodies | undefined {
    return this.sink.sideBodies;
  }

  record(input: EnvelopeInput): Envelope {
    return this.sink.record({ ...input, lane: this.lane, conn: this.conn });
  }

  /** A meta envelope: `kind` names what the lane decided or observed. Never put secrets in `fields`. */
  meta(kind: string, fields: Record<string, unknown> = {}, carrier?: Carrier): number {
    const link = carrier ? { carrier: carrier.seq, ...(carrier.exchange ? { exchange: carrier.exchange } : {}) } : undefined;
    return this.record({ layer: 'meta', dir: 'in', raw: JSON.stringify({ kind, ...fields }), ...(link ? { link } : {}) }).seq;
  }

  /**
   * Records every JSON-RPC message in `text` (one message or a batch) as a `jsonrpc` envelope.
   * Text that is not JSON, or JSON that is not JSON-RPC, becomes an invalid frame instead of vanishing.
   */
  jsonRpc(text: string, dir: Direction, carrier: Carrier): void {
    const hit = this.tooDeepToParse(text, carrier);
    if (hit) {
      if (dir === 'in') this.cut(new LimitExceededError({ ...hit, action: `${hit.action}; the request waiting for it fails` }, `the message in frame ${carrier.seq}`));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.invalid(carrier, text, text.trim() === '' ? 'an empty line where a JSON-RPC message was expected' : `not JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    if (items.length === 0) {
      this.invalid(carrier, text, 'an empty JSON-RPC batch');
      return;
    }
    for (const item of items) {
      const raw = items.length === 1 ? text.replace(/\r?\n$/, '') : JSON.stringify(item);
      const link = { carrier: carrier.seq, ...(carrier.exchange ? { exchange: carrier.exchange } : {}) };
      const envelope = this.record({ layer: 'jsonrpc', dir, raw, link });
      const issues = jsonRpcIssues(item);
      const message: WireMessage = { seq: envelope.seq, dir, message: isRecord(item) ? item : {}, valid: issues === undefined };
      if (this.messages.length < this.maxIndexed) this.messages.push(message);
      if (issues !== undefined) {
        const reason = `not a valid JSON-RPC message, the SDK drops it: ${issues}`;
        this.invalid({ seq: envelope.seq, exchange: carrier.exchange }, raw, reason);
        for (const listener of this.rejectedListeners) listener(message, reason);
      }
    }
  }

  /**
   * The json-depth hit for text nested beyond the limit, recorded against its carrier; undefined
   * when it is fine to parse. Such text stays raw in its carrier and is never parsed: the
   * validators and views after JSON.parse recurse, and a hostile depth overflows their stack.
   */
  tooDeepToParse(text: string, carrier: Carrier): LimitHit | undefined {
    const depth = jsonNestingDepth(text);
    if (depth <= this.jsonDepth) return undefined;
    const hit: LimitHit = { limit: 'jsonDepth', value: this.jsonDepth, observed: depth, action: 'recorded raw, not parsed' };
    this.meta('limit-exceeded', { ...hit }, carrier);
    return hit;
  }

  /** Called when a message that looked like an answer is refused by the SDK, so a waiting request can fail at once instead of timing out. */
  onRejected(listener: (message: WireMessage, reason: string) => void): () => void {
    this.rejectedListeners.add(listener);
    return () => this.rejectedListeners.delete(listener);
  }

  /** The marker a frames-per-second sampler leaves where it skipped frames: a limit hit with the second and the count. */
  sampled(second: SampledSecond): void {
    this.meta('limit-exceeded', { ...second.hit, from: new Date(second.from).toISOString(), to: new Date(second.to).toISOString(), skipped: second.skipped });
  }

  /** A bounded reader stopped a stream at a limit: the answer a request waits for will never come whole. */
  cut(error: Error): void {
    for (const listener of this.cutListeners) listener(error);
  }

  /** Called on every `cut`, so a waiting request fails at once with the limit's words instead of timing out. */
  onCut(listener: (error: Error) => void): () => void {
    this.cutListeners.add(listener);
    return () => this.cutListeners.delete(listener);
  }

  invalid(carrier: Carrier, text: string, reason: string): void {
    const preview = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
    this.meta('invalid-frame', { reason, preview }, carrier);
    // A slice of the frame's text keeps the whole text alive (V8 sliced strings); the index holds a copy.
    if (this.invalidFrames.length < this.maxIndexed) this.invalidFrames.push({ seq: carrier.seq, reason, preview: ownCopy(preview) });
  }

  /** The last outgoing request with this method, and the incoming answer to it. */
  lastExchange(method: string): { request?: WireMessage; response?: WireMessage } {
    const request = [...this.messages].reverse().find((m) => m.dir === 'out' && m.message.method === method && 'id' in m.message);
    if (!request) return {};
    const response = this.messages.find((m) => m.dir === 'in' && m.seq > request.seq && !('method' in m.message) && m.message.id === request.message.id);
    return { request, response };
  }

  find(dir: Direction, method: string): WireMessage | undefined {
    return this.messages.find((m) => m.dir === dir && m.message.method === method);
  }
}
