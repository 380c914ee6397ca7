import { createReadStream, createWriteStream } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { captureFilesOf } from '../capture/capture-loader';
import { PRIVATE_FILE_MODE } from '../private-file';

/**
 * Copies a session's capture file (a live journal or a loaded capture) to where the user saves
 * it, gzip-compressed when the name ends in .gz. A live journal is copied as it stands: every
 * line flushed so far, which the loader reads even if the last one is still being written.
 * Replacing an existing file is the caller's decision (the Save dialog asked the user); the
 * copy lands by rename, so a reader never sees half a file. A recording that went on in more
 * files at capture-bytes is saved as one file: the first whole, the others without their header.
 */
export async function saveCaptureCopy(source: string, target: string): Promise<{ path: string; bytes: number }> {
  const temporary = `${target}.partial`;
  const compress = target.toLowerCase().endsWith('.gz');
  const sourceIsGzip = await startsWithGzip(source);
  const files = sourceIsGzip ? [source] : await captureFilesOf(source);
  const input = () => (files.length === 1 ? createReadStream(source) : Readable.from(linesOfSet(files)));
  if (compress && !sourceIsGzip) await pipeline(input(), createGzip(), createWriteStream(temporary, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
  else await pipeline(input(), createWriteStream(temporary, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
  await rename(temporary, target);
  return { path: target, bytes: (await stat(target)).size };
}

/** The files' bytes in order, each file after the first from the line after its header. */
async function* linesOfSet(files: readonly string[]): AsyncGenerator<Buffer> {
  for (const [index, file] of files.entries()) {
    let inHeader = index > 0;
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      if (!inHeader) {
        yield chunk;
        continue;
      }
      const newline = chunk.indexOf(10);
      if (newline < 0) continue;
      inHeader = false;
      if (newline + 1 < chunk.length) yield chunk.subarray(newline + 1);
    }
  }
}

async function startsWithGzip(file: string): Promise<boolean> {
  const stream = createReadStream(file, { start: 0, end: 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const head = Buffer.concat(chunks);
  return head[0] === 0x1f && head[1] === 0x8b;
}
