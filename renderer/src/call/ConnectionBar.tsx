import { useState } from 'react';
import type { RequestOutcome } from '../../../shared/lanes/inspector-result';
import { useEngine } from '../app/engine-context';
import type { ConnectionState } from '../../../shared/ipc/calls';
import { droppedIn } from '../../../shared/lanes/protocol-revision';
import { parseRootLines, rootLines } from '../setup/setup-form';
import { useCallStore } from './call-store';

/** The spec's log levels, least severe first (RFC 5424). */
const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;

interface Note {
  text: string;
  error: boolean;
  evidence: number[];
}

const noteOf = (outcome: RequestOutcome, ok: string): Note => ({
  text: outcome.error ? `${outcome.method} failed: ${outcome.error}${outcome.errorCode !== undefined ? ` (JSON-RPC error ${outcome.errorCode})` : ''}` : ok,
  error: outcome.error !== undefined,
  evidence: outcome.evidence,
});

/**
 * Connect keeps the Inspector lane connected, as the MCP Inspector does, so what needs a standing
 * connection works: completions as the user types, ping, a log level, subscriptions, and the
 * server's notifications between requests. Everything sent goes into that one session.
 */
export function ConnectionBar({ sessionId, onEvidence }: { sessionId: string; onEvidence: (seqs: number[]) => void }) {
  const { client } = useEngine();
  const [state, update] = useCallStore();
  const connection = state.connection;
  const open = connection?.state === 'open';
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  const [level, setLevel] = useState<(typeof LOG_LEVELS)[number]>('debug');
  const failed = (error: unknown) => setNote({ text: error instanceof Error ? error.message : String(error), error: true, evidence: [] });

  const connect = async () => {
    setBusy(true);
    setNote(null);
    update({ sticky: true });
    try {
      await client.request('openConnection', {});
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };
  const send = async (method: 'ping' | 'logging/setLevel', params: Record<string, unknown>, ok: (ms: number) => string) => {
    const started = performance.now();
    try {
      const { outcome } = await client.request('sendOnConnection', { method, params });
      setNote(noteOf(outcome, ok(Math.round(performance.now() - started))));
    } catch (error) {
      failed(error);
    }
  };

  return (
    <div className="connection-bar" data-testid="connection-bar">
      {open ? (
        <>
          <span className="conn-dot open" aria-hidden="true" />
          <strong data-testid="connection-state">Connected</strong>
          <button type="button" onClick={() => void client.request('closeConnection', {}).catch(failed)} data-testid="connection-close">Disconnect</button>
          {connection.revision && <span className="muted" data-testid="connection-revision">MCP {connection.revision}</span>}
          {droppedIn(connection.revision, 'ping') === undefined && <button type="button" onClick={() => void send('ping', {}, (ms) => `ping answered in ${ms} ms`)} data-testid="connection-ping">Ping</button>}
          {droppedIn(connection.revision, 'logging/setLevel') === undefined ? (
            <>
              <label>Log level{' '}
                <select value={level} onChange={(e) => setLevel(e.target.value as (typeof LOG_LEVELS)[number])} data-testid="connection-level">
                  {LOG_LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
                </select>
              </label>
              <button type="button" onClick={() => void send('logging/setLevel', { level }, () => `the server now sends log messages at ${level} and above`)} data-testid="connection-set-level">Set</button>
            </>
          ) : <DroppedRequests revision={connection.revision} />}
        </>
      ) : (
        <>
          <button type="button" disabled={busy} onClick={() => void connect()} data-testid="connection-open">{busy ? 'Connecting…' : 'Connect'}</button>
          <span className="muted" data-testid="connection-state">
            {connection?.state === 'closed' ? `Disconnected: ${connection.reason ?? 'closed'}.` : 'Keep the Inspector lane connected: completions as you type, ping, log level, subscriptions and the server’s notifications, in one session.'}
          </span>
        </>
      )}
      {open && connection.roots && <RootsEditor key={connection.sessionId} roots={connection.roots} onNote={setNote} />}
      {note && (
        <span className={note.error ? 'call-error inline' : 'muted'} role={note.error ? 'alert' : 'status'} data-testid="connection-note">
          {note.text}
          {note.evidence.length > 0 && connection?.sessionId === sessionId && <button type="button" className="chip" onClick={() => onEvidence(note.evidence)}>#{note.evidence[0]}</button>}
        </span>
      )}
    </div>
  );
}

/** Says, where the revision dropped ping and log levels, why those controls are not offered. */
function DroppedRequests({ revision }: { revision: string | undefined }) {
  const why = [droppedIn(revision, 'ping'), droppedIn(revision, 'logging/setLevel')].filter((w): w is string => w !== undefined);
  return <span className="muted connection-dropped" data-testid="connection-dropped">{why.map((w) => `${w}.`).join(' ')}</span>;
}

/**
 * The client's roots on the open connection: the user edits them and the server is told
 * (notifications/roots/list_changed) where the revision has it; roots/list answers the new list.
 */
function RootsEditor({ roots, onNote }: { roots: NonNullable<ConnectionState['roots']>; onNote: (note: Note) => void }) {
  const { client } = useEngine();
  const [text, setText] = useState(() => rootLines(roots.list));
  const [shown, setShown] = useState(false);
  const parsed = parseRootLines(text);
  const sendRoots = async () => {
    try {
      const answer = await client.request('setConnectionRoots', { roots: parsed.roots });
      onNote({ text: `${parsed.roots.length} root${parsed.roots.length === 1 ? '' : 's'} set: ${answer.why}`, error: false, evidence: answer.evidence });
    } catch (error) {
      onNote({ text: error instanceof Error ? error.message : String(error), error: true, evidence: [] });
    }
  };
  if (!roots.declared) return <span className="muted" data-testid="connection-roots-off">Roots are not declared on this connection (Setup: client capabilities "all").</span>;
  return (
    <div className="connection-roots">
      <button type="button" onClick={() => setShown(!shown)} aria-expanded={shown} data-testid="connection-roots-toggle">Roots ({parsed.roots.length})</button>
      {shown && (
        <div className="connection-roots-editor">
          <label className="form-field">What roots/list answers: one file:// URI per line, a name after a space
            <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} placeholder="file:///home/ada/project Project" data-testid="connection-roots" />
          </label>
          {parsed.errors.map((e) => <div key={e} className="call-error">{e}</div>)}
          <button type="button" disabled={parsed.errors.length > 0} onClick={() => void sendRoots()} data-testid="connection-roots-send">Set roots and notify</button>
        </div>
      )}
    </div>
  );
}
