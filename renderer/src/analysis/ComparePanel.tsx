import { useEffect, useState } from 'react';
import type { CaptureDiffView, ComparableCapture } from '../../../shared/ipc/compare';
import { LANE_NAMES } from '../../../shared/diagnosis/views/build-views';
import { useEngine } from '../app/engine-context';

type LaneDiffView = CaptureDiffView['lanes'][number];
type Change<T> = { before?: T | undefined; after?: T | undefined };

const when = (at: number) => new Date(at).toLocaleString();
const shown = (value: unknown) => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * This session against another capture, as `parallax diff` reports it: an earlier run or a
 * capture opened lately is "before", this session "after". Frames of this session are one click
 * away; the other capture's seqs are named, and Open capture shows them.
 */
export function ComparePanel({ sessionPath, onEvidence }: { sessionPath: string | null; onEvidence: (seqs: number[]) => void }) {
  const { client } = useEngine();
  const [captures, setCaptures] = useState<ComparableCapture[] | null>(null);
  const [other, setOther] = useState('');
  const [result, setResult] = useState<{ diff: CaptureDiffView; headline: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void client.request('listComparableCaptures', {}).then(({ captures: all }) => {
      if (!live) return;
      const others = all.filter((c) => c.path !== sessionPath);
      setCaptures(others);
      setOther((current) => current || others[0]?.path || '');
    }, (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [client, sessionPath]);

  if (!sessionPath) return <div className="panel-empty">This session has no capture yet: run a probe or open a capture, then compare it with another.</div>;
  const compare = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await client.request('compareCaptures', { before: other, after: sessionPath }));
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="compare" data-testid="compare">
      <div className="compare-choose">
        <label className="form-field">Compare this session with (before)
          <select value={other} onChange={(e) => setOther(e.target.value)} data-testid="compare-with" disabled={!captures || captures.length === 0}>
            {(captures ?? []).map((c) => <option key={c.path} value={c.path}>{c.title} · {c.source === 'run' ? 'run' : 'opened'} {when(c.at)}</option>)}
          </select>
        </label>
        <button type="button" disabled={busy || !other} onClick={() => void compare()} data-testid="compare-run">{busy ? 'Comparing…' : 'Compare'}</button>
      </div>
      {captures?.length === 0 && <div className="muted">No other capture yet: earlier runs of this app and captures you open show up here.</div>}
      {error && <div className="call-error" role="alert" data-testid="compare-error">{error}</div>}
      {result && <DiffView result={result} onEvidence={onEvidence} />}
    </div>
  );
}

function DiffView({ result: { diff, headline }, onEvidence }: { result: { diff: CaptureDiffView; headline: string }; onEvidence: (seqs: number[]) => void }) {
  const chip = (seq: number) => <button key={seq} type="button" className="chip" onClick={() => onEvidence([seq])}>#{seq}</button>;
  return (
    <div className="compare-result">
      <p className={diff.same ? 'compare-same' : 'compare-headline'} data-testid="compare-headline">{headline}</p>
      <p className="muted mono compare-sides">before {diff.before}<br />after {diff.after} (this session)</p>
      {diff.lanes.map((lane) => <LaneSection key={lane.lane} lane={lane} chip={chip} />)}
      {(diff.findings.appeared.length > 0 || diff.findings.resolved.length > 0) && (
        <section className="compare-lane" data-testid="compare-findings">
          <h4>Findings</h4>
          <ul>
            {diff.findings.appeared.map((f) => <li key={`+${f.id}${f.lanes.join()}`} className="added"><span className={`sev sev-${f.severity}`}>{f.severity}</span> appeared: <code>{f.id}</code> {f.title} {f.evidence.slice(0, 4).map(chip)}</li>)}
            {diff.findings.resolved.map((f) => <li key={`-${f.id}${f.lanes.join()}`} className="removed"><span className={`sev sev-${f.severity}`}>{f.severity}</span> resolved: <code>{f.id}</code> {f.title} <span className="muted">(before: seq {f.evidence.slice(0, 4).join(', ') || '—'})</span></li>)}
          </ul>
        </section>
      )}
    </div>
  );
}

function LaneSection({ lane, chip }: { lane: LaneDiffView; chip: (seq: number) => React.ReactNode }) {
  const changes: [string, Change<unknown> | undefined][] = [['status', lane.status.before !== lane.status.after ? lane.status : undefined], ['transport', lane.transport], ['protocol', lane.protocolVersion], ['negotiated via', lane.negotiatedVia], ['tools listed after (ms)', lane.toolsListedAfterMs]];
  return (
    <section className="compare-lane" data-testid={`compare-lane-${lane.lane}`}>
      <h4>{LANE_NAMES[lane.lane]}</h4>
      <ul>
        {changes.filter(([, c]) => c !== undefined).map(([what, c]) => <li key={what}>{what}: {shown(c?.before)} → {shown(c?.after)}</li>)}
        {lane.added.length > 0 && <li className="added">added {lane.added.length}: {lane.added.map((n) => <code key={n}>{n}</code>)}</li>}
        {lane.removed.length > 0 && <li className="removed">removed {lane.removed.length}: {lane.removed.map((n) => <code key={n}>{n}</code>)}</li>}
        {lane.changed.map((t) => (
          <li key={t.name} className="changed">changed <code>{t.name}</code> {chip(t.evidence.after)}
            <ul>{t.fields.map((f) => <li key={f.field}><code>{f.field}</code> at {f.paths.join(', ') || '/'}: {shown(f.before).slice(0, 120)} → {shown(f.after).slice(0, 120)}</li>)}</ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
