import { open, rename, rm } from 'node:fs/promises';
import type { Har } from '../../shared/capture/har-schema';

/**
 * Writes a HAR file entry by entry, so a capture whose HAR exceeds V8's largest string still
 * exports, and through a temporary file renamed into place, so a failed export never leaves a
 * half-written file where a good one was.
 */
export async function writeHarFile(path: string, har: Har): Promise<void> {
  const temporary = `${path}.${process.pid}.partial`;
  const file = await open(temporary, 'w');
  try {
    const { entries, ...log } = har.log;
    const head = JSON.stringify({ log: { ...log, entries: [] } });
    const [before, after] = splitAtEntries(head);
    await file.write(`${before}\n`);
    for (let i = 0; i < entries.length; i++) {
      await file.write(`${JSON.stringify(entries[i])}${i < entries.length - 1 ? ',' : ''}\n`);
    }
    await file.write(after);
    await file.sync();
    await file.close();
    await rename(temporary, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

function splitAtEntries(json: string): [string, string] {
  const marker = '"entries":[]';
  const at = json.lastIndexOf(marker);
  return [json.slice(0, at + marker.length - 1), json.slice(at + marker.length - 1)];
}
