import { SseEventSplitter, type SseBlock } from '../../shared/sse/event-splitter';
import { ClippedBody, type KeptPayload } from './clipped-body';

/** One piece of a bounded SSE stream: a block kept whole, or an over-limit event kept as head, tail and hash. */
export type BoundedSsePiece =
  | { kind: 'block'; block: SseBlock }
  | { kind: 'clipped'; kept: KeptPayload; clipped: ClippedBody; incomplete: boolean };

/**
 * An SSE splitter whose memory is bounded by `sseEventBytes`: an event that grows beyond it
 * (one that never ends included) stops being held and streams into a ClippedBody until its
 * blank line arrives, then comes out as one `clipped` piece. Every other block is as the plain
 * splitter gives it. The limit is counted in characters of decoded text, at most the bytes.
 */
export class BoundedSseSplitter {
  private readonly splitter = new SseEventSplitter();
  private overflow: ClippedBody | undefined;

  constructor(private readonly limit: number) {}

  /** Characters of the event not ended yet, held or streamed through: what a client parsing the stream holds for it. */
  get pendingLength(): number {
    return (this.overflow?.bytes ?? 0) + this.splitter.unfinishedLength;
  }

  /** An over-limit event is being streamed through (the server has not ended it yet). */
  get overflowing(): boolean {
    return this.overflow !== undefined;
  }

  push(text: string): BoundedSsePiece[] {
    const blocks = this.splitter.push(text);
    const pieces = this.finishOverflow(blocks);
    if (this.splitter.unfinishedLength > (this.overflow ? 64 * 1024 : this.limit)) {
      this.overflow ??= new ClippedBody(this.limit, 'sseEventBytes');
      this.overflow.push(Buffer.from(this.splitter.takeUnfinished()));
    }
    return pieces;
  }

  /** The stream ended: what was left, an over-limit event cut off by the end included (`incomplete`). */
  end(): BoundedSsePiece[] {
    const blocks = this.splitter.end();
    const overflow = this.overflow;
    if (overflow && blocks.length === 0) {
      this.overflow = undefined;
      return [{ kind: 'clipped', kept: overflow.kept(), clipped: overflow, incomplete: true }];
    }
    return this.finishOverflow(blocks);
  }

  private finishOverflow(blocks: SseBlock[]): BoundedSsePiece[] {
    const pieces: BoundedSsePiece[] = [];
    const overflow = this.overflow;
    let rest = blocks;
    if (overflow && blocks.length > 0) {
      const [first, ...others] = blocks as [SseBlock, ...SseBlock[]];
      overflow.push(Buffer.from(first.raw));
      this.overflow = undefined;
      pieces.push({ kind: 'clipped', kept: overflow.kept(), clipped: overflow, incomplete: first.incomplete });
      rest = others;
    }
    for (const block of rest) {
      // A whole event beyond the limit can arrive in one push too.
      if (block.raw.length <= this.limit) {
        pieces.push({ kind: 'block', block });
        continue;
      }
      const clipped = new ClippedBody(this.limit, 'sseEventBytes');
      clipped.push(Buffer.from(block.raw));
      pieces.push({ kind: 'clipped', kept: clipped.kept(), clipped, incomplete: block.incomplete });
    }
    return pieces;
  }
}
