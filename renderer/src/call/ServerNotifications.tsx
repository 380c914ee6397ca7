import { useEffect, useRef, useState } from 'react';
import { useEngine } from '../app/engine-context';
import { notificationSummary } from './notification-summary';

/** The timeline's own filter language picks the server's notifications out of the session. */
const NOTIFICATIONS = 'method:notifications/ dir:in';
/** The newest this many are shown; the timeline has them all. */
const SHOWN = 50;

interface Shown {
  seq: number;
  t: number;
  method: string;
  summary: string;
}

/** The server's notifications in this session as they arrive (log messages, resource updates, progress, list changes), read from its frames. */
export function ServerNotifications({ sessionId, onEvidence }: { sessionId: string; onEvidence: (seqs: number[]) => void }) {
  const { client } = useEngine();
  const [rows, setRows] = useState<Shown[]>([]);
  const [matched, setMatched] = useState(0);
  const summaries = useRef(new Map<number, string>());

  useEffect(() => {
    let live = true;
    let running = false;
    let again = false;
    const load = async () => {
      if (running) { again = true; return; }
      running = true;
      try {
        do {
          again = false;
          const head = await client.request('getFrames', { sessionId, start: 0, count: 1, filter: NOTIFICATIONS });
          const start = Math.max(0, head.matched - SHOWN);
          const page = await client.request('getFrames', { sessionId, start, count: SHOWN, filter: NOTIFICATIONS });
          const fresh: Shown[] = [];
          for (const row of page.rows) {
            let summary = summaries.current.get(row.seq);
            if (summary === undefined) {
              summary = notificationSummary((await client.request('getEnvelope', { sessionId, seq: row.seq })).envelope.raw);
              summaries.current.set(row.seq, summary);
            }
            fresh.push({ seq: row.seq, t: row.t, method: row.method ?? row.label, summary });
          }
          if (!live) return;
          setMatched(page.matched);
          setRows(fresh.reverse());
        } while (again && live);
      } catch {
        // The session was replaced under us; the next view loads its own.
      } finally {
        running = false;
      }
    };
    void load();
    const off = client.on('framesAppended', (event) => { if (event.sessionId === sessionId) void load(); });
    return () => { live = false; off(); };
  }, [client, sessionId]);

  return (
    <section className="server-notifications" data-testid="server-notifications">
      <h4>Server notifications{matched > 0 ? ` (${matched})` : ''}</h4>
      {rows.length === 0 ? <p className="muted">None yet in this session.</p> : (
        <ol className="notification-list">
          {rows.map((row) => (
            <li key={row.seq} data-testid="server-notification">
              <button type="button" className="chip" onClick={() => onEvidence([row.seq])}>#{row.seq}</button>
              <span className="mono">{new Date(row.t).toISOString().slice(11, 23)}</span>
              <code>{row.method.replace(/^notifications\//, '')}</code>
              <span className="notification-summary">{row.summary}</span>
            </li>
          ))}
        </ol>
      )}
      {matched > SHOWN && <p className="muted">The newest {SHOWN} of {matched}; the timeline has every one (filter <code>{NOTIFICATIONS}</code>).</p>}
    </section>
  );
}
