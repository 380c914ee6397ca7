/** A line of a byte stream and where it sits: `offset` of its first byte, `length` without the newline. */
export interface SplitLine {
  bytes: Buffer;
  offset: number;
  length: number;
}

/** A line longer than the limit: its bytes were dropped as they streamed past, only its place is known. */
export interface OversizedLine {
  offset: number;
  length: number;
}

/** A line crossing the limit, at the moment it does: what had arrived of it (at most the limit), before it is dropped. */
export interface OverflowingLine {
  offset: number;
  head: Buffer;
}

/**
 * Splits a byte stream into LF-terminated lines while counting byte offsets, which readline
 * cannot do (it yields decoded strings). Holds at most one partial line, and never more than
 * `maxLineBytes` of it, so a file without newlines cannot exhaust memory. `onOverflow` hears of
 * an oversized line as soon as it crosses the limit, which for a line that never ends is the only
 * time anyone will.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private lineOffset = 0;
  private position = 0;
  private oversized = false;

  constructor(
    private readonly onLine: (line: SplitLine) => void,
    private readonly onOversized: (line: OversizedLine) => void,
    private readonly maxLineBytes: number,
    private readonly onOverflow?: (line: OverflowingLine) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, newline));
      this.emit(this.position + newline);
      this.lineOffset = this.position + newline + 1;
      start = newline + 1;
    }
    this.take(chunk.subarray(start));
    this.position += chunk.length;
  }

  /** Bytes after the last newline: a last line written without one, or torn by a crash. */
  end(): SplitLine | OversizedLine | undefined {
    if (this.oversized) return { offset: this.lineOffset, length: this.position - this.lineOffset };
    if (this.partBytes === 0) return undefined;
    const bytes = Buffer.concat(this.parts, this.partBytes);
    return { bytes, offset: this.lineOffset, length: bytes.length };
  }

  private take(piece: Buffer): void {
    if (this.oversized || piece.length === 0) return;
    if (this.partBytes + piece.length > this.maxLineBytes) {
      this.oversized = true;
      this.onOverflow?.({ offset: this.lineOffset, head: Buffer.concat([...this.parts, piece.subarray(0, this.maxLineBytes - this.partBytes)]) });
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    // No copy: fs and zlib streams hand out a fresh buffer per chunk and never reuse it.
    this.parts.push(piece);
    this.partBytes += piece.length;
  }

  private emit(lineEnd: number): void {
    const offset = this.lineOffset;
    if (this.oversized) {
      this.onOversized({ offset, length: lineEnd - offset });
      this.oversized = false;
    } else {
      const bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partBytes);
      this.onLine({ bytes, offset, length: bytes.length });
    }
    this.parts = [];
    this.partBytes = 0;
  }
}
