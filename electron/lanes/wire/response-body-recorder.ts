import type { FrameSampler } from '../../../shared/capture/frame-sampler';
import type { Limits } from '../../../shared/capture/limits';
import type { SideBodies } from '../../../shared/capture/side-body';
import type { SseBlock } from '../../../shared/sse/event-splitter';
import { BoundedSseSplitter } from '../../capture/bounded-sse';
import { CLIP_END_BYTES, ClippedBody, type KeptPayload } from '../../capture/clipped-body';
import type { WireRecorder } from '../inspector/wire-recorder';

/**
 * A JSON-RPC notification as servers write them (no id; progress, logging, list changes): the
 * only events a flood is made of that may be sampled. Anything else, oddly spaced ones included, is kept.
 */
const NOTIFICATION = /^\{\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"method"\s*:\s*"notifications\//;

/**
 * The `limit-exceeded` meta after a clipped frame, so the capture and the diagnosis say which
 * limit cut it; and a `side-body-stopped` meta when its side file holds less than the frame.
 */
export function recordClipHit(recorder: WireRecorder, body: ClippedBody, seq: number, exchange: string): void {
  const hit = body.hit();
  if (hit) recorder.meta('limit-exceeded', { ...hit }, { seq, exchange });
  const side = body.sideFile();
  if (side?.stopped) recorder.meta('side-body-stopped', { file: side.file, fileSize: side.fileSize, observed: body.bytes, ...side.stopped }, { seq, exchange });
}

export interface BodyKind {
  sse: boolean;
  json: boolean;
  jsonRpc: boolean;
  onSseEvent?(block: SseBlock, seq: number): void;
}

/**
 * Records a response body as it streams, in memory bounded by `frameBytes` and `sseEventBytes`:
 * each SSE event block as its own envelope (and the JSON-RPC message in a `message` event), or a
 * whole body at the end; an over-limit body or event as head, tail, length and hash. Chunks that
 * arrive before the request envelope is numbered wait in order, so seqs follow the wire. Used by
 * the recording proxy and the lanes' recording fetch alike.
 */
export class ResponseBodyRecorder {
  private readonly decoder = new TextDecoder();
  private readonly splitter: BoundedSseSplitter;
  private readonly waiting: Buffer[] = [];
  private started = false;
  private readonly text: ClippedBody;
  private recorder: WireRecorder | undefined;
  private sampler: FrameSampler | undefined;
  /** The largest SSE event the last chunk completed: one that began and ended in a chunk is a message too. */
  private largestJustEnded = 0;
  /** Bytes of the SSE line not ended yet, and the longest line the last chunk ended. */
  private openLine = 0;
  private longestLineJustEnded = 0;
  private exchange = '';
  bytes = 0;

  /** `sideBodies`: the sink's, when the user asked for whole bodies (a body past frame-bytes then also goes to a side file). */
  constructor(private readonly elapsed: () => number, limits: Pick<Limits, 'frameBytes' | 'sseEventBytes'>, private readonly kind: BodyKind, sideBodies?: SideBodies) {
    this.text = new ClippedBody(limits.frameBytes, 'frameBytes', CLIP_END_BYTES, sideBodies);
    this.splitter = new BoundedSseSplitter(limits.sseEventBytes);
  }

  /**
   * How much of one message a client reading this body holds right now: the whole body so far,
   * or for SSE the event that has not ended yet. This is what `messageBytes` bounds.
   */
  get openMessageBytes(): number {
    return this.kind.sse ? Math.max(this.splitter.pendingLength, this.largestJustEnded) : this.bytes;
  }

  /**
   * The longest SSE line a client reading this stream holds right now: the one not ended yet,
   * or one that began and ended within the last chunk. This is what `sseLineBytes` bounds.
   */
  get openLineBytes(): number {
    return Math.max(this.openLine, this.longestLineJustEnded);
  }

  /**
   * Called once the request is recorded: from here on chunks are recorded as they come. With a
   * sampler, notification events past its rate are counted instead of recorded (answers never are).
   */
  start(recorder: WireRecorder, exchange: string, sampler?: FrameSampler): void {
    this.recorder = recorder;
    this.sampler = sampler;
    this.exchange = exchange;
    this.started = true;
    for (const chunk of this.waiting.splice(0)) this.take(chunk);
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.byteLength;
    if (this.kind.sse) this.measureLines(chunk);
    if (this.started) this.take(chunk);
    else this.waiting.push(chunk);
  }

  /** Records what is left (the body, or the last events); returns the seq of the last envelope it wrote. */
  end(complete: boolean): number | undefined {
    const recorder = this.recorder;
    if (!recorder) return undefined;
    if (this.kind.sse) {
      const last = this.recordPieces(this.splitter.push(this.decoder.decode()));
      const end = this.recordPieces(this.splitter.end()) ?? last;
      const sampled = this.sampler?.end();
      if (sampled) recorder.sampled(sampled);
      return end;
    }
    if (this.text.bytes === 0 && complete) return undefined;
    const kept = this.text.kept();
    const envelope = recorder.record({
      layer: 'http', dir: 'in', ...kept, http: { exchange: this.exchange, phase: 'body', elapsed: this.elapsed() },
      ...(complete ? {} : { incomplete: true }),
    });
    recordClipHit(recorder, this.text, envelope.seq, this.exchange);
    if (this.kind.jsonRpc && this.kind.json && complete && !kept.truncated && kept.raw.trim() !== '') recorder.jsonRpc(kept.raw, 'in', { seq: envelope.seq, exchange: this.exchange });
    return envelope.seq;
  }

  /**
   * SSE lines end at CR, LF or CRLF; counting either byte as an end is exact for the lengths
   * between them. Native searches, not a loop over bytes: the proxy streams every SSE body through here.
   */
  private measureLines(chunk: Buffer): void {
    let longest = 0;
    let start = 0;
    let lf = chunk.indexOf(0x0a);
    let cr = chunk.indexOf(0x0d);
    while (lf >= 0 || cr >= 0) {
      const at = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      longest = Math.max(longest, this.openLine + at - start);
      this.openLine = 0;
      start = at + 1;
      if (at === lf) lf = chunk.indexOf(0x0a, start);
      if (at === cr) cr = chunk.indexOf(0x0d, start);
    }
    this.openLine += chunk.length - start;
    this.longestLineJustEnded = longest;
  }

  private take(chunk: Buffer): void {
    if (!this.kind.sse) {
      this.text.push(chunk);
      return;
    }
    const pieces = this.splitter.push(this.decoder.decode(chunk, { stream: true }));
    this.largestJustEnded = Math.max(0, ...pieces.map((piece) => (piece.kind === 'block' ? piece.block.raw.length : piece.clipped.bytes)));
    this.recordPieces(pieces);
  }

  private recordPieces(pieces: ReturnType<BoundedSseSplitter['push']>): number | undefined {
    let last: number | undefined;
    for (const piece of pieces) {
      if (piece.kind === 'block' && !this.admitted(piece.block)) continue;
      last = piece.kind === 'block' ? this.recordBlock(piece.block) : this.recordClipped(piece.kept, piece.clipped, piece.incomplete);
    }
    return last;
  }

  /** Whether this event is recorded: always, unless it is a notification past the sampler's rate. */
  private admitted(block: SseBlock): boolean {
    if (!this.sampler || !NOTIFICATION.test(block.fields.data)) return true;
    const { record, ended } = this.sampler.admit(Date.now());
    if (ended) this.recorder?.sampled(ended);
    return record;
  }

  /** An event beyond the SSE limit: head, tail, length and hash, the client still got every byte. */
  private recordClipped(kept: KeptPayload, clipped: ClippedBody, incomplete: boolean): number | undefined {
    const recorder = this.recorder;
    if (!recorder) return undefined;
    const envelope = recorder.record({
      layer: 'sse', dir: 'in', ...kept, http: { exchange: this.exchange, phase: 'body', elapsed: this.elapsed() }, link: { exchange: this.exchange },
      ...(incomplete ? { incomplete: true } : {}),
    });
    recordClipHit(recorder, clipped, envelope.seq, this.exchange);
    return envelope.seq;
  }

  private recordBlock(block: SseBlock): number | undefined {
    const recorder = this.recorder;
    if (!recorder) return undefined;
    const envelope = recorder.record({
      layer: 'sse', dir: 'in', raw: block.raw, size: Buffer.byteLength(block.raw),
      http: { exchange: this.exchange, phase: 'body', elapsed: this.elapsed() }, link: { exchange: this.exchange },
      ...(block.incomplete ? { incomplete: true } : {}),
    });
    const { event, data } = block.fields;
    // Only `message` events carry JSON-RPC; `endpoint` (legacy SSE) and priming events (empty data) do not.
    if (this.kind.jsonRpc && (event === undefined || event === 'message') && data !== '' && !block.incomplete) {
      recorder.jsonRpc(data, 'in', { seq: envelope.seq, exchange: this.exchange });
    }
    this.kind.onSseEvent?.(block, envelope.seq);
    return envelope.seq;
  }
}
