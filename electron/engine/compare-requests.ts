import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { diffCaptures } from '../../shared/compare/capture-diff';
import { diffHeadline } from '../../shared/compare/diff-report';
import type { ComparableCapture, compareRequests } from '../../shared/ipc/compare';
import { diffSide, readDiagnosedCapture } from '../capture/diagnosed-capture';
import type { Handlers } from './dispatch';
import type { RecentCaptures } from './recent-captures';
import { runCaptureLabel } from './run-capture-name';

type CompareHandlers = Pick<Handlers, keyof typeof compareRequests>;

/** The newest runs offered for comparison; older ones are still a file away (Open capture). */
const MAX_RUNS = 20;

/**
 * The Compare view: what the current session can be compared with (the app's own earlier runs
 * in its captures folder, the captures opened lately), and the diff itself, both captures read and
 * diagnosed as `parallax diff` reads them, so the app and the command line report the same
 * differences. A file that is not a capture fails as a CaptureInputError naming the file and why.
 */
export function compareRequestHandlers(deps: { capturesDir: string; recent: RecentCaptures }): CompareHandlers {
  return {
    listComparableCaptures: async () => {
      const names = await readdir(deps.capturesDir).catch(() => [] as string[]);
      const runs = await Promise.all(names.filter((n) => /\.parallax(\.gz)?$/.test(n)).map(async (name): Promise<ComparableCapture | undefined> => {
        const file = path.join(deps.capturesDir, name);
        const info = await stat(file).catch(() => undefined);
        return info?.isFile() ? { path: file, title: runCaptureLabel(name), at: info.mtimeMs, source: 'run' } : undefined;
      }));
      const newestRuns = runs.filter((r): r is ComparableCapture => r !== undefined).sort((a, b) => b.at - a.at).slice(0, MAX_RUNS);
      const recent = (await deps.recent.list()).map((r): ComparableCapture => ({ path: r.path, title: r.title, at: r.openedAt, source: 'recent' }));
      // A run the user also opened is listed once, as the run.
      const byPath = new Map<string, ComparableCapture>();
      for (const capture of [...newestRuns, ...recent]) if (!byPath.has(capture.path)) byPath.set(capture.path, capture);
      return { captures: [...byPath.values()].sort((a, b) => b.at - a.at) };
    },
    compareCaptures: async ({ before, after }) => {
      const [a, b] = await Promise.all([readDiagnosedCapture(before), readDiagnosedCapture(after)]);
      const diff = diffCaptures(diffSide(a), diffSide(b));
      return { diff, headline: diffHeadline(diff) };
    },
  };
}
