import { useEffect, useRef, useState } from 'react';
import type { FrameSummary } from '../../../shared/frames/summary';
import { useEngine } from '../app/engine-context';

/**
 * The time-scaled view and the sequence diagram hold at most this many rows of a view; a longer
 * capture shows its first rows and says so (the row view pages through all of them).
 */
export const MAX_OVERVIEW_ROWS = 250_000;
const CHUNK = 5_000;

export interface AllRows { rows: FrameSummary[]; matched: number; capped: boolean; version: number }

/**
 * Every row of one filtered view, read from the engine in chunks and extended as the session
 * grows: the last partial chunk is read again, everything before it stays. Nothing is read
 * while no view needs the rows (`enabled` false).
 */
export function useAllRows(sessionId: string, filter: string, total: number, limit: number | undefined, enabled: boolean): AllRows {
  const { client } = useEngine();
  const [state, setState] = useState<AllRows>({ rows: [], matched: 0, capped: false, version: 0 });
  const rowsRef = useRef<FrameSummary[]>([]);
  // A replay moving back shows fewer rows: a new limit is a new view.
  const key = `${sessionId}\n${filter}\n${limit ?? ''}`;
  const keyRef = useRef(key);
  if (keyRef.current !== key) {
    keyRef.current = key;
    rowsRef.current = [];
  }

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void (async () => {
      try {
        let matched = 0;
        for (;;) {
          const rows = rowsRef.current;
          const start = Math.floor(rows.length / CHUNK) * CHUNK;
          if (start >= MAX_OVERVIEW_ROWS) break;
          const count = Math.min(CHUNK, MAX_OVERVIEW_ROWS - start);
          const answer = await client.request('getFrames', { sessionId, start, count, filter, ...(limit === undefined ? {} : { limit }) });
          if (!live) return;
          matched = answer.matched;
          rows.length = start;
          for (const row of answer.rows) rows.push(row);
          if (answer.rows.length < count) break;
        }
        const rows = rowsRef.current;
        setState((s) => ({ rows, matched, capped: matched > rows.length, version: s.version + 1 }));
      } catch {
        // A replaced session: the view for the new one reads its own rows.
      }
    })();
    return () => { live = false; };
  }, [client, sessionId, filter, total, limit, enabled]);

  return state;
}
