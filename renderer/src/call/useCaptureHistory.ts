import { useEffect } from 'react';
import type { SessionInfo } from '../../../shared/ipc/contract';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';
import { addToHistory, captureEntry } from './call-history';
import { useCallStore } from './call-store';

/**
 * An opened capture that records a call, read or get puts it in the Call pane's history, so a
 * capture someone sent can be run again against the user's own server. It waits for the
 * diagnosis, which says how each lane fared, and for the first frame's time, when it was made.
 */
export function useCaptureHistory(session: SessionInfo, report: DiagnosisReport | null, firstFrameAt: number | null): void {
  const [, update] = useCallStore();
  const ready = session.source === 'capture' && session.asked !== undefined && session.loading === null && report !== null && (firstFrameAt !== null || session.total === 0);
  useEffect(() => {
    if (!ready || !report) return;
    const entry = captureEntry(session, report, firstFrameAt ?? Date.now());
    if (entry) update((s) => ({ history: addToHistory(s.history, entry) }));
    // Once per session: the entry is keyed by it, and addToHistory ignores a repeat.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, session.id]);
}
