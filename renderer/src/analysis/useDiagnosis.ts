import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../../shared/ipc/contract';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';
import { useEngine } from '../app/engine-context';

/** Re-diagnose this often at most while a live session grows. */
const REFRESH_MS = 600;

/** The engine's diagnosis of the session, refreshed as a live session grows or its lanes move on. */
export function useDiagnosis(session: SessionInfo): { report: DiagnosisReport | null; error: string | null } {
  const { client } = useEngine();
  const [state, setState] = useState<{ report: DiagnosisReport | null; error: string | null }>({ report: null, error: null });
  const laneKey = session.lanes.map((l) => `${l.lane}:${l.status}`).join(',');
  const loading = session.loading !== null;

  useEffect(() => {
    if (session.total === 0 || loading) return;
    let live = true;
    const timer = setTimeout(() => {
      client.request('getDiagnosis', { sessionId: session.id }).then(
        (report) => { if (live) setState({ report, error: null }); },
        (error: unknown) => { if (live) setState((s) => ({ report: s.report, error: error instanceof Error ? error.message : String(error) })); },
      );
    }, REFRESH_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, session.id, session.total, laneKey, loading]);

  return state;
}
