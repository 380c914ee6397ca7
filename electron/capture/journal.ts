import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { envelopeInLineOrder, parseEnvelopeLine, serializeHeader } from '../../shared/capture/capture-lines';
import { capturePartName } from '../../shared/capture/capture-parts';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader, type CaptureSink, type Envelope, type LaneId } from '../../shared/capture/envelope';
import type { LimitHit } from '../../shared/capture/limits';
import { captureSyncFailure, captureWriteFailure } from './journal-failure';
import { openJournalFile, type JournalFile } from './journal-file';
import { LineIndex } from './line-index';

export type { JournalFile } from './journal-file';

export interface JournalOptions {
  /** Longest a recorded envelope waits in memory before it is written. At most 100 ms by contract. */
  flushIntervalMs?: number;
  /** Write at once when this much is buffered, so a burst never piles up in memory. */
  maxBufferedBytes?: number;
  /** Payloads above this many bytes are kept whole but marked `large`, so the UI previews them first. */
  largePayloadBytes?: number;
  /** Replace an existing file. Off by default: a journal never destroys an earlier capture by accident. */
  overwrite?: boolean;
  /**
   * Called once when a write fails (disk full, I/O error), with an error saying so in a user's
   * words (the system's error is its cause): the envelopes stay in memory for retry(), and
   * close() rejects. A recorder should stop recording when it is called.
   */
  onError?: (error: Error) => void;
  /**
   * The `capture-bytes` limit: once a file holds this many bytes, the next envelope goes to a
   * new file beside it (capturePartName), whose header names the one before; a limit-exceeded
   * meta ends the full file. A file is cut between lines, so it ends at the first line that
   * takes it to the limit or past it. Unset: one file, however large.
   */
  maxFileBytes?: number;
  /**
   * Keep every line's place so readBack can find it (the default, for the app's live session).
   * A recorder that never reads back (the proxy, the tap) sets false: the journal then forgets a
   * line's place once it is in the file, and its memory stays flat however long it records.
   */
  readBack?: boolean;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 100;
export const DEFAULT_LARGE_PAYLOAD_BYTES = 1024 * 1024;
const DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024;
/** Lines are encoded into buffers that hold a few batches each, so most flushes allocate nothing. */
const BATCHES_PER_CHUNK = 4;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

export type JournalHeader = Omit<CaptureHeader, 'format' | 'version'>;

type RecordInput = Parameters<CaptureSink['record']>[0];

/**
 * Where the held lines move on to the next file of a rotated recording. It sits between the
 * buffers of lines in write order, so the single writer switches files exactly there.
 */
interface PartBreak {
  path: string;
  /** The new file's header line, newline included. */
  header: Buffer;
  /** The first seq the new file holds. */
  firstSeq: number;
}

/** Lines to write (UTF-8, whole lines only) and the file switches between them. */
type Segment = Buffer | PartBreak;

function isBreak(segment: Segment): segment is PartBreak {
  return !Buffer.isBuffer(segment);
}

function segmentBytes(segment: Segment): number {
  return isBreak(segment) ? segment.header.length : segment.length;
}

/**
 * Appends envelopes to a `.parallax` file as they are recorded. Lines are buffered for at most
 * `flushIntervalMs` (or `maxBufferedBytes`), then written in order by a single writer, so a
 * process killed at any moment leaves a file whose only possible damage is a torn last line.
 */
export class CaptureJournal implements CaptureSink {
  private nextSeq = 1;
  /**
   * Lines recorded but not yet handed to the writer, UTF-8 encoded, in order: `held` (filled
   * chunks and part breaks, and after a failed write what retry() puts back), then `chunk` up
   * to `chunkUsed`.
   */
  private held: Segment[] = [];
  private chunk = Buffer.alloc(0);
  private chunkUsed = 0;
  private pendingBytes = 0;
  private pendingLastSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** A write step is queued behind the one in flight and has not taken the held lines yet. */
  private writeQueued = false;
  private failure: Error | undefined;
  /** What a failed write did not store, in order; kept for retry(). */
  private readonly unwritten: Segment[] = [];
  private closing: Promise<void> | undefined;
  private writtenSeq = 0;
  /** Bytes in the file being written now (the last part the writer has reached). */
  private written: number;
  private readonly listeners = new Set<(envelope: Envelope) => void>();
  private readonly flushIntervalMs: number;
  private readonly maxBufferedBytes: number;
  private readonly largePayloadBytes: number;
  private readonly chunkBytes: number;
  /**
   * Where each recorded line starts in its file and its length in bytes, by seq - 1, so a live
   * session can read payloads back from disk instead of holding every one in memory.
   */
  private readonly lines = new LineIndex();
  /** Bytes the lines recorded so far take in the last part, header included. */
  private assignedBytes = 0;
  /** The files of the recording in order, and the first seq each holds; one unless it rotated. */
  private readonly parts: { path: string; firstSeq: number }[];
  /** Index in `parts` of the file the writer appends to (behind the last part while a switch is held). */
  private writePart = 0;
  /** Read handles by part index, opened on the first readBack that needs them. */
  private readonly readers = new Map<number, Promise<FileHandle>>();
  private startingPart = false;

  private constructor(
    readonly path: string,
    private file: JournalFile,
    private readonly header: JournalHeader,
    private readonly options: JournalOptions,
    /** The lane the journal's own meta envelopes are filed under: the capture's first. */
    private readonly metaLane: LaneId,
  ) {
    this.parts = [{ path, firstSeq: 1 }];
    this.written = 0;
    this.flushIntervalMs = Math.min(options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_FLUSH_INTERVAL_MS);
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.largePayloadBytes = options.largePayloadBytes ?? DEFAULT_LARGE_PAYLOAD_BYTES;
    this.chunkBytes = Math.min(BATCHES_PER_CHUNK * this.maxBufferedBytes, MAX_CHUNK_BYTES);
  }

  /** Creates the file and writes its header before returning, so even an empty capture is a valid one. */
  static async create(path: string, header: JournalHeader, options: JournalOptions = {}): Promise<CaptureJournal> {
    const file = await openJournalFile(path, options.overwrite ?? false).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new Error(`Refusing to overwrite the existing capture ${path}`, { cause: error });
      throw error;
    });
    return CaptureJournal.onFile(path, file, header, options);
  }

  /** A journal over an already open file (`name` is how errors refer to it). Writes the header first. */
  static async onFile(name: string, file: JournalFile, header: JournalHeader, options: JournalOptions = {}): Promise<CaptureJournal> {
    const line = Buffer.from(`${serializeHeader({ format: CAPTURE_FORMAT, version: CAPTURE_VERSION, ...header })}\n`);
    try {
      await file.append(line);
    } catch (error) {
      await file.close();
      throw error;
    }
    const journal = new CaptureJournal(name, file, header, options, header.lanes[0]?.lane ?? 'inspector');
    journal.written = line.length;
    journal.assignedBytes = line.length;
    return journal;
  }

  /**
   * Numbers and timestamps the envelope, queues its line and tells subscribers. Never blocks on
   * disk. The envelope returned holds the schema's fields only, as reading it back would give.
   */
  record(input: RecordInput): Envelope {
    if (this.closing) throw new Error(`The capture journal ${this.path} is closed; envelope not recorded`);
    return this.hold(input);
  }

  private hold(input: RecordInput): Envelope {
    const limit = this.options.maxFileBytes;
    if (limit !== undefined && this.assignedBytes >= limit && !this.startingPart && this.nextSeq > this.lastPart.firstSeq) this.startNextPart(limit);
    const size = input.size ?? payloadBytes(input.raw, input.encoding, this.largePayloadBytes);
    // Spread only in the rare large case; the common path copies no object it does not return.
    const fields = size > this.largePayloadBytes ? { ...input, large: true, size } : input;
    const envelope = envelopeInLineOrder(fields, this.nextSeq++, input.t ?? Date.now());
    // The envelope is already in line order, so this is serializeEnvelope's output.
    const bytes = this.encode(JSON.stringify(envelope));
    this.lines.push(this.assignedBytes, bytes);
    this.assignedBytes += bytes;
    this.pendingLastSeq = envelope.seq;
    if (this.pendingBytes >= this.maxBufferedBytes) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs);
    for (const listener of this.listeners) listener(envelope);
    return envelope;
  }

  /**
   * Encodes one line and its newline straight into the current chunk; returns its length in
   * bytes. One pass over the text: a string per line cost a byte count, then a join and an
   * encode of the whole batch.
   */
  private encode(json: string): number {
    // A UTF-16 code unit is at most 3 bytes of UTF-8, so with this much room write() never cuts the line.
    const room = json.length * 3 + 1;
    if (this.chunk.length - this.chunkUsed < room) {
      if (this.chunkUsed > 0) this.held.push(this.chunk.subarray(0, this.chunkUsed));
      this.chunk = Buffer.allocUnsafe(Math.max(room, this.chunkBytes));
      this.chunkUsed = 0;
    }
    const bytes = this.chunk.write(json, this.chunkUsed) + 1;
    this.chunk[this.chunkUsed + bytes - 1] = 0x0a;
    this.chunkUsed += bytes;
    this.pendingBytes += bytes;
    return bytes;
  }

  /** Moves the chunk's lines to `held`; the chunk's unused rest is kept for the next lines. */
  private sealChunk(): void {
    if (this.chunkUsed > 0) this.held.push(this.chunk.subarray(0, this.chunkUsed));
    // The bytes handed over are never written again: the chunk continues after them.
    this.chunk = this.chunk.subarray(this.chunkUsed);
    this.chunkUsed = 0;
  }

  /** Everything held, neighbouring lines joined into one buffer per file. */
  private takeHeld(): Segment[] {
    this.sealChunk();
    const segments: Segment[] = [];
    let lines: Buffer[] = [];
    const join = () => {
      if (lines.length > 0) segments.push(lines.length === 1 ? (lines[0] as Buffer) : Buffer.concat(lines));
      lines = [];
    };
    for (const segment of this.held) {
      if (isBreak(segment)) {
        join();
        segments.push(segment);
      } else {
        lines.push(segment);
      }
    }
    join();
    this.held = [];
    this.pendingBytes = 0;
    return segments;
  }

  private get lastPart(): { path: string; firstSeq: number } {
    return this.parts[this.parts.length - 1] as { path: string; firstSeq: number };
  }

  /** The part holding `seq`. */
  private partOf(seq: number): number {
    let part = this.parts.length - 1;
    while (part > 0 && (this.parts[part] as { firstSeq: number }).firstSeq > seq) part--;
    return part;
  }

  /**
   * The file is full: a limit-exceeded meta ends it, naming the next file, and the lines
   * recorded from now on go to that file, after its header. Offsets restart there.
   */
  private startNextPart(limit: number): void {
    const part = this.parts.length + 1;
    const first = basename(this.path);
    const name = capturePartName(first, part);
    const hit: LimitHit = { limit: 'captureBytes', value: limit, observed: this.assignedBytes, action: `continued recording in ${name}` };
    this.startingPart = true;
    try {
      this.hold({ lane: this.metaLane, conn: 'capture', layer: 'meta', dir: 'in', raw: JSON.stringify({ kind: 'limit-exceeded', ...hit, next: name }) });
    } finally {
      this.startingPart = false;
    }
    const header = Buffer.from(`${serializeHeader({
      format: CAPTURE_FORMAT, version: CAPTURE_VERSION, ...this.header, createdAt: new Date().toISOString(),
      continues: { first, previous: basename(this.lastPart.path), part },
    })}\n`);
    this.sealChunk();
    const path = join(dirname(this.path), name);
    this.held.push({ path, header, firstSeq: this.nextSeq });
    this.pendingBytes += header.length;
    this.parts.push({ path, firstSeq: this.nextSeq });
    this.assignedBytes = header.length;
  }

  subscribe(listener: (envelope: Envelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Highest seq handed out so far. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Highest seq whose line is in the file (written to the OS, so it survives this process being killed). */
  get flushedSeq(): number {
    return this.writtenSeq;
  }

  /** Bytes in the file, header included. */
  get bytesWritten(): number {
    return this.written;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  /** Writes everything recorded so far; resolves once it is in the file. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // A write already queued behind the one in flight takes everything held when it starts,
    // what was recorded up to now included: one queued write, never one per flush.
    if (this.pendingBytes === 0 || this.failure || this.writeQueued) return this.writing;
    this.writeQueued = true;
    this.writing = this.writing.then(() => this.writeHeld());
    return this.writing;
  }

  /**
   * The single writer's step: takes every line held now and writes it. Lines recorded while a
   * write is in flight wait for the next step instead of each flush queueing its own write:
   * under a fast stream the event loop completes few writes a second, and a queue of one write
   * per flush grew with the stream (a recording proxy taking about 17 MB/s had 190 MiB of lines
   * waiting after 12 s).
   */
  private async writeHeld(): Promise<void> {
    this.writeQueued = false;
    if (this.pendingBytes === 0) return;
    if (!this.failure) await this.recreateIfRemoved();
    const segments = this.takeHeld();
    const lastSeq = this.pendingLastSeq;
    if (this.failure) {
      this.unwritten.push(...segments);
      return;
    }
    for (let index = 0; index < segments.length; index++) {
      const segment = segments[index] as Segment;
      if (isBreak(segment)) {
        try {
          await this.switchTo(segment);
        } catch (error) {
          this.unwritten.push(...segments.slice(index));
          await this.fail(error, segment.path);
          return;
        }
        continue;
      }
      const following = segments.slice(index + 1).find(isBreak);
      const segmentLastSeq = following ? following.firstSeq - 1 : lastSeq;
      try {
        await this.file.append(segment);
        this.written += segment.length;
        this.landed(segmentLastSeq);
      } catch (error) {
        // Keep the lines: nothing recorded is dropped, and the caller learns why they are not on disk.
        const landed = await this.wholeLinesLanded(segmentLastSeq - this.writtenSeq);
        this.unwritten.push(segment.subarray(landed), ...segments.slice(index + 1));
        await this.fail(error);
        return;
      }
    }
  }

  /**
   * Moves on to the next file: the full one is synced and closed only once the next one holds
   * its header, so a failure on the way leaves the writer where it was, for retry().
   */
  private async switchTo(next: PartBreak): Promise<void> {
    await this.file.sync();
    const fresh = await openJournalFile(next.path, this.options.overwrite ?? false).catch((error: NodeJS.ErrnoException) => {
      // Not passed on as EEXIST: that code's wording is for a file recreated after removal.
      if (error.code === 'EEXIST') throw new Error(`${basename(next.path)} already exists there (from an earlier recording?) and is not overwritten; move it away to record past capture-bytes`, { cause: error });
      throw error;
    });
    try {
      await fresh.append(next.header);
    } catch (error) {
      await fresh.close();
      await rm(next.path, { force: true });
      throw error;
    }
    await this.file.close();
    this.file = fresh;
    this.written = next.header.length;
    this.writePart++;
  }

  /**
   * A disk filling up stores what fits of a write before failing. The lines of the failed batch
   * that landed whole count as written (a batch can hold a whole run: without this a probe on a
   * nearly full disk left a capture with no envelope at all); returns how many bytes of the
   * batch they take. The batch holds seqs writtenSeq + 1 onwards, each at its recorded offset.
   */
  private async wholeLinesLanded(lines: number): Promise<number> {
    const size = await this.file.size?.().catch(() => undefined);
    const start = this.written;
    const firstSeq = this.writtenSeq;
    if (size === undefined || size <= start) return 0;
    let seq = firstSeq;
    let end = start;
    while (seq < firstSeq + lines) {
      const lineEnd = this.lines.end(seq);
      if (lineEnd > size) break;
      end = lineEnd;
      seq++;
    }
    this.written = end;
    this.landed(seq);
    return end - start;
  }

  /** Every seq up to `seq` is in the file. */
  private landed(seq: number): void {
    this.writtenSeq = seq;
    if (this.options.readBack === false) this.lines.forgetBefore(seq);
  }

  private get writePath(): string {
    return (this.parts[this.writePart] as { path: string }).path;
  }

  /**
   * Stops writing after a failure. The torn piece of a line the failed write stored is cut off,
   * so the file ends on its last whole line and opens cleanly (cutting needs no free space); if
   * even that fails the file ends in a torn line, which the loader reports as such.
   */
  private async fail(error: unknown, path = this.writePath): Promise<void> {
    this.failure = captureWriteFailure(path, error);
    await this.file.truncate?.(this.written).catch(() => undefined);
    this.options.onError?.(this.failure);
  }

  /**
   * A capture file removed while recording (deleted by hand, a temp-dir cleaner) is created
   * again at its path with everything written so far, and a meta envelope says so; the lines
   * held now follow it. A recreation that fails is a write failure like any other.
   */
  private async recreateIfRemoved(): Promise<void> {
    try {
      if (!(await this.file.recreateIfRemoved?.(this.written))) return;
    } catch (error) {
      await this.fail(error);
      return;
    }
    // The reader still has the removed file open: it would read back nothing written from now on.
    await this.closeReader(this.writePart);
    const path = this.writePath;
    this.hold({
      lane: this.metaLane, conn: 'capture', layer: 'meta', dir: 'in',
      raw: JSON.stringify({ kind: 'capture-file-recreated', path, bytes: this.written, detail: `The capture file was removed while recording; it was created again at ${path} with the ${this.written} bytes already written, and recording continued there.` }),
    });
  }

  private async closeReader(part: number): Promise<void> {
    const reader = this.readers.get(part);
    this.readers.delete(part);
    await reader?.then((handle) => handle.close(), () => undefined);
  }

  /** Lines whose place in the file the journal holds (12 bytes each): all of them unless opened without readBack. */
  get indexedLines(): number {
    return this.lines.held;
  }

  /** Envelopes recorded but not in the file because a write failed; they stay in memory until retry() writes them. */
  get unwrittenCount(): number {
    return this.failure ? this.lastSeq - this.writtenSeq : 0;
  }

  /** Every file of the recording so far, in order: `path`, then the files it continued in. */
  get files(): readonly string[] {
    return this.parts.map((part) => part.path);
  }

  /**
   * After a failed write (say the disk was full and space was freed), writes everything held
   * back, in order, and resumes normal flushing. Rejects with the new error if it fails again.
   */
  async retry(): Promise<void> {
    await this.writing;
    if (!this.failure) return;
    if (this.closing) throw new Error(`The capture journal ${this.path} is closed; its unwritten envelopes cannot be retried`);
    this.failure = undefined;
    // The failed write may have left part of a line; a newline ends that fragment so it reads as
    // one skipped line instead of spoiling the first line written now. Readers ignore blank lines.
    await this.moveUnwrittenPast(1);
    this.held = [Buffer.from('\n'), ...this.unwritten.splice(0), ...this.held];
    this.pendingBytes = this.held.reduce((sum, segment) => sum + segmentBytes(segment), this.chunkUsed);
    this.pendingLastSeq = this.lastSeq;
    await this.flush();
    if (this.failure) throw this.failure;
  }

  /**
   * The lines not written yet were given offsets as if they followed the last good write. What a
   * failed write left in the file, plus `extra` bytes written before them, moves them further
   * on: without this, readBack could no longer find any frame recorded after the failure. Only
   * the lines of the file being written move; later files start afresh after their header.
   */
  private async moveUnwrittenPast(extra: number): Promise<void> {
    const size = await this.file.size?.().catch(() => undefined);
    if (size === undefined || size < this.written) return;
    const shift = size - this.written + extra;
    this.written = size;
    const nextPart = this.parts[this.writePart + 1];
    const end = nextPart ? nextPart.firstSeq - 1 : this.lines.length;
    for (let index = this.writtenSeq; index < end; index++) this.lines.setOffset(index, this.lines.offset(index) + shift);
    if (!nextPart) this.assignedBytes += shift;
  }

  /**
   * Envelopes by seq, read back from the files (flushing first when one is still buffered).
   * Each line read is checked to be the seq asked for: after a failed write a file may not
   * match the offsets, and then the answer is undefined rather than another frame.
   */
  async readBack(seqs: readonly number[]): Promise<(Envelope | undefined)[]> {
    if (this.options.readBack === false) throw new Error(`The capture journal ${this.path} was opened without readBack: it keeps no index of the lines already written`);
    if (seqs.some((seq) => seq > this.writtenSeq)) await this.flush();
    const found = new Map<number, Envelope>();
    const wanted = [...new Set(seqs)].filter((seq) => seq >= 1 && seq <= this.writtenSeq).sort((a, b) => a - b);
    // Neighbouring lines of one file are read in one go: a page of the timeline is one read.
    for (let start = 0; start < wanted.length;) {
      const part = this.partOf(wanted[start] as number);
      let end = start;
      while (end + 1 < wanted.length && (wanted[end + 1] as number) === (wanted[end] as number) + 1 && end - start < 4096 && this.partOf(wanted[end + 1] as number) === part) end++;
      await this.readLinesBack(part, (wanted[start] as number) - 1, (wanted[end] as number) - 1, found);
      start = end + 1;
    }
    if (this.failure) this.readHeldBack(seqs, found);
    return seqs.map((seq) => found.get(seq));
  }

  /** Reads the lines of seqs first + 1 .. last + 1, all in part `part`, into `found`. */
  private async readLinesBack(part: number, first: number, last: number, found: Map<number, Envelope>): Promise<void> {
    try {
      let reader = this.readers.get(part);
      if (!reader) {
        reader = open((this.parts[part] as { path: string }).path, 'r');
        this.readers.set(part, reader);
      }
      const handle = await reader;
      const from = this.lines.offset(first);
      const length = this.lines.end(last) - from;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, from);
      for (let index = first; index <= last; index++) {
        const offset = this.lines.offset(index) - from;
        const text = buffer.toString('utf8', offset, offset + this.lines.lengthOf(index)).replace(/\n$/, '');
        const parsed = parseEnvelopeLine(text, CAPTURE_VERSION);
        if (parsed.ok && parsed.envelope.seq === index + 1) found.set(index + 1, parsed.envelope);
      }
    } catch {
      // An unreadable file answers nothing rather than something wrong.
    }
  }

  /**
   * After a failed write, the lines not in the file are read from memory, so a live session
   * still shows the frames recorded after the disk filled. Held in order, they continue the
   * file being written from `written` (each buffer starts on a line), and after each part break
   * the next file from its header, as their offsets say.
   */
  private readHeldBack(seqs: readonly number[], found: Map<number, Envelope>): void {
    const buffers: { bytes: Buffer; start: number; part: number }[] = [];
    let at = this.written;
    let part = this.writePart;
    for (const segment of [...this.unwritten, ...this.held, this.chunk.subarray(0, this.chunkUsed)]) {
      if (isBreak(segment)) {
        part++;
        at = segment.header.length;
        continue;
      }
      buffers.push({ bytes: segment, start: at, part });
      at += segment.length;
    }
    for (const seq of seqs) {
      if (seq <= this.writtenSeq || seq > this.lastSeq || found.has(seq)) continue;
      const offset = this.lines.offset(seq - 1);
      const length = this.lines.lengthOf(seq - 1);
      const seqPart = this.partOf(seq);
      // The last buffer of its file starting at or before the line holds it (a line is never split between buffers).
      const holder = buffers.findLast((buffer) => buffer.part === seqPart && buffer.start <= offset);
      if (!holder) continue;
      const from = offset - holder.start;
      if (from < 0 || from + length > holder.bytes.length) continue;
      const parsed = parseEnvelopeLine(holder.bytes.toString('utf8', from, from + length).replace(/\n$/, ''), CAPTURE_VERSION);
      if (parsed.ok && parsed.envelope.seq === seq) found.set(seq, parsed.envelope);
    }
  }

  /** Flushes, syncs to disk and closes. Rejects if any write failed. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.readers.keys()].map((part) => this.closeReader(part)));
      await this.flush();
      // Removed since the last write, the file would vanish when closed: recreate it first.
      if (!this.failure) {
        await this.recreateIfRemoved();
        await this.flush();
      }
      let syncFailure: Error | undefined;
      try {
        if (!this.failure) await this.file.sync();
      } catch (error) {
        syncFailure = captureSyncFailure(this.writePath, error);
      } finally {
        await this.file.close();
      }
      if (syncFailure) {
        this.failure = syncFailure;
        this.options.onError?.(syncFailure);
        throw syncFailure;
      }
      if (this.failure) {
        throw new Error(`${this.failure.message} ${this.lastSeq - this.writtenSeq} envelope(s) recorded after the failure are not in it.`, { cause: this.failure });
      }
    })();
    return this.closing;
  }
}

/**
 * The payload's size in bytes, or 0 when it cannot exceed `threshold`: a UTF-16 code unit is at
 * most 3 bytes of UTF-8, and base64 decodes to fewer bytes than it has characters, so most
 * payloads need no count at all.
 */
function payloadBytes(raw: string, encoding: Envelope['encoding'], threshold: number): number {
  if (raw.length * 3 <= threshold) return 0;
  return Buffer.byteLength(raw, encoding === 'base64' ? 'base64' : 'utf8');
}
