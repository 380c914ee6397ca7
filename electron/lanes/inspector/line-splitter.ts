/**
 * Cuts a byte stream into newline-terminated lines without decoding across a cut, so a
 * multi-byte character split between two chunks survives. Each line keeps its terminator:
 * the capture holds exactly the bytes that were written.
 */
export class LineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const lines: Buffer[] = [];
    let start = 0;
    for (let index = this.pending.indexOf(0x0a); index !== -1; index = this.pending.indexOf(0x0a, start)) {
      lines.push(this.pending.subarray(start, index + 1));
      start = index + 1;
    }
    this.pending = this.pending.subarray(start);
    return lines;
  }

  /** What is left after the stream ended: a last line without its newline, if any. */
  end(): Buffer | undefined {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length > 0 ? rest : undefined;
  }

  get buffered(): number {
    return this.pending.length;
  }
}
