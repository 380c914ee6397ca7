import { askedTarget } from '../../../shared/capture/asked';
import { useEngine } from '../app/engine-context';
import type { HistoryEntry } from './call-history';
import { useCallStore } from './call-store';
import { LANE_TITLE } from './CallResults';

const GOOD = new Set(['result', 'ok']);

/** Why an entry cannot be run again as it stands, or null when it can. */
function notRerunnable(entry: HistoryEntry): string | null {
  if (entry.asked.omitted !== undefined) return `its arguments (${entry.asked.omitted} bytes) were too big to keep in the capture`;
  return null;
}

/**
 * Every call, read and get of this app run, and those of captures opened, newest first: each
 * opens its own session, and Re-run fills the form with what was asked and runs it again
 * against the server of the last probe (so a colleague's capture runs against the user's server).
 */
export function CallHistory({ sessionId, sessionPath, running, onRerun, onError }: { sessionId: string; sessionPath: string | null; running: boolean; onRerun: (entry: HistoryEntry) => void; onError: (message: string) => void }) {
  const { client } = useEngine();
  const [state, update] = useCallStore();
  const { entries, dropped } = state.history;
  if (entries.length === 0) return null;
  const open = (entry: HistoryEntry) => {
    if (!entry.capturePath) return;
    // The opened capture's view opens on this pane, where the history is.
    update({ sticky: true });
    client.request('openCapture', { path: entry.capturePath }).catch((error: unknown) => onError(error instanceof Error ? error.message : String(error)));
  };
  return (
    <section className="call-history" data-testid="call-history" aria-label="Call history">
      <h4>History <span className="muted">({entries.length}{dropped > 0 ? `, the ${dropped} oldest dropped from this list; their captures are kept` : ''})</span></h4>
      <ol className="call-history-list">
        {entries.map((entry) => {
          const blocked = notRerunnable(entry);
          const invalid = entry.asked.kind === 'tools/call' && entry.asked.invalid?.length;
          const asked = entry.asked.kind === 'tools/call' ? JSON.stringify(entry.asked.arguments, null, 1) : JSON.stringify(entry.asked.requests, null, 1);
          return (
            <li key={entry.sessionId} data-testid="call-history-entry" data-session={entry.sessionId}>
              <time className="muted" dateTime={new Date(entry.at).toISOString()}>{new Date(entry.at).toLocaleTimeString()}</time>
              <span className="call-history-what" title={asked}>
                <span className="call-history-target" data-testid="call-history-target">{askedTarget(entry.asked)}</span>
                {entry.asked.kind === 'tools/call' && <span className="muted" data-testid="call-history-arguments"> {JSON.stringify(entry.asked.arguments)}</span>}
              </span>
              {invalid ? <span className="call-error" title="The arguments did not fit the inputSchema and were sent anyway">arguments off-schema</span> : null}
              <span className="call-history-lanes">
                {entry.lanes.map((l) => <span key={l.lane} className={`badge ${GOOD.has(l.status) ? 'badge-ok' : 'badge-bad'}`} data-testid={`call-history-lane-${l.lane}`}>{LANE_TITLE[l.lane] ?? l.lane}: {l.status}</span>)}
              </span>
              {entry.origin === 'capture' && <span className="muted">from a capture</span>}
              {entry.sessionId === sessionId || (entry.capturePath !== null && entry.capturePath === sessionPath)
                ? <span className="muted" data-testid="call-history-current">on screen</span>
                : <button type="button" className="link" disabled={!entry.capturePath} title={entry.capturePath ?? 'no capture file'} onClick={() => open(entry)} data-testid="call-history-open">open its session</button>}
              <button type="button" disabled={running || blocked !== null} title={blocked ?? 'Fill the form with these arguments and run it again against the last probe’s server'} onClick={() => onRerun(entry)} data-testid="call-history-rerun">Re-run</button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
