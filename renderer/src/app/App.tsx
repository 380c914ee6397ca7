import { CallPane } from '../call/CallPane';
import { ElicitationRequests } from '../call/ElicitationRequests';
import { SamplingRequests } from '../call/SamplingRequests';
import { CallStoreProvider, useCallStore } from '../call/call-store';
import { ConsolePanel } from '../console/ConsolePanel';
import { useCaptureHistory } from '../call/useCaptureHistory';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import type { LaneId } from '../../../shared/capture/envelope';
import type { FrameSummary } from '../../../shared/frames/summary';
import type { AppInfo, LaneState, SessionInfo } from '../../../shared/ipc/contract';
import { FrameInspector } from '../inspector/FrameInspector';
import { ApprovalRequests } from '../setup/ApprovalRequests';
import { SetupPanel } from '../setup/SetupPanel';
import { ClientsPanel } from '../analysis/ClientsPanel';
import { FindingsPanel } from '../analysis/FindingsPanel';
import { StoriesPanel } from '../analysis/StoriesPanel';
import { ExportBundleControl } from '../bundle/ExportBundleControl';
import { ToolMatrixPanel } from '../analysis/ToolMatrixPanel';
import { useDiagnosis } from '../analysis/useDiagnosis';
import { provisionalNote } from '../analysis/verdict-freshness';
import { ComparePanel } from '../analysis/ComparePanel';
import { VerdictBar } from '../analysis/VerdictBar';
import { ReplayBar } from '../replay/ReplayBar';
import { useReplay } from '../replay/useReplay';
import { SequenceView } from '../timeline/SequenceView';
import { TimeView } from '../timeline/TimeView';
import { Timeline } from '../timeline/Timeline';
import { useAllRows } from '../timeline/useAllRows';
import { formatBytes } from '../timeline/format';
import { downloadUrl, openDroppedFile, saveCurrentCapture, type Saved } from './capture-actions';
import { CaptureControls } from './CaptureControls';
import { useEngine } from './engine-context';
import { ShortcutsHelp, useShortcuts } from './shortcuts';
import { EngineStatus } from './EngineStatus';
import { FilterBar } from './FilterBar';
import { LaneHeaders } from './LaneHeaders';
import { useLayout } from './layout';
import { Splitter } from './Splitter';
import { useSession } from './useSession';

const DEFAULT_LANES: LaneId[] = ['inspector', 'playground', 'realtime'];
const PROBE_LANES = new Set<LaneId>(DEFAULT_LANES);
const VIEWS = [
  ['rows', 'Rows', 'Every frame as a row, in capture order'],
  ['time', 'Time', 'Each lane as a swimlane on one time axis: durations, gaps and concurrency'],
  ['sequence', 'Sequence', 'One lane as a sequence diagram: who sent what to whom, in order'],
] as const;

export function App() {
  const { client, connection } = useEngine();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [askingPath, setAskingPath] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [showSetup, setShowSetup] = useState(true);
  // After a probe starts, Setup folds away so the timeline has the room; the Setup button brings it back.
  // A recording proxy's session (Server and Client lanes only) keeps Setup open: its Stop lives there.
  const probing = session?.lanes.some((l) => PROBE_LANES.has(l.lane)) ?? false;
  const liveSessionId = session?.source === 'live' && probing ? session.id : null;
  const [foldedFor, setFoldedFor] = useState<string | null>(null);
  if (liveSessionId && foldedFor !== liveSessionId) {
    setFoldedFor(liveSessionId);
    setShowSetup(false);
  }
  const [saved, setSaved] = useState<Saved | null>(null);
  const save = useCallback(() => {
    setError(null);
    saveCurrentCapture(client).then((result) => setSaved(result), (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [client]);
  const [showShortcuts, setShowShortcuts] = useState(false);
  // Restart in the Console starts a new session: its view opens on the Console again, until another tab is chosen.
  const [onConsole, setOnConsole] = useState(false);
  const openCapture = useCallback(() => {
    const failed = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
    if (info?.nativeDialogs) client.request('openCaptureDialog', {}).catch(failed);
    else setAskingPath(true);
  }, [client, info]);
  const shortcutActions = useMemo(() => ({
    open: openCapture,
    save,
    // The Export bundle button owns its dialog; the shortcut presses it.
    exportBundle: () => document.querySelector<HTMLButtonElement>('[data-testid="open-export-bundle"]')?.click(),
    showHelp: () => setShowShortcuts(true),
  }), [openCapture, save]);
  useShortcuts(shortcutActions);

  useEffect(() => {
    if (connection !== 'open') return;
    let live = true;
    client.request('getAppInfo', {}).then((value) => { if (live) setInfo(value); }, () => undefined);
    return () => { live = false; };
  }, [client, connection]);

  useEffect(() => client.on('menuCommand', ({ command, path }) => {
    if (command === 'saveCaptureAs') return save();
    if (command === 'showShortcuts') return setShowShortcuts(true);
    if (command !== 'openCapture') return;
    if (path) client.request('openCapture', { path }).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    else openCapture();
  }), [client, save, openCapture]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file) return;
    setError(null);
    openDroppedFile(client, file).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <div
      className="app"
      onDragOver={(e) => { if (e.dataTransfer.types.includes('Files')) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
      onDrop={onDrop}
    >
      {dragging && <div className="drop-overlay">Drop a capture (.parallax, .parallax.gz, bundle .zip) or a HAR or JSON-RPC log to import</div>}
      <header className="topbar">
        <div className="brand">
          <img src="/icon.svg" alt="" width={22} height={22} />
          <span className="brand-name">MCP Parallax</span>
          {info && <span className="version">v{info.version}</span>}
        </div>
        <div className="session-title" data-testid="session-title">
          {session && session.source !== 'none' ? session.title : 'One MCP server, seen through every client that matters.'}
          {session?.emulated && <span className="badge badge-emulator" title="OpenAI traffic in this session came from Parallax's local emulator, not OpenAI's servers">local emulator</span>}
          {session?.source === 'capture' && <span className="badge" title={session.path ?? ''}>replay</span>}
        </div>
        <div className="spacer" />
        <button type="button" onClick={() => setShowSetup(!showSetup)} aria-pressed={showSetup} aria-expanded={showSetup} data-testid="toggle-setup">{showSetup ? 'Hide setup' : 'Setup'}</button>
        <CaptureControls info={info} onError={setError} asking={askingPath} setAsking={setAskingPath} canSave={Boolean(session?.path)} onSave={save} />
      </header>
 {saved && (
        <div className="banner" role="status" data-testid="saved-banner">
          Capture saved to <span className="mono">{saved.path}</span>
          {saved.download && <a href={downloadUrl(saved.download)} download={saved.download} data-testid="download-capture">Download</a>}
          <button type="button" className="link" onClick={() => setSaved(null)}>dismiss</button>
        </div>
      )}
      {error && <div className="banner banner-error" role="alert" data-testid="error-banner">{error}<button type="button" className="link" onClick={() => setError(null)}>dismiss</button></div>}
      {session?.loading && <div className="banner" data-testid="loading-banner">Loading {session.title}: {formatBytes(session.loading.bytesRead)}{session.loading.totalBytes ? ` of ${formatBytes(session.loading.totalBytes)}` : ''}…</div>}
      {session?.recordingError && <div className="banner banner-error" role="alert" data-testid="recording-error-banner">{session.recordingError}</div>}
      {session && session.problems.length > 0 && (
        <details className="banner banner-warn" data-testid="problems-banner">
          <summary>This capture was damaged: {session.problems.length} part{session.problems.length === 1 ? ' was' : 's were'} skipped, every good frame was kept.</summary>
          <ul>{session.problems.map((p) => <li key={p} className="mono">{p}</li>)}</ul>
        </details>
      )}
      {session?.imported && (
        <details className="banner banner-import" data-testid="import-banner">
          <summary>
            Imported from {session.imported.format === 'har' ? 'the HAR file' : 'the JSON-RPC log'} <span className="mono">{session.imported.file}</span>
            {session.imported.notes?.length ? `: ${session.imported.notes.length} note${session.imported.notes.length === 1 ? '' : 's'} on what was converted` : ''}
          </summary>
          <ul>{(session.imported.notes ?? []).map((note) => <li key={note}>{note}</li>)}</ul>
        </details>
      )}
      <div className="body">
        {/* Hidden, not unmounted: what was typed into Setup survives folding it away. */}
        <div className="setup-wrap" hidden={!showSetup}><SetupPanel session={session} /></div>
        {/* Keyed by session: selection, filter and highlights belong to the session they were made in. */}
        {/* The Call pane's state outlives a session: each call starts a new one. */}
        <CallStoreProvider>{session ? <SessionView key={session.id} session={session} onConsole={onConsole} setOnConsole={setOnConsole} /> : <div className="workspace" />}</CallStoreProvider>
      </div>
      <ApprovalRequests />
      <ElicitationRequests />
      <SamplingRequests />
      {showShortcuts && <ShortcutsHelp onClose={() => setShowShortcuts(false)} />}
      <EngineStatus info={info} />
    </div>
  );
}

type Tab = 'findings' | 'tools' | 'clients' | 'call' | 'compare' | 'console' | 'frame';

function SessionView({ session, onConsole, setOnConsole }: { session: SessionInfo; onConsole: boolean; setOnConsole: (on: boolean) => void }) {
  const { client } = useEngine();
  const [filter, setFilter] = useState('');
  const [filterState, setFilterState] = useState<{ errors: string[]; matched: number }>({ errors: [], matched: 0 });
  const [selected, setSelected] = useState<number | null>(null);
  const [highlight, setHighlight] = useState<number[]>([]);
  const [origin, setOrigin] = useState<number | null>(null);
  // A loaded capture replays; the diagnosis and verdict stay those of the whole capture.
  const replay = useReplay(session);

  // The shared time axis starts at the session's first frame.
  const hasFrames = session.total > 0;
  useEffect(() => {
    if (!hasFrames || origin !== null) return;
    let live = true;
    client.request('getFrames', { sessionId: session.id, start: 0, count: 1, filter: '' }).then((r) => { if (live) setOrigin(r.rows[0]?.t ?? null); }, () => undefined);
    return () => { live = false; };
  }, [client, session.id, hasFrames, origin]);

  const lanes = useMemo<LaneId[]>(() => {
    const present = session.lanes.map((l) => l.lane);
    return present.length > 0 ? present : DEFAULT_LANES;
  }, [session.lanes]);

  const [callState] = useCallStore();
  const [tab, setTabState] = useState<Tab>(onConsole ? 'console' : callState.sticky ? 'call' : 'findings');
  const setTab = useCallback((next: Tab) => {
    setTabState(next);
    if (next !== 'console') setOnConsole(false);
  }, [setOnConsole]);
  const { report, error: diagnosisError } = useDiagnosis(session);
  useCaptureHistory(session, report, origin);
  const onSelect = useCallback((row: FrameSummary) => {
    setSelected(row.seq);
    setTab('frame');
  }, [setTab]);
  const showFrame = useCallback((seq: number) => {
    setSelected(seq);
    setHighlight([seq]);
    setTab('frame');
  }, [setTab]);
  const jump = useCallback((seq: number) => {
    setSelected(seq);
    setHighlight([seq]);
  }, []);
  const showEvidence = useCallback((seqs: number[]) => {
    setHighlight(seqs);
    if (seqs[0] !== undefined) setSelected(seqs[0]);
  }, []);
  // A replay has no running lanes: what each lane reached is what the diagnosis reads from its frames.
  const laneStates = useMemo<LaneState[]>(() => {
    if (session.source !== 'capture' || !report) return session.lanes;
    return session.lanes.map((state) => {
      const summary = report.lanes[state.lane];
      if (!summary) return state;
      const detail = summary.error ?? (summary.status === 'ok' ? `listed ${summary.tools.length} tools (replayed)` : `${summary.status} (replayed)`);
      return { lane: state.lane, status: summary.status, detail, toolCount: summary.status === 'ok' ? summary.tools.length : null };
    });
  }, [session.source, session.lanes, report]);
  const onFilterErrors = useCallback((errors: string[], matched: number) => {
    setFilterState((s) => (s.matched === matched && s.errors.join() === errors.join() ? s : { errors, matched }));
  }, []);

  const [layout, setLayout] = useLayout();
  const overview = useAllRows(session.id, filter, session.total, replay.limit, layout.view !== 'rows');
  const side = layout.placement === 'side';
  const pane = (
    <div className={`bottom-pane${side ? ' side-pane' : ''}`} data-testid="detail-pane">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'findings'} className={tab === 'findings' ? 'active' : ''} onClick={() => setTab('findings')} data-testid="tab-findings">Findings{report ? ` (${report.findings.length})` : ''}</button>
        <button type="button" role="tab" aria-selected={tab === 'tools'} className={tab === 'tools' ? 'active' : ''} onClick={() => setTab('tools')} data-testid="tab-tools">Tool matrix{report ? ` (${report.matrix.rows.length})` : ''}</button>
        <button type="button" role="tab" aria-selected={tab === 'clients'} className={tab === 'clients' ? 'active' : ''} onClick={() => setTab('clients')} data-testid="tab-clients">Clients{report?.clients && report.clients.clients.some((c) => c.lost > 0) ? ` (${report.clients.clients.filter((c) => c.lost > 0).length} lose tools)` : ''}</button>
        <button type="button" role="tab" aria-selected={tab === 'call'} className={tab === 'call' ? 'active' : ''} onClick={() => setTab('call')} data-testid="tab-call">Call</button>
        <button type="button" role="tab" aria-selected={tab === 'compare'} className={tab === 'compare' ? 'active' : ''} onClick={() => setTab('compare')} data-testid="tab-compare" title="This session against an earlier run or another capture">Compare</button>
        {(session.stdio || tab === 'console') && <button type="button" role="tab" aria-selected={tab === 'console'} className={tab === 'console' ? 'active' : ''} onClick={() => setTab('console')} data-testid="tab-console" title="The stdio server's stderr, its process and how it ended">Console</button>}
        <button type="button" role="tab" aria-selected={tab === 'frame'} className={tab === 'frame' ? 'active' : ''} onClick={() => setTab('frame')} data-testid="tab-frame">Frame{selected !== null ? ` #${selected}` : ''}</button>
      </div>
      <div className="bottom-body">
        {tab === 'findings' && (report ? <><StoriesPanel report={report} onEvidence={showEvidence} /><FindingsPanel report={report} onEvidence={showEvidence} /></> : <div className="panel-empty">Diagnosing…</div>)}
        {tab === 'tools' && (report ? <ToolMatrixPanel report={report} onEvidence={showEvidence} /> : <div className="panel-empty">Diagnosing…</div>)}
        {tab === 'clients' && (report ? <ClientsPanel report={report} onEvidence={showEvidence} /> : <div className="panel-empty">Diagnosing…</div>)}
        {tab === 'call' && (report ? <CallPane report={report} sessionId={session.id} sessionPath={session.path} sessionLanes={lanes} onEvidence={showEvidence} /> : <div className="panel-empty">Diagnosing…</div>)}
        {tab === 'compare' && <ComparePanel key={session.id} sessionPath={session.path} onEvidence={showEvidence} />}
        {tab === 'console' && <ConsolePanel sessionId={session.id} total={session.total} limit={replay.limit} onShowFrame={showFrame} onRestarting={() => setOnConsole(true)} />}
        {tab === 'frame' && (selected !== null ? <FrameInspector key={selected} sessionId={session.id} seq={selected} onJump={jump} /> : <div className="panel-empty">Choose a frame in the timeline to inspect it.</div>)}
      </div>
    </div>
  );
  const main = (
    <div className="main-pane">
      <LaneHeaders lanes={lanes} states={laneStates} />
      {layout.view === 'rows' && (
        <Timeline
          sessionId={session.id}
          lanes={lanes}
          total={session.total}
          filter={filter}
          origin={origin}
          selectedSeq={selected}
          onSelect={onSelect}
          highlight={highlight}
          onFilterErrors={onFilterErrors}
          limit={replay.limit}
        />
      )}
      {layout.view === 'time' && <TimeView lanes={lanes} data={overview} selectedSeq={selected} highlight={highlight} onSelect={onSelect} />}
      {layout.view === 'sequence' && <SequenceView lanes={lanes} data={overview} selectedSeq={selected} highlight={highlight} onSelect={onSelect} emulated={session.emulated} />}
    </div>
  );
  const splitter = !layout.collapsed && (
    <Splitter orientation={side ? 'vertical' : 'horizontal'} size={layout.size} grows={layout.swapped ? 1 : -1} onResize={(size) => setLayout({ size })} />
  );
  const paneSize = `${layout.size}px`;
  const tracks = layout.collapsed ? 'minmax(0, 1fr)' : layout.swapped ? `${paneSize} 5px minmax(0, 1fr)` : `minmax(0, 1fr) 5px ${paneSize}`;

  return (
    <div className="workspace">
      {hasFrames && (
        <div className="verdict-row">
          <VerdictBar report={report} error={diagnosisError} provisional={report ? provisionalNote(report.frames, session.total, session.lanes) : null} onShowFindings={() => setTab('findings')} onEvidence={showEvidence} />
          <ExportBundleControl disabled={!session.path} />
        </div>
      )}
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="How to show the frames">
          {VIEWS.map(([id, name, title]) => (
            <button key={id} type="button" aria-pressed={layout.view === id} className={layout.view === id ? 'active' : ''} title={title} onClick={() => setLayout({ view: id })} data-testid={`view-${id}`}>{name}</button>
          ))}
        </div>
        <FilterBar onChange={setFilter} errors={filterState.errors} matched={layout.view === 'rows' ? filterState.matched : overview.matched} total={replay.limit ?? session.total} active={filter.trim() !== ''} />
        <div className="segmented" role="group" aria-label="Arrange the panes">
          <button type="button" onClick={() => setLayout({ placement: side ? 'below' : 'side' })} title={side ? 'Put the findings and frame pane below the timeline' : 'Put the findings and frame pane beside the timeline'} data-testid="pane-placement">{side ? 'Pane below' : 'Pane beside'}</button>
          <button type="button" onClick={() => setLayout({ swapped: !layout.swapped })} title="Swap the timeline and the pane" data-testid="pane-swap" aria-pressed={layout.swapped}>Swap</button>
          <button type="button" onClick={() => setLayout({ collapsed: !layout.collapsed })} aria-expanded={!layout.collapsed} data-testid="pane-collapse">{layout.collapsed ? 'Show pane' : 'Hide pane'}</button>
        </div>
      </div>
      {replay.enabled && hasFrames && <ReplayBar replay={replay} />}
      {hasFrames ? (
        <div className={`split split-${layout.placement}`} style={side ? { gridTemplateColumns: tracks } : { gridTemplateRows: tracks }} data-testid="split">
          {layout.collapsed ? main : layout.swapped ? <>{pane}{splitter}{main}</> : <>{main}{splitter}{pane}</>}
        </div>
      ) : (
        <>
          <LaneHeaders lanes={lanes} states={laneStates} />
          <div className="empty-state">
            {session.loading ? <p>Loading…</p> : <><p>No traffic yet.</p><p className="muted">Run a probe (or the Demo) from Setup, or open a capture, to see every frame each client exchanged with the server.</p></>}
          </div>
        </>
      )}
    </div>
  );
}
