import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Envelope } from '../../shared/capture/envelope';
import type { SideBodyPage } from '../../shared/ipc/contract';
import { headText } from './clipped-body';

/** What the renderer gets of a side file at once: a page, never the body (one may be a GiB). */
export const SIDE_BODY_PAGE_BYTES = 64 * 1024;

/**
 * The names a side file may have. A capture may come from anyone, and its `clip.file` is only
 * followed into the capture's own `<name>.bodies/` folder, never `..` or an absolute path.
 */
const SIDE_FILE_NAME = /^[^/\\]+\.bodies\/body-\d+\.bin$/;

type Clip = NonNullable<Envelope['clip']>;

/** Hashes of files already checked, by path, size and modification time: paging a GiB body re-hashes it once. */
const checked = new Map<string, string>();

async function sha256Of(path: string, size: number, mtimeMs: number): Promise<string> {
  const key = `${path}\0${size}\0${mtimeMs}`;
  const known = checked.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  // Streamed: the engine's memory stays the same for a 17-byte file and a 1 GiB one.
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  checked.set(key, digest);
  return digest;
}

/** One page of the side file of a frame recorded beside `capturePath`, its SHA-256 checked against the frame's. */
export async function readSideBodyPage(capturePath: string, clip: Clip & { file: string }, offset: number, pageBytes = SIDE_BODY_PAGE_BYTES): Promise<SideBodyPage> {
  const base = { file: clip.file, fileSize: clip.fileSize ?? 0, offset, text: '', nextOffset: null };
  if (!SIDE_FILE_NAME.test(clip.file)) return { ...base, status: 'refused', detail: `The frame names ${JSON.stringify(clip.file)} as its side file, which is not a side-file name (<capture>.bodies/body-N.bin); it is not opened.` };
  const path = join(dirname(capturePath), clip.file);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ...base, status: 'missing', detail: `The side file ${clip.file} is not beside the capture (${code}); it was moved or deleted, or the capture was opened from a copy or a bundle, which never holds side files.` };
  }
  const expected = clip.fileSha256 ?? clip.sha256;
  const actual = await sha256Of(path, info.size, info.mtimeMs);
  const verified = actual === expected;
  const detail = verified
    ? `SHA-256 verified: ${clip.file} holds ${info.size} bytes as recorded.`
    : `SHA-256 mismatch: ${clip.file} is not the body as recorded (it has ${actual}, the frame says ${expected}); it changed after the recording.`;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(pageBytes, Math.max(0, info.size - offset)));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    const end = offset + bytesRead >= info.size;
    // A page ends on a whole character, so the next one starts on one.
    const text = end ? buffer.toString('utf8', 0, bytesRead) : headText(buffer.subarray(0, bytesRead));
    const used = end ? bytesRead : Buffer.byteLength(text);
    return { ...base, fileSize: info.size, status: verified ? 'verified' : 'mismatch', detail, text, nextOffset: end ? null : offset + Math.max(used, 1) };
  } finally {
    await handle.close();
  }
}
