import { useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../shared/ipc/contract';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';
import { useEngine } from '../app/engine-context';
import { RefreshSchedule } from './refresh-schedule';

/** Re-diagnose this often at most while a live session grows (less often when a run takes long). */
const REFRESH_MS = 600;

/** The engine's diagnosis of the session, refreshed as a live session grows or its lanes move on. */
export function useDiagnosis(session: SessionInfo): { report: DiagnosisReport | null; error: string | null } {
  const { client } = useEngine();
  const [state, setState] = useState<{ report: DiagnosisReport | null; error: string | null }>({ report: null, error: null });
  // Bumped when an answer arrives after more changes, so they are scheduled in turn.
  const [answers, setAnswers] = useState(0);
  const laneKey = session.lanes.map((l) => `${l.lane}:${l.status}`).join(',');
  const loading = session.loading !== null;
  // One schedule per session; an answer counts only while its session is still the one shown.
  const current = useRef<{ sessionId: string; schedule: RefreshSchedule } | null>(null);
  useEffect(() => {
    current.current = { sessionId: session.id, schedule: new RefreshSchedule(REFRESH_MS) };
    return () => { current.current = null; };
  }, [session.id]);

  useEffect(() => {
    const entry = current.current;
    if (session.total === 0 || loading || !entry) return;
    const wait = entry.schedule.changed(Date.now());
    if (wait === null) return;
    const timer = setTimeout(() => {
      entry.schedule.asked();
      const started = performance.now();
      const settle = (apply: () => void) => {
        const again = entry.schedule.answered(performance.now() - started);
        if (current.current !== entry) return;
        apply();
        if (again) setAnswers((n) => n + 1);
      };
      client.request('getDiagnosis', { sessionId: entry.sessionId }).then(
        (report) => settle(() => setState({ report, error: null })),
        (error: unknown) => settle(() => setState((s) => ({ report: s.report, error: error instanceof Error ? error.message : String(error) }))),
      );
    }, wait);
    return () => clearTimeout(timer);
  }, [client, session.id, session.total, laneKey, loading, answers]);

  return state;
}
