import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PRIVATE_FILE_MODE } from '../private-file';

export const RecentCapture = z.object({ path: z.string(), openedAt: z.number(), title: z.string() });
export type RecentCapture = z.infer<typeof RecentCapture>;

const MAX_RECENT = 12;

/** The captures the user opened lately, newest first, kept in the data dir across launches. */
export class RecentCaptures {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'recent-captures.json');
  }

  async list(): Promise<RecentCapture[]> {
    try {
      const parsed = z.array(RecentCapture).safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  async add(entry: RecentCapture): Promise<RecentCapture[]> {
    const next = [entry, ...(await this.list()).filter((r) => r.path !== entry.path)].slice(0, MAX_RECENT);
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFile(`${this.file}.tmp`, JSON.stringify(next, null, 2), { mode: PRIVATE_FILE_MODE });
    await rename(`${this.file}.tmp`, this.file);
    return next;
  }
}
