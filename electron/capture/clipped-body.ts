import { createHash, type Hash } from 'node:crypto';
import type { Envelope } from '../../shared/capture/envelope';
import type { LimitHit, LimitName } from '../../shared/capture/limits';
import type { SideBodies, SideBody, SideBodyRecord } from '../../shared/capture/side-body';

/** How much of each end of an over-limit payload the capture keeps. */
export const CLIP_END_BYTES = 1024 * 1024;

/** The envelope fields that describe a payload as kept: whole, or clipped to its head and tail. */
export type KeptPayload = Pick<Envelope, 'raw' | 'size'> & Partial<Pick<Envelope, 'truncated' | 'clip'>>;

/**
 * Collects a payload as it streams, in memory bounded by its limit: up to `limit` bytes it is
 * kept whole; beyond, only its first and last CLIP_END_BYTES (at most half the limit each),
 * its length and a SHA-256 of every byte. Nothing waits for the end to decide, so a 1 GB body or
 * an event that never ends costs the same memory as one at the limit. With `sideBodies`, a
 * payload past its limit is also streamed whole to a side file, from the byte that crossed it on.
 */
export class ClippedBody {
  bytes = 0;
  /** Everything so far while within the limit; after, the head only. */
  private chunks: Buffer[] = [];
  private tail: Buffer[] = [];
  private tailLength = 0;
  private hash: Hash | undefined;
  private readonly endBytes: number;
  private side: SideBody | undefined;

  constructor(readonly limit: number, readonly name: LimitName = 'frameBytes', endBytes = CLIP_END_BYTES, private readonly sideBodies?: SideBodies) {
    this.endBytes = Math.max(1, Math.min(endBytes, Math.floor(limit / 2)));
  }

  get exceeded(): boolean {
    return this.hash !== undefined;
  }

  push(chunk: Buffer): void {
    if (chunk.byteLength === 0) return;
    this.bytes += chunk.byteLength;
    if (this.hash) {
      this.side?.write(chunk);
      this.hash.update(chunk);
      this.keepTail(chunk);
      return;
    }
    this.chunks.push(chunk);
    if (this.bytes > this.limit) this.startClipping();
  }

  /** The payload as the capture keeps it, decoded as UTF-8. */
  kept(): KeptPayload {
    if (!this.hash) return { raw: Buffer.concat(this.chunks).toString('utf8'), size: this.bytes };
    const head = headText(Buffer.concat(this.chunks));
    const tail = tailText(Buffer.concat(this.tail).subarray(-this.endBytes));
    // digest() ends the hash; a copy keeps kept() callable twice.
    const sha256 = this.hash.copy().digest('hex');
    const side = this.sideFile();
    const file = side ? { file: side.file, fileSize: side.fileSize, fileSha256: side.fileSha256 } : {};
    return { raw: head + tail, size: this.bytes, truncated: true, clip: { head: head.length, sha256, ...file } };
  }

  /** The side file, ended: no byte comes after the payload is kept. Undefined without one. */
  sideFile(): SideBodyRecord | undefined {
    return this.side?.end();
  }

  /** The meta a recorder writes after the clipped envelope; undefined while within the limit. */
  hit(): LimitHit | undefined {
    if (!this.hash) return undefined;
    return { limit: this.name, value: this.limit, observed: this.bytes, action: 'kept head/tail/hash' };
  }

  private startClipping(): void {
    const all = Buffer.concat(this.chunks);
    this.side = this.sideBodies?.open();
    this.side?.write(all);
    this.hash = createHash('sha256').update(all);
    // A copy, so the head's view does not keep the whole buffer alive.
    this.chunks = [Buffer.from(all.subarray(0, this.endBytes))];
    this.tail = [];
    this.tailLength = 0;
    this.keepTail(Buffer.from(all.subarray(-this.endBytes)));
  }

  private keepTail(chunk: Buffer): void {
    this.tail.push(chunk);
    this.tailLength += chunk.byteLength;
    while (this.tail.length > 1 && this.tailLength - (this.tail[0] as Buffer).byteLength >= this.endBytes) {
      this.tailLength -= (this.tail.shift() as Buffer).byteLength;
    }
  }
}

/**
 * A payload already whole in memory (a stdio line, a WebSocket message) as the capture keeps it:
 * itself within `limit`, else clipped; the clipped body comes back so the caller can record its
 * limit hit (recordClipHit) once the envelope has a seq.
 */
export function keepWithin(payload: Buffer, limit: number, sideBodies?: SideBodies): { kept: KeptPayload; clipped?: ClippedBody } {
  if (payload.byteLength <= limit) return { kept: { raw: payload.toString('utf8'), size: payload.byteLength } };
  const clipped = new ClippedBody(limit, 'frameBytes', CLIP_END_BYTES, sideBodies);
  clipped.push(payload);
  return { kept: clipped.kept(), clipped };
}

/** The head as text, ending before a UTF-8 sequence the cut split. */
export function headText(head: Buffer): string {
  let end = head.length;
  // Step back over continuation bytes to the start of the last sequence; drop it if it is incomplete.
  let start = end;
  while (start > 0 && start > end - 4 && ((head[start - 1] as number) & 0xc0) === 0x80) start--;
  if (start > 0) {
    const lead = head[start - 1] as number;
    const needs = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (needs > end - (start - 1)) end = start - 1;
  }
  return head.toString('utf8', 0, end);
}

/** The tail as text, starting after any continuation bytes the cut left at its front. */
function tailText(tail: Buffer): string {
  let start = 0;
  while (start < tail.length && start < 3 && ((tail[start] as number) & 0xc0) === 0x80) start++;
  return tail.toString('utf8', start);
}
