import { parseSseEvent, type SseEvent } from '../capture/sse';

/**
 * Splits a Server-Sent Events stream into event blocks exactly as they crossed the wire, so a
 * recorder can store each block's bytes untouched (terminator included) and still know the
 * parsed fields. Text in, text out: decoding bytes is the caller's job, which keeps this pure.
 */

export interface SseBlock {
  /** The block's text exactly as received, including the blank line that ended it. */
  raw: string;
  /** The stream ended before the blank line: the block is a trailing partial. */
  incomplete: boolean;
  /** Its fields, read by the capture format's own SSE rules. */
  fields: SseEvent;
}

// A line ends with CRLF, a lone CR or LF; two endings in a row end the block. CRLF is tried
// first so it counts as one ending, not two.
const BLOCK_END = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/;
// A block end is at most four characters, so one can only begin in the last three already seen.
const LONGEST_END_PREFIX = 3;

/** Incremental splitter: push text as it arrives, get the blocks it completed; `end()` flushes a trailing partial. */
export class SseEventSplitter {
  private buffer = '';
  /** Text after the buffer that holds no block end, kept apart so a long event is not re-copied on every push. */
  private pending: string[] = [];
  private pendingLength = 0;
  /** The last few characters received, where a block end split across pushes would begin. */
  private tail = '';
  private started = false;

  push(text: string): SseBlock[] {
    const seam = this.tail + text;
    this.tail = seam.slice(-LONGEST_END_PREFIX);
    if (!BLOCK_END.test(seam)) {
      this.pending.push(text);
      this.pendingLength += text.length;
      return [];
    }
    this.buffer += this.pending.join('') + text;
    this.pending = [];
    this.pendingLength = 0;
    const blocks: SseBlock[] = [];
    for (;;) {
      const match = BLOCK_END.exec(this.buffer);
      if (!match) break;
      const endIndex = match.index + match[0].length;
      // A CR at the very end may be the first half of a CRLF still in flight: wait for more.
      if (endIndex === this.buffer.length && match[0].endsWith('\r')) break;
      blocks.push(this.block(this.buffer.slice(0, endIndex), false));
      this.buffer = this.buffer.slice(endIndex);
    }
    return blocks;
  }

  /** Call when the stream has ended; returns what was left: a trailing partial block, or a block whose final CR was the real end. */
  end(): SseBlock[] {
    const rest = this.buffer + this.pending.join('');
    this.buffer = '';
    this.pending = [];
    this.pendingLength = 0;
    this.tail = '';
    if (rest === '') return [];
    const finished = BLOCK_END.exec(rest);
    if (finished && finished.index + finished[0].length === rest.length) return [this.block(rest, false)];
    return [this.block(rest, true)];
  }

  /** Characters held that no block end has closed yet: what a stream that never ends grows. */
  get unfinishedLength(): number {
    return this.buffer.length + this.pendingLength;
  }

  /**
   * Hands over the unfinished event's text except its last `keep` characters, where a block
   * end split across pushes may begin, so a caller can bound an event that never ends. The
   * block that ends it later starts with what was kept.
   */
  takeUnfinished(keep = LONGEST_END_PREFIX): string {
    const rest = this.buffer + this.pending.join('');
    const cut = Math.max(0, rest.length - keep);
    this.buffer = rest.slice(cut);
    this.pending = [];
    this.pendingLength = 0;
    this.started = true;
    return rest.slice(0, cut);
  }

  private block(raw: string, incomplete: boolean): SseBlock {
    // A byte-order mark may open the stream; it is kept in raw but is not part of the first field name.
    const text = this.started ? raw : raw.replace(/^\uFEFF/, '');
    this.started = true;
    return { raw, incomplete, fields: parseSseEvent(text) };
  }
}
