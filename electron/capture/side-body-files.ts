import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { CaptureSink } from '../../shared/capture/envelope';
import type { SideBodies, SideBody, SideBodyRecord } from '../../shared/capture/side-body';
import { PRIVATE_FILE_MODE } from '../private-file';

/** `run.parallax` → `run.bodies`: the folder of side files, beside the capture it belongs to. */
export function sideBodiesFolder(capturePath: string): string {
  return `${basename(capturePath, extname(capturePath))}.bodies`;
}

/**
 * Side files for one recording, numbered in the order they begin (`run.bodies/body-1.bin`): a
 * frame's seq is only known once it ends, and its `clip.file` names the file anyway. Each file
 * stops at `capBytes` so one endless body cannot fill the disk.
 */
export class SideBodyFiles implements SideBodies {
  private count = 0;
  private readonly folder: string;

  constructor(private readonly capturePath: string, private readonly capBytes: number) {
    this.folder = sideBodiesFolder(capturePath);
  }

  open(): SideBody {
    const name = `${this.folder}/body-${++this.count}.bin`;
    return new SideBodyFile(join(dirname(this.capturePath), name), name, this.capBytes);
  }
}

/** The sink a recording writes to, with side files for the bodies past frame-bytes. */
export function keepingWholeBodies(sink: CaptureSink, capturePath: string, capBytes: number): CaptureSink {
  return { record: (input) => sink.record(input), sideBodies: new SideBodyFiles(capturePath, capBytes) };
}

/**
 * Writes synchronously: a body arrives faster than an async stream may drain, and what waits
 * for the disk would wait in memory. A failed write (ENOSPC, EIO) stops this file only; the
 * lane and the capture go on, and the record says why the file is short.
 */
class SideBodyFile implements SideBody {
  private fd: number | undefined;
  private size = 0;
  private readonly hash: Hash = createHash('sha256');
  private stopped: SideBodyRecord['stopped'];
  private record: SideBodyRecord | undefined;

  constructor(path: string, private readonly name: string, private readonly capBytes: number) {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      this.fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
    } catch (error) {
      this.fail(error);
    }
  }

  write(chunk: Uint8Array): void {
    if (this.fd === undefined) return;
    const room = this.capBytes - this.size;
    const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
    let done = 0;
    try {
      while (done < part.byteLength) done += writeSync(this.fd, part, done);
    } catch (error) {
      this.hash.update(part.subarray(0, done));
      this.size += done;
      this.fail(error);
      return;
    }
    this.hash.update(part);
    this.size += part.byteLength;
    if (part !== chunk) this.stop({ reason: 'capture-bytes', detail: `stopped at capture-bytes (${this.capBytes} bytes); the frame's size and sha256 are of the whole body` });
  }

  end(): SideBodyRecord {
    if (this.record) return this.record;
    this.close();
    this.record = { file: this.name, fileSize: this.size, fileSha256: this.hash.digest('hex'), ...(this.stopped ? { stopped: this.stopped } : {}) };
    return this.record;
  }

  private fail(error: unknown): void {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    this.stop({ reason: 'write-failed', detail: code && !message.includes(code) ? `${code} ${message}` : message });
  }

  private stop(why: NonNullable<SideBodyRecord['stopped']>): void {
    this.stopped ??= why;
    this.close();
  }

  private close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // The bytes counted were written; a failing close leaves nothing more to say than the file.
    }
  }
}
