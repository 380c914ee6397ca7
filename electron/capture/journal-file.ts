import { open, type FileHandle } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from '../private-file';

/** Where the journal's bytes go: an open file, appended to in order. */
export interface JournalFile {
  append(data: Buffer): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
  /** Bytes in the file now; after a failed write, says how much of it landed. */
  size?(): Promise<number>;
  /**
   * Cuts the file back to `size` bytes. After a failed write it removes the torn piece of a
   * line the write left, so the file ends on the last whole envelope. Needs no free space.
   */
  truncate?(size: number): Promise<void>;
  /**
   * When the file was removed from its directory while open (its link count is 0), creates it
   * again at the same path holding the first `written` bytes and continues there; true when it
   * did. Without this, on Linux every later write succeeds into a file no one can open, and the
   * whole capture vanishes when the handle closes.
   */
  recreateIfRemoved?(written: number): Promise<boolean>;
}

/**
 * A capture file on disk, created at `path` (replacing one there only with `overwrite`). Opened
 * for reading too: when the file is removed, what it holds is read back from this handle.
 */
export async function openJournalFile(path: string, overwrite: boolean): Promise<JournalFile> {
  let handle = await open(path, overwrite ? 'w+' : 'wx+', PRIVATE_FILE_MODE);
  // Writes go to an explicit position: after truncate() the handle's own offset would stay past
  // the new end, and the next write would leave a hole of zero bytes before it.
  let position = 0;
  return {
    async append(data) {
      await writeAll(handle, data, position, (bytes) => { position += bytes; });
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
    size: async () => (await handle.stat()).size,
    async truncate(size) {
      await handle.truncate(size);
      position = size;
    },
    async recreateIfRemoved(written) {
      if ((await handle.stat()).nlink > 0) return false;
      // 'wx': if someone put another file at the path, that file is theirs; this fails instead.
      const fresh = await open(path, 'wx+', PRIVATE_FILE_MODE);
      try {
        await copyPrefix(handle, fresh, written);
      } catch (error) {
        await fresh.close();
        throw error;
      }
      const old = handle;
      handle = fresh;
      position = written;
      await old.close();
      return true;
    },
  };
}

/** Writes all of `data` at `at`, reporting each part stored: a disk filling up stores what fits, then fails. */
async function writeAll(handle: FileHandle, data: Buffer, at: number, stored: (bytes: number) => void): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, at + offset);
    offset += bytesWritten;
    stored(bytesWritten);
  }
}

/** Copies the first `length` bytes of `from` (read by position, so its write offset is untouched) to `to`. */
async function copyPrefix(from: FileHandle, to: FileHandle, length: number): Promise<void> {
  const buffer = Buffer.allocUnsafe(Math.min(length, 4 * 1024 * 1024));
  for (let position = 0; position < length;) {
    const { bytesRead } = await from.read(buffer, 0, Math.min(buffer.length, length - position), position);
    if (bytesRead === 0) throw new Error(`the removed capture file ended at ${position} bytes, before the ${length} already written`);
    await writeAll(to, buffer.subarray(0, bytesRead), position, () => undefined);
    position += bytesRead;
  }
}
