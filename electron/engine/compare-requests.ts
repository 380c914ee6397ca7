import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { diffCaptures } from '../../shared/compare/capture-diff';
import { diffHeadline } from '../../shared/compare/diff-report';
import type { ComparableCapture, compareRequests } from '../../shared/ipc/compare';
import { diffSide, readDiagnosedCapture } from '../capture/diagnosed-capture';
import type { Handlers } from './dispatch';
import type { RecentCaptures } from './recent-captures';

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
        // Run captures are named <ISO time>-<label>.parallax; the label is what a reader knows them by.
        return info?.isFile() ? { path: file, title: name.replace(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-/, '').replace(/\.parallax(\.gz)?$/, ''), at: info.mtimeMs, source: 'run' } : undefined;
      }));
      const recent = (await deps.recent.list()).map((r): ComparableCapture => ({ path: r.path, title: r.title, at: r.openedAt, source: 'recent' }));
      const newestRuns = runs.filter((r): r is ComparableCapture => r !== undefined).sort((a, b) => b.at - a.at).slice(0, MAX_RUNS);
      const seen = new Set<string>();
      const captures = [...newestRuns, ...recent].filter((c) => !seen.has(c.path) && Boolean(seen.add(c.path))).sort((a, b) => b.at - a.at);
      return { captures };
    },
    compareCaptures: async ({ before, after }) => {
      const [a, b] = await Promise.all([readDiagnosedCapture(before), readDiagnosedCapture(after)]);
      const diff = diffCaptures(diffSide(a), diffSide(b));
      return { diff, headline: diffHeadline(diff) };
    },
  };
}
