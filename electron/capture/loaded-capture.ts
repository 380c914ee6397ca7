import { StringDecoder } from 'node:string_decoder';
import type { CaptureIndex } from '../../shared/capture/capture-index';
import { decodeJsonStringPrefix, parseEnvelopeLine, RAW_KEY } from '../../shared/capture/capture-lines';
import type { CaptureHeader, Envelope } from '../../shared/capture/envelope';
import type { SkippedRecord } from './capture-loader';

/** An envelope as the UI pages it: large payloads arrive as a prefix first. */
export interface PagedEnvelope {
  envelope: Envelope;
  /** False when `envelope.raw` holds only the first bytes of a large payload; readEnvelope gets it all. */
  rawComplete: boolean;
}

/** Where a loaded capture's bytes are read from: its file, or a set's files laid end to end. */
export interface CaptureBytes {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

export interface LoadedCaptureParts {
  path: string;
  /** Every file the capture was read from, in order, when a recording went on in more than one. */
  files?: readonly string[];
  compressed: boolean;
  file: CaptureBytes;
  header: CaptureHeader;
  fileVersion: number;
  index: CaptureIndex;
  skipped: SkippedRecord[];
  decompressedBytes: number;
  dispose: () => Promise<void>;
}

/** Records read in one go when they sit next to each other in the file. */
const MAX_SPAN_BYTES = 8 * 1024 * 1024;
const MAX_GAP_BYTES = 64 * 1024;
/** Room before `raw` for the metadata of a large record (headers can be long). */
const PREVIEW_METADATA_BYTES = 64 * 1024;
export const DEFAULT_PREVIEW_BYTES = 4096;
/** Lines this long are previewed even if their writer did not mark them `large`. */
const LARGE_LINE_BYTES = 1024 * 1024;

/**
 * A loaded capture: its header, indexes, pairing and what was skipped, with envelopes read from
 * disk on demand by seq or record number. Call close() when done; for a compressed capture that
 * also removes the decompressed copy.
 */
export class LoadedCapture {
  readonly path: string;
  /** The files it was read from: `path` alone, or a rotated recording's files in order. */
  readonly files: readonly string[];
  readonly compressed: boolean;
  readonly header: CaptureHeader;
  /** The format version the file was written in (the header is upgraded to the current one). */
  readonly fileVersion: number;
  readonly index: CaptureIndex;
  readonly skipped: readonly SkippedRecord[];
  readonly decompressedBytes: number;
  private readonly file: CaptureBytes;
  private readonly dispose: () => Promise<void>;
  private closed: Promise<void> | undefined;

  constructor(parts: LoadedCaptureParts) {
    this.path = parts.path;
    this.files = parts.files ?? [parts.path];
    this.compressed = parts.compressed;
    this.header = parts.header;
    this.fileVersion = parts.fileVersion;
    this.index = parts.index;
    this.skipped = parts.skipped;
    this.decompressedBytes = parts.decompressedBytes;
    this.file = parts.file;
    this.dispose = parts.dispose;
  }

  get count(): number {
    return this.index.count;
  }

  get pairing() {
    return this.index.pairing;
  }

  async readEnvelope(seq: number): Promise<Envelope | undefined> {
    const record = this.index.recordOfSeq(seq);
    return record < 0 ? undefined : (await this.readRecords([record]))[0];
  }

  /** Whole envelopes for any list of seqs, in the order given; undefined where a seq is not in the capture. */
  async readSeqs(seqs: readonly number[]): Promise<(Envelope | undefined)[]> {
    const records = seqs.map((seq) => this.index.recordOfSeq(seq));
    // Read in file order so neighbours coalesce into one read, then put back in the caller's order.
    const wanted = [...new Set(records.filter((r) => r >= 0))].sort((x, y) => x - y);
    const read = await this.readRecords(wanted);
    const byRecord = new Map(wanted.map((record, i) => [record, read[i] as Envelope]));
    return records.map((record) => byRecord.get(record));
  }

  /** Whole envelopes with seq in [fromSeq, toSeq], in seq order. */
  readSeqRange(fromSeq: number, toSeq: number): Promise<Envelope[]> {
    return this.readRecords(this.index.recordsInSeqRange(fromSeq, toSeq));
  }

  /** Whole envelopes by record number (as the index's queries return them), in the order given. */
  async readRecords(records: ArrayLike<number>): Promise<Envelope[]> {
    const lines = await this.readLines(records);
    return lines.map((text, i) => this.parse(text, records[i] as number));
  }

  /**
   * A page for the UI: envelopes with seq in [fromSeq, toSeq], where large payloads come as their
   * first `previewBytes` only, so paging never reads a megabyte payload nobody opened.
   */
  async readPage(fromSeq: number, toSeq: number, previewBytes = DEFAULT_PREVIEW_BYTES): Promise<PagedEnvelope[]> {
    const records = [...this.index.recordsInSeqRange(fromSeq, toSeq)];
    const small = records.filter((r) => !this.previewed(r));
    const whole = new Map<number, Envelope>();
    const read = await this.readRecords(small);
    small.forEach((record, i) => whole.set(record, read[i] as Envelope));
    return Promise.all(records.map(async (record) => {
      const envelope = whole.get(record);
      return envelope ? { envelope, rawComplete: true } : this.readPreviewOfRecord(record, previewBytes);
    }));
  }

  async readPreview(seq: number, previewBytes = DEFAULT_PREVIEW_BYTES): Promise<PagedEnvelope | undefined> {
    const record = this.index.recordOfSeq(seq);
    return record < 0 ? undefined : this.readPreviewOfRecord(record, previewBytes);
  }

  /** Every envelope in file order, read in batches: for exports and diagnosis over captures of any size. */
  async *envelopes(batchSize = 2000): AsyncGenerator<Envelope> {
    for (let start = 0; start < this.count; start += batchSize) {
      const records = new Uint32Array(Math.min(batchSize, this.count - start));
      for (let i = 0; i < records.length; i++) records[i] = start + i;
      yield* await this.readRecords(records);
    }
  }

  close(): Promise<void> {
    this.closed ??= this.dispose();
    return this.closed;
  }

  private previewed(record: number): boolean {
    return this.index.isLarge(record) || (this.index.lengths[record] as number) > LARGE_LINE_BYTES;
  }

  private async readPreviewOfRecord(record: number, previewBytes: number): Promise<PagedEnvelope> {
    const length = this.index.lengths[record] as number;
    const headBytes = Math.min(length, PREVIEW_METADATA_BYTES + previewBytes);
    const head = await this.readBytes(this.index.offsets[record] as number, headBytes);
    const rawAt = head.indexOf(RAW_KEY);
    if (headBytes === length || rawAt < 1 || head[rawAt - 1] !== 0x2c /* , */) {
      // Whole line already read, or `raw` is not last (another writer): fall back to the full record.
      const envelope = this.parse(headBytes === length ? head.toString('utf8') : (await this.readLines([record]))[0] as string, record);
      const complete = envelope.raw.length <= previewBytes;
      return { envelope: complete ? envelope : { ...envelope, raw: envelope.raw.slice(0, previewBytes) }, rawComplete: complete };
    }
    const meta = JSON.parse(`${head.toString('utf8', 0, rawAt - 1)}}`) as Omit<Envelope, 'raw'>;
    const rawStart = rawAt + RAW_KEY.length;
    const body = new StringDecoder('utf8').write(head.subarray(rawStart, Math.min(head.length, rawStart + previewBytes)));
    const { text, complete } = decodeJsonStringPrefix(body);
    return { envelope: { ...meta, raw: text }, rawComplete: complete };
  }

  private parse(text: string, record: number): Envelope {
    const parsed = parseEnvelopeLine(text, this.fileVersion);
    if (!parsed.ok) {
      throw new Error(`${this.path} changed after it was loaded: record ${record} (seq ${this.index.seqs[record]}) no longer reads (${parsed.reason}). Reload the capture.`);
    }
    return parsed.envelope;
  }

  /** Reads lines by record number, coalescing neighbours in the file into one read. */
  private async readLines(records: ArrayLike<number>): Promise<string[]> {
    const { offsets, lengths } = this.index;
    const out = new Array<string>(records.length);
    let i = 0;
    while (i < records.length) {
      const first = records[i] as number;
      const spanStart = offsets[first] as number;
      let spanEnd = spanStart + (lengths[first] as number);
      let j = i + 1;
      for (; j < records.length; j++) {
        const next = records[j] as number;
        const nextStart = offsets[next] as number;
        const nextEnd = nextStart + (lengths[next] as number);
        if (nextStart < spanEnd || nextStart - spanEnd > MAX_GAP_BYTES || nextEnd - spanStart > MAX_SPAN_BYTES) break;
        spanEnd = nextEnd;
      }
      const span = await this.readBytes(spanStart, spanEnd - spanStart);
      for (let k = i; k < j; k++) {
        const record = records[k] as number;
        const start = (offsets[record] as number) - spanStart;
        out[k] = span.toString('utf8', start, start + (lengths[record] as number));
      }
      i = j;
    }
    return out;
  }

  private async readBytes(offset: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.file.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) throw new Error(`${this.path} is shorter than when it was loaded (wanted bytes ${offset}..${offset + length}). Reload the capture.`);
      filled += bytesRead;
    }
    return buffer;
  }
}
