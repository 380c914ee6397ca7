import { open } from 'node:fs/promises';
import type { JournalFile } from '../journal-file';

/**
 * A real file on a disk that stores what fits of a write, then fails with ENOSPC: what a real
 * filesystem does when it fills (disk-full.test.ts runs the journal on one, as root). `room` is
 * how many more bytes fit; Infinity once space is freed.
 */
export async function openFillingFile(path: string): Promise<{ file: JournalFile; setRoom(bytes: number): void }> {
  const handle = await open(path, 'w+');
  let room = Infinity;
  let end = 0;
  const file: JournalFile = {
    async append(data: Buffer) {
      const fits = Math.min(room, data.length);
      await handle.write(data, 0, fits, end);
      end += fits;
      room -= fits;
      if (fits < data.length) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
    size: async () => (await handle.stat()).size,
    async truncate(size: number) {
      await handle.truncate(size);
      end = size;
    },
  };
  return { file, setRoom: (bytes) => { room = bytes; } };
}
