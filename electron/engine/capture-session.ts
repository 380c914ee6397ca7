import path from 'node:path';
import type { LoadProgress } from '../capture/capture-loader';
import { openCaptureOrBundle } from '../capture/open-capture-or-bundle';
import { LaneId } from '../../shared/capture/envelope';
import { FrameStore } from './frame-store';
import { Session } from './session';

/** How often a long load tells the UI how far it got. */
const PROGRESS_EVERY_MS = 100;

/**
 * Opens a capture, the capture inside a bug-report bundle (.zip), or a HAR or JSON-RPC log
 * converted on open, as a replayable session: one
 * streaming pass indexes the file and builds the timeline's rows, while payloads stay on disk.
 * Damage the loader skipped is listed in the session's problems, line by line.
 */
export async function sessionFromCapture(file: string, onProgress?: (session: Session) => void): Promise<Session> {
  let lastProgress = 0;
  const placeholder = new Session({ source: 'capture', title: path.basename(file), path: file });
  const report = (progress: LoadProgress) => {
    const now = Date.now();
    if (now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    placeholder.loading = { bytesRead: progress.bytesRead, totalBytes: progress.totalBytes };
    onProgress?.(placeholder);
  };
  // Rows are built as the loader reads each record, before the session exists; body search
  // reads payloads through the session once it does.
  const built: { session?: Session } = {};
  const store = new FrameStore((seqs) => built.session?.bodies(seqs) ?? Promise.resolve(seqs.map(() => undefined)));
  const source = await openCaptureOrBundle(file, { onProgress: report, onEnvelope: (envelope) => store.append(envelope) });
  const loaded = source.capture;
  const present = new Set<LaneId>([...loaded.header.lanes.map((l) => l.lane), ...(Object.keys(loaded.index.summary().byLane) as LaneId[])]);
  const lanes = LaneId.options.filter((lane) => present.has(lane));
  const session = new Session({
    source: 'capture',
    // A recording kept in several files opens whole from any of them; the title says it is a set.
    title: loaded.files.length > 1 ? `${path.basename(loaded.files[0] as string)} and ${loaded.files.length - 1} more file${loaded.files.length > 2 ? 's' : ''}` : path.basename(file),
    path: file,
    lanes,
    emulated: loaded.header.emulated ?? false,
    store,
    readEnvelopes: (seqs) => loaded.readSeqs(seqs),
    dispose: () => source.close(),
  });
  built.session = session;
  for (const lane of lanes) session.setLane({ lane, status: 'idle', detail: 'replayed from the capture', toolCount: null });
  session.header = loaded.header;
  session.imported = source.imported;
  session.skipped = loaded.skipped.map(({ line, kind, reason }) => ({ line, kind, reason }));
  session.problems = loaded.skipped.map((s) => `${s.file ? `${s.file}, ` : ''}line ${s.line}: ${s.kind} (${s.bytes} bytes): ${s.reason}`);
  return session;
}
