import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { CaptureIndexBuilder } from '../../shared/capture/capture-index';
import { CaptureFormatError, parseEnvelopeLine, parseHeaderLine } from '../../shared/capture/capture-lines';
import { capturePartName } from '../../shared/capture/capture-parts';
import type { CaptureHeader, Envelope } from '../../shared/capture/envelope';
import { LoadedCapture, type CaptureBytes } from './loaded-capture';
import { LineSplitter, type OversizedLine, type SplitLine } from './line-splitter';
import { PRIVATE_FILE_MODE } from '../private-file';

/** What the loader left out of a damaged capture, precisely enough to find it in the file. */
export interface SkippedRecord {
  kind: 'torn-last-line' | 'invalid-line' | 'duplicate-seq' | 'line-too-long' | 'truncated-gzip' | 'corrupt-gzip' | 'invalid-asked';
  /** 1-based line number in the (decompressed) text; the header is line 1. */
  line: number;
  /** Byte offset and length of what was skipped, in the decompressed text. */
  offset: number;
  bytes: number;
  reason: string;
  /** The start of the skipped text, for showing it; empty when nothing readable was left. */
  excerpt: string;
  /** For a recording kept in several files: the file (name only) it was in, when not the first; line and offset are within that file. */
  file?: string;
}

export interface LoadProgress {
  /** Bytes of the file read so far (compressed bytes for a .gz). */
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export interface OpenCaptureOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** Each record the load keeps, in file order, as the scan reads it: lets a caller build rows in the same pass. */
  onEnvelope?: (envelope: Envelope) => void;
  signal?: AbortSignal;
  /** Lines longer than this are skipped and reported instead of being held in memory. */
  maxLineBytes?: number;
  /** Where a compressed capture is decompressed to so it can be read at random. */
  tempDir?: string;
}

const DEFAULT_MAX_LINE_BYTES = 512 * 1024 * 1024;
// Each chunk is parsed in one go; 256 KiB keeps that to a few ms so the Electron main process stays responsive.
const READ_CHUNK_BYTES = 256 * 1024;
const EXCERPT_CHARS = 160;
const GZIP_MAGIC = [0x1f, 0x8b];
/** A capture header is short; a file whose first line is longer than this is not a part of a set. */
const HEADER_PEEK_BYTES = 64 * 1024;

/**
 * Opens a `.parallax` or gzip-compressed capture of any size: streams it once, building the
 * indexes and pairing without keeping envelopes, then reads records on demand. Damage (a torn
 * last line, garbage lines, a truncated gzip) never stops the load: every good record is kept
 * and each skipped piece is listed in `skipped`. A file that is not a capture, or is from a
 * newer format version, throws CaptureFormatError / CaptureVersionError.
 */
export async function openCapture(path: string, options: OpenCaptureOptions = {}): Promise<LoadedCapture> {
  const compressed = await startsWithGzipMagic(path);
  const files = compressed ? [path] : await captureFilesOf(path);
  if (files.length > 1) return openCaptureSet(files, options);
  const totalBytes = (await stat(path)).size;
  let spillDir: string | undefined;
  let spill: FileHandle | undefined;
  try {
    if (compressed) {
      spillDir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'parallax-capture-'));
      spill = await open(join(spillDir, 'capture.parallax'), 'w+', PRIVATE_FILE_MODE);
    }
    const scan = new CaptureScanner(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, options.onEnvelope);
    const input = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    const report = () => options.onProgress?.({ bytesRead: input.bytesRead, totalBytes, records: scan.builder.count });
    if (compressed) {
      const gunzip = createGunzip();
      let readError: Error | undefined;
      input.on('error', (error) => { readError = error; gunzip.destroy(error); });
      input.pipe(gunzip);
      try {
        for await (const chunk of gunzip as AsyncIterable<Buffer>) {
          options.signal?.throwIfAborted();
          await (spill as FileHandle).write(chunk);
          scan.push(chunk);
          report();
        }
      } catch (error) {
        // Only zlib's own errors mean damaged data; a bad header, a full temp disk or an abort stay errors.
        if (readError || !isZlibError(error)) throw readError ?? error;
        scan.gzipFailed(error);
      } finally {
        input.destroy();
      }
    } else {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        options.signal?.throwIfAborted();
        scan.push(chunk);
        report();
      }
    }
    scan.end();
    report();
    const header = scan.header();
    const index = scan.builder.finish();
    const file = spill ?? (await open(path, 'r'));
    return new LoadedCapture({
      path, compressed, file, header, fileVersion: scan.fileVersion, index, skipped: scan.skipped, decompressedBytes: scan.bytes,
      dispose: async () => {
        await file.close();
        if (spillDir) await rm(spillDir, { recursive: true, force: true });
      },
    });
  } catch (error) {
    await spill?.close();
    if (spillDir) await rm(spillDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A recording that reached `capture-bytes` went on in further files (capturePartName); opened
 * from any of them, it opens whole: back to the first file its header names, then forward
 * while the next file's header says it continues the one before. One file otherwise.
 */
export async function captureFilesOf(path: string): Promise<string[]> {
  const dir = dirname(path);
  const link = (await readHeaderOf(path))?.continues;
  const first = link ? join(dir, link.first) : path;
  const files = [first];
  for (let part = 2; ; part++) {
    const next = join(dir, capturePartName(basename(first), part));
    const nextLink = (await readHeaderOf(next))?.continues;
    if (!nextLink || nextLink.part !== part || nextLink.previous !== basename(files[files.length - 1] as string)) break;
    files.push(next);
  }
  // A chain that does not lead back to the file asked for (parts moved or renamed) is not trusted.
  return files.includes(path) ? files : [path];
}

/** The header of a capture file, or undefined when it has none that reads (missing, compressed, not a capture). */
async function readHeaderOf(path: string): Promise<CaptureHeader | undefined> {
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    const { buffer, bytesRead } = await file.read(Buffer.alloc(HEADER_PEEK_BYTES), 0, HEADER_PEEK_BYTES, 0);
    const end = buffer.subarray(0, bytesRead).indexOf(10);
    return parseHeaderLine(buffer.toString('utf8', 0, end < 0 ? bytesRead : end)).header;
  } catch {
    return undefined;
  } finally {
    await file?.close();
  }
}

/**
 * The files of one recording read as one capture: their lines are indexed at offsets in the
 * files laid end to end, the first file's header is the capture's, and each later file's
 * header is checked and passed over.
 */
async function openCaptureSet(files: readonly string[], options: OpenCaptureOptions): Promise<LoadedCapture> {
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  const scan = new CaptureScanner(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, options.onEnvelope);
  let base = 0;
  for (const [index, file] of files.entries()) {
    scan.beginFile(base, index === 0 ? undefined : basename(file));
    const input = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
    for await (const chunk of input as AsyncIterable<Buffer>) {
      options.signal?.throwIfAborted();
      scan.push(chunk);
      options.onProgress?.({ bytesRead: base + input.bytesRead, totalBytes, records: scan.builder.count });
    }
    scan.end();
    base += sizes[index] as number;
  }
  const handles: FileHandle[] = [];
  try {
    for (const file of files) handles.push(await open(file, 'r'));
  } catch (error) {
    await Promise.all(handles.map((handle) => handle.close()));
    throw error;
  }
  const bytes = new FilesEndToEnd(handles, sizes);
  return new LoadedCapture({
    path: files[0] as string, files, compressed: false, file: bytes, header: scan.header(), fileVersion: scan.fileVersion,
    index: scan.builder.finish(), skipped: scan.skipped, decompressedBytes: scan.bytes, dispose: () => bytes.close(),
  });
}

/** Several files read as if laid end to end; a read stops at the end of the file it starts in. */
class FilesEndToEnd implements CaptureBytes {
  private readonly starts: number[] = [];

  constructor(private readonly handles: readonly FileHandle[], sizes: readonly number[]) {
    let at = 0;
    for (const size of sizes) {
      this.starts.push(at);
      at += size;
    }
  }

  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    let index = this.starts.length - 1;
    while (index > 0 && (this.starts[index] as number) > position) index--;
    const start = this.starts[index] as number;
    const next = this.starts[index + 1] ?? Number.POSITIVE_INFINITY;
    return (this.handles[index] as FileHandle).read(buffer, offset, Math.min(length, next - position), position - start);
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((handle) => handle.close()));
  }
}

function isZlibError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await file.close();
  }
}

/** Turns lines into a header, indexed records and a list of what was skipped. */
class CaptureScanner {
  readonly builder = new CaptureIndexBuilder();
  readonly skipped: SkippedRecord[] = [];
  private parsedHeader: CaptureHeader | undefined;
  fileVersion = 0;
  private lineNumber = 0;
  private splitter: LineSplitter;
  /** Where the file being read starts when a set's files are laid end to end, and its name after the first. */
  private base = 0;
  private file: string | undefined;
  private fileHeaderPending = false;

  constructor(private readonly maxLineBytes: number, private readonly onEnvelope?: (envelope: Envelope) => void) {
    this.splitter = this.newSplitter();
  }

  private newSplitter(): LineSplitter {
    return new LineSplitter((line) => this.line(line, false), (line) => this.oversized(line), this.maxLineBytes);
  }

  /** The next file of a set begins, at `base` bytes; it starts with its own header. */
  beginFile(base: number, file: string | undefined): void {
    if (base === 0) return;
    this.splitter = this.newSplitter();
    this.base = base;
    this.file = file;
    this.lineNumber = 0;
    this.fileHeaderPending = true;
  }

  /** Decompressed bytes seen. */
  bytes = 0;

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.splitter.push(chunk);
  }

  end(): void {
    const last = this.splitter.end();
    if (!last) return;
    if ('bytes' in last) this.line(last, true);
    else this.oversized(last);
  }

  /** The stream stopped early; whatever partial line is pending gets reported by end(). */
  gzipFailed(error: NodeJS.ErrnoException): void {
    const truncated = error.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(error.message);
    this.skipped.push({
      kind: truncated ? 'truncated-gzip' : 'corrupt-gzip',
      line: this.lineNumber + 1,
      offset: this.bytes,
      bytes: 0,
      reason: truncated
        ? 'The gzip stream ends early (the file was cut short); everything after this point is missing.'
        : `The gzip data is corrupt (${error.message}); nothing after this point could be decompressed.`,
      excerpt: '',
    });
  }

  header(): CaptureHeader {
    if (!this.parsedHeader) throw new CaptureFormatError('The file is empty: it has no MCP Parallax capture header.');
    return this.parsedHeader;
  }

  private line(line: SplitLine, last: boolean): void {
    this.lineNumber++;
    const text = line.bytes.toString('utf8');
    if (text.trim() === '') return;
    if (!this.parsedHeader) {
      const parsed = parseHeaderLine(text);
      ({ header: this.parsedHeader, fileVersion: this.fileVersion } = parsed);
      if (parsed.droppedAsked) this.skip('invalid-asked', line, text, parsed.droppedAsked);
      return;
    }
    if (this.fileHeaderPending) {
      // captureFilesOf read this header already; it only has to be passed over here.
      this.fileHeaderPending = false;
      return;
    }
    const parsed = parseEnvelopeLine(text, this.fileVersion);
    if (!parsed.ok) {
      this.skip(last ? 'torn-last-line' : 'invalid-line', line, text, last
        ? `The last line is incomplete, as a capture cut off mid-write leaves it: ${parsed.reason}`
        : parsed.reason);
      return;
    }
    if (!this.builder.add(parsed.envelope, { offset: this.base + line.offset, length: line.length })) {
      this.skip('duplicate-seq', line, text, `seq ${parsed.envelope.seq} appears earlier in the file; the first one is kept`);
      return;
    }
    this.onEnvelope?.(parsed.envelope);
  }

  private oversized(line: OversizedLine): void {
    this.lineNumber++;
    this.skipped.push({
      kind: 'line-too-long', line: this.lineNumber, offset: line.offset, bytes: line.length,
      reason: `The line is ${line.length} bytes, over the loader's limit; it was not read.`, excerpt: '', ...this.inFile(),
    });
  }

  private skip(kind: SkippedRecord['kind'], line: SplitLine, text: string, reason: string): void {
    const excerpt = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
    this.skipped.push({ kind, line: this.lineNumber, offset: line.offset, bytes: line.length, reason, excerpt, ...this.inFile() });
  }

  private inFile(): { file?: string } {
    return this.file === undefined ? {} : { file: this.file };
  }
}
