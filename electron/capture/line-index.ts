/**
 * Where each line a journal recorded starts in its file and how long it is, by line number
 * (seq - 1). A journal that serves readBack keeps every line's place. One that only writes (the
 * recording proxy, the tap: they run for hours) needs the places only until the lines are in
 * the file, to cut a failed write at a whole line and to move lines on after one; it forgets
 * the rest, so its memory follows the lines waiting to be written, not the recording's length
 * (12 bytes a frame kept forever came to about 8 MiB an hour at 200 frames a second).
 */
export class LineIndex {
  private offsets: Float64Array;
  private lengths: Uint32Array;
  /** The line number in slot 0. */
  private base = 0;
  /** Lines before this one are forgotten. */
  private first = 0;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.offsets = new Float64Array(initialCapacity);
    this.lengths = new Uint32Array(initialCapacity);
  }

  /** Lines indexed so far, forgotten ones included: the next line's number. */
  get length(): number {
    return this.count;
  }

  /** Lines whose place is held: the memory it takes, 12 bytes each. */
  get held(): number {
    return this.count - this.first;
  }

  /** Slots allocated: the index takes 12 bytes a slot. */
  get capacity(): number {
    return this.offsets.length;
  }

  push(offset: number, length: number): void {
    if (this.count - this.base === this.offsets.length) this.makeRoom();
    this.offsets[this.count - this.base] = offset;
    this.lengths[this.count - this.base] = length;
    this.count++;
  }

  offset(line: number): number {
    return this.offsets[this.slot(line)] as number;
  }

  lengthOf(line: number): number {
    return this.lengths[this.slot(line)] as number;
  }

  /** Where the line ends: the next line of its file starts here. */
  end(line: number): number {
    const slot = this.slot(line);
    return (this.offsets[slot] as number) + (this.lengths[slot] as number);
  }

  setOffset(line: number, offset: number): void {
    this.offsets[this.slot(line)] = offset;
  }

  /** Forgets the places of the lines before `line`; asking for one of them afterwards is an error. */
  forgetBefore(line: number): void {
    this.first = Math.max(this.first, Math.min(line, this.count));
  }

  private slot(line: number): number {
    if (line < this.first || line >= this.count) {
      throw new RangeError(line < this.first && line >= 0 ? `line ${line} was forgotten (lines before ${this.first} are not kept)` : `line ${line} outside 0..${this.count - 1}`);
    }
    return line - this.base;
  }

  /** Full: slide the held lines to the front when at least half the room is forgotten, else double it. */
  private makeRoom(): void {
    const held = this.count - this.first;
    const from = this.first - this.base;
    if (held <= this.offsets.length / 2) {
      this.offsets.copyWithin(0, from, from + held);
      this.lengths.copyWithin(0, from, from + held);
    } else {
      const offsets = new Float64Array(this.offsets.length * 2);
      const lengths = new Uint32Array(this.lengths.length * 2);
      offsets.set(this.offsets.subarray(from, from + held));
      lengths.set(this.lengths.subarray(from, from + held));
      this.offsets = offsets;
      this.lengths = lengths;
    }
    this.base = this.first;
  }
}
