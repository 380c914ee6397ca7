import { createReadStream, createWriteStream } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Copies a session's capture file (a live journal or a loaded capture) to where the user saves
 * it, gzip-compressed when the name ends in .gz. A live journal is copied as it stands: every
 * line flushed so far, which the loader reads even if the last one is still being written.
 * Replacing an existing file is the caller's decision (the Save dialog asked the user); the
 * copy lands by rename, so a reader never sees half a file.
 */
export async function saveCaptureCopy(source: string, target: string): Promise<{ path: string; bytes: number }> {
  const temporary = `${target}.partial`;
  const compress = target.toLowerCase().endsWith('.gz');
  const sourceIsGzip = await startsWithGzip(source);
  if (compress && !sourceIsGzip) await pipeline(createReadStream(source), createGzip(), createWriteStream(temporary, { flags: 'wx' }));
  else await pipeline(createReadStream(source), createWriteStream(temporary, { flags: 'wx' }));
  await rename(temporary, target);
  return { path: target, bytes: (await stat(target)).size };
}

async function startsWithGzip(file: string): Promise<boolean> {
  const stream = createReadStream(file, { start: 0, end: 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const head = Buffer.concat(chunks);
  return head[0] === 0x1f && head[1] === 0x8b;
}
