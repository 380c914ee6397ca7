import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConsoleLine, ProcessRun } from '../../../shared/ipc/console';
import { useEngine } from '../app/engine-context';
import { PagedView } from '../timeline/frame-pages';
import { formatOffset } from '../timeline/format';

const LINE_HEIGHT = 20;
/** The renderer keeps at most this many pages of 250 lines; the engine holds the rest and pages them back in on scroll. */
const MAX_PAGES = 12;

export interface ConsolePanelProps {
  sessionId: string;
  /** The session's frame count: the console asks again when it grows. */
  total: number;
  /** Replay: only the first `limit` frames have been played. */
  limit?: number;
  onShowFrame: (seq: number) => void;
  /** Restart is starting a new session; the app opens it on this tab. */
  onRestarting: () => void;
}

interface Head {
  processes: ProcessRun[];
  canRestart: boolean;
}

/**
 * The Console of a stdio server: its stderr and process events, live, read from the session's
 * frames (getConsole pages them from the engine as the timeline's rows are), each process with
 * how it ended, and Restart to run the same probe again.
 */
export function ConsolePanel({ sessionId, total, limit, onShowFrame, onRestarting }: ConsolePanelProps) {
  const { client } = useEngine();
  const [, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [head, setHead] = useState<Head>({ processes: [], canRestart: false });
  const pages = useMemo(() => new PagedView<ConsoleLine>(async (start, count, played) => {
    const answer = await client.request('getConsole', { sessionId, start, count, ...(played === undefined ? {} : { limit: played }) });
    // Every page answer carries the processes; the head changes only when they do.
    setHead((h) => (h.canRestart === answer.canRestart && JSON.stringify(h.processes) === JSON.stringify(answer.processes) ? h : { processes: answer.processes, canRestart: answer.canRestart }));
    return { matched: answer.matched, rows: answer.lines, errors: [] };
  }, bump, MAX_PAGES), [client, sessionId, bump]);
  const [restarting, setRestarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => { pages.setLimit(limit); }, [pages, limit]);
  useEffect(() => {
    pages.grew();
    void pages.refreshCount();
  }, [pages, total]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: pages.matched, getScrollElement: () => scroller.current, estimateSize: () => LINE_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => { pages.ensure(firstIndex, lastIndex); });

  // Follow new lines while the user is at the end, as a terminal does; scrolling up pauses it.
  const follow = useRef(true);
  const matched = pages.matched;
  useEffect(() => { if (follow.current && matched > 0) virtualizer.scrollToIndex(matched - 1, { align: 'end' }); }, [matched, virtualizer]);
  const onScroll = () => {
    const el = scroller.current;
    if (el) follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - LINE_HEIGHT * 2;
  };

  const restart = () => {
    setRestarting(true);
    setError(null);
    onRestarting();
    client.request('restartProbe', {}).catch((e: unknown) => {
      setError(e instanceof Error ? e.message : String(e));
      setRestarting(false);
    });
  };

  const origin = head.processes[0]?.t ?? pages.row(0)?.t ?? null;
  const manyConns = new Set(head.processes.map((p) => p.conn)).size > 1;
  return (
    <div className="console" data-testid="console">
      <div className="console-head">
        <div className="console-processes">
          {head.processes.length === 0 && <span className="muted">No process recorded yet.</span>}
          {head.processes.map((run) => <ProcessStatus key={run.seq} run={run} onShowFrame={onShowFrame} />)}
        </div>
        <button
          type="button"
          onClick={restart}
          disabled={!head.canRestart || restarting}
          title={head.canRestart ? 'Run the same probe again (same setup) as a new session' : 'Only a probe started in this window can be run again; a capture opened from a file keeps no setup'}
          data-testid="console-restart"
        >
          {restarting ? 'Restarting…' : 'Restart'}
        </button>
      </div>
      {error && <div className="console-error" role="alert">{error}</div>}
      <div className="console-body" ref={scroller} onScroll={onScroll} role="log" aria-label="The server's stderr and process events" data-testid="console-lines">
        {matched === 0 && <div className="panel-empty">Nothing on stderr yet.</div>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const line = pages.row(item.index);
            return (
              <div
                key={item.key}
                className={`console-line${line?.kind === 'event' ? ' console-event' : ''}${line?.alert ? ' console-alert' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: LINE_HEIGHT }}
                data-seq={line?.seq}
                data-testid="console-line"
                title={line ? `#${line.seq} ${line.conn}${line.cut > 0 ? ` · ${line.cut} more characters in the frame` : ''} · click to inspect the frame` : undefined}
                onClick={() => line && onShowFrame(line.seq)}
              >
                <span className="console-time">{line && origin !== null ? formatOffset(line.t, origin) : ''}</span>
                {manyConns && <span className="console-conn">{line?.conn}</span>}
                <span className="console-text">{line ? `${line.kind === 'event' ? '· ' : ''}${line.text}${line.cut > 0 ? ' …' : ''}` : ''}</span>
                {line?.incomplete && <span className="flag">incomplete</span>}
              </div>
            );
          })}
        </div>
      </div>
      <div className="console-foot muted" data-testid="console-count">
        {matched} line{matched === 1 ? '' : 's'} · all kept in the capture; the list holds only what is near the screen
      </div>
    </div>
  );
}

function ProcessStatus({ run, onShowFrame }: { run: ProcessRun; onShowFrame: (seq: number) => void }) {
  const state = run.error ? 'failed' : run.exit === null ? 'running' : run.exit.by === 'itself' ? 'died' : run.exit.by === 'parallax' ? 'stopped' : 'exited';
  const badge = { failed: 'could not start', running: 'running', died: 'ended on its own', stopped: 'stopped by Parallax', exited: 'exited' }[state];
  return (
    <div className="console-process" data-testid="console-process">
      <span className={`console-state console-state-${state}`} data-testid="console-process-state">{badge}</span>
      {run.pid !== null && <span className="mono" data-testid="console-pid">pid {run.pid}</span>}
      {run.exit && <button type="button" className="link" onClick={() => run.exit && onShowFrame(run.exit.seq)} data-testid="console-exit">{run.exit.words}</button>}
      {run.error && <span className="console-alert-text">{run.error}</span>}
      {run.command && <span className="mono console-command" title={run.command}>{run.command}</span>}
    </div>
  );
}
