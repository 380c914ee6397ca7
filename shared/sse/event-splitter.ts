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
  /** `event:` field, when present. The spec's default type (`message`) is not filled in. */
  event?: string;
  /** `data:` lines joined with "\n", or undefined when the block has no data field. */
  data?: string;
  id?: string;
  retry?: number;
  /** Lines starting with ":" (without the colon), e.g. keep-alives. */
  comments: string[];
}

// A line ends with CRLF, a lone CR or LF; two endings in a row end the block. CRLF is tried
// first so it counts as one ending, not two.
const BLOCK_END = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/;
const LINE_END = /\r\n|\r|\n/;

export function parseSseBlock(raw: string, incomplete = false): SseBlock {
  const block: SseBlock = { raw, incomplete, comments: [] };
  const dataLines: string[] = [];
  for (const line of raw.split(LINE_END)) {
    if (line === '') continue;
    if (line.startsWith(':')) {
      block.comments.push(line.slice(1).replace(/^ /, ''));
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') block.event = value;
    else if (field === 'data') dataLines.push(value);
    else if (field === 'id' && !value.includes('\0')) block.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) block.retry = Number(value);
  }
  if (dataLines.length > 0) block.data = dataLines.join('\n');
  return block;
}

/** Incremental splitter: push text as it arrives, get the blocks it completed; `end()` flushes a trailing partial. */
export class SseEventSplitter {
  private buffer = '';
  private started = false;

  push(text: string): SseBlock[] {
    this.buffer += text;
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
    const rest = this.buffer;
    this.buffer = '';
    if (rest === '') return [];
    const finished = BLOCK_END.exec(rest);
    if (finished && finished.index + finished[0].length === rest.length) return [this.block(rest, false)];
    return [this.block(rest, true)];
  }

  private block(raw: string, incomplete: boolean): SseBlock {
    // A byte-order mark may open the stream; it is kept in raw but is not part of the first field name.
    const text = this.started ? raw : raw.replace(/^\uFEFF/, '');
    this.started = true;
    const parsed = parseSseBlock(text, incomplete);
    return { ...parsed, raw };
  }
}
