import { useEffect, useMemo, useState } from 'react';
import type { Envelope } from '../../../shared/capture/envelope';
import { toCurl } from '../../../shared/frames/curl';
import { eraFieldsOf, framePayload, type EraField } from '../../../shared/frames/era-fields';
import type { FrameSummary } from '../../../shared/frames/summary';
import type { SideBodyPage } from '../../../shared/ipc/contract';
import { useEngine } from '../app/engine-context';
import { formatBytes, formatDuration } from '../timeline/format';
import { formatJsonOffThread } from './format-off-thread';
import { JsonTree } from './JsonTree';

/** Payloads above this open as a preview; the whole text is one click away. */
const PREVIEW_CHARS = 64 * 1024;
/** Above this, parsing and pretty-printing happen in a worker. */
const WORKER_CHARS = 256 * 1024;

type Tab = 'pretty' | 'raw' | 'http';

interface Loaded { envelope: Envelope; summary: FrameSummary; exchange: Envelope[] }


export function FrameInspector({ sessionId, seq, onJump }: { sessionId: string; seq: number; onJump: (seq: number) => void }) {
  const { client } = useEngine();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('pretty');
  const [showAll, setShowAll] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const answer = await client.request('getEnvelope', { sessionId, seq });
      const exchange = await Promise.all(answer.exchangeSeqs.filter((s) => s !== seq).slice(0, 50).map(async (s) => (await client.request('getEnvelope', { sessionId, seq: s })).envelope));
      if (live) setLoaded({ envelope: answer.envelope, summary: answer.summary, exchange: [answer.envelope, ...exchange].sort((a, b) => a.seq - b.seq) });
    })().catch((e: unknown) => { if (live) setError(e instanceof Error ? e.message : String(e)); });
    return () => { live = false; };
  }, [client, sessionId, seq]);

  if (error) return <div className="inspector inspector-error">{error}</div>;
  if (!loaded || loaded.envelope.seq !== seq) return <div className="inspector">Loading frame #{seq}…</div>;
  const { envelope, summary } = loaded;
  const request = loaded.exchange.find((e) => e.layer === 'http' && e.http?.phase === 'request');
  const response = loaded.exchange.find((e) => e.layer === 'http' && e.http?.phase === 'response');

  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied`);
    } catch {
      setCopied(`Could not copy ${what.toLowerCase()}`);
    }
    setTimeout(() => setCopied(null), 2000);
  };

  return (
    <div className="inspector" data-testid="frame-inspector">
      <div className="inspector-head">
        <span className="inspector-title">#{envelope.seq} · {envelope.lane} · {envelope.layer} · {envelope.dir === 'out' ? 'sent' : 'received'}</span>
        <span className="inspector-label">{summary.label}</span>
        <span className="spacer" />
        {summary.pairSeq !== undefined && (
          <button type="button" onClick={() => onJump(summary.pairSeq as number)}>
            {summary.kind === 'request' ? 'Go to response' : 'Go to request'} #{summary.pairSeq} ({formatDuration(summary.durationMs)})
          </button>
        )}
        <button type="button" onClick={() => void copy('JSON', JSON.stringify(envelope, null, 2))}>Copy as JSON</button>
        {request?.http?.url && <button type="button" onClick={() => void copy('cURL', toCurl(request))}>Copy as cURL</button>}
        {copied && <span className="copied" role="status">{copied}</span>}
      </div>
      <div className="tabs" role="tablist">
        {(['pretty', 'raw', 'http'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)}>
            {t === 'pretty' ? 'Pretty' : t === 'raw' ? 'Raw' : 'HTTP'}
          </button>
        ))}
        <span className="tab-note">{formatBytes(summary.size)}{envelope.truncated ? ' · truncated at capture' : ''}{envelope.redacted ? ' · secrets redacted' : ''}</span>
      </div>
      <div className="inspector-body">
        {envelope.clip && tab !== 'http' && <ClippedNote envelope={envelope} clip={envelope.clip} />}
        {envelope.clip?.file !== undefined && tab !== 'http' && <SideBody key={envelope.seq} sessionId={sessionId} envelope={envelope} clip={envelope.clip} />}
        {tab === 'pretty' && <EraFields fields={eraFieldsOf(envelope, request, response)} />}
        {tab === 'pretty' && (envelope.clip
          ? <ClippedText envelope={envelope} clip={envelope.clip} />
          : <Pretty text={framePayload(envelope)} showAll={showAll} onShowAll={() => setShowAll(true)} />)}
        {tab === 'raw' && (envelope.clip
          ? <ClippedText envelope={envelope} clip={envelope.clip} />
          : <RawText text={envelope.raw} showAll={showAll} onShowAll={() => setShowAll(true)} />)}
        {tab === 'http' && <HttpView request={request} response={response} exchange={loaded.exchange} onJump={onJump} />}
      </div>
    </div>
  );
}

type Clip = NonNullable<Envelope['clip']>;

/** A frame past a named limit: what of it the capture kept, and the hash that identifies all of it. */
function ClippedNote({ envelope, clip }: { envelope: Envelope; clip: Clip }) {
  const kept = envelope.raw.length;
  const size = envelope.size ?? kept;
  return (
    <div className="clipped-note" role="note" data-testid="clipped-note">
      <strong>Clipped at capture:</strong> {formatBytes(size)}{envelope.incomplete ? ' had arrived when reading stopped' : ' arrived'};
      the capture keeps the first {formatBytes(clip.head)} and the last {formatBytes(kept - clip.head)}.
      SHA-256 of every byte: <code>{clip.sha256}</code>
    </div>
  );
}

/**
 * A clipped frame's side file (`--keep-whole-bodies`): what it holds, and the whole body a page
 * at a time on demand. The engine reads and checks it; the renderer never holds more than a page.
 */
function SideBody({ sessionId, envelope, clip }: { sessionId: string; envelope: Envelope; clip: Clip }) {
  const { client } = useEngine();
  const [page, setPage] = useState<SideBodyPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const size = envelope.size ?? envelope.raw.length;
  const fileSize = clip.fileSize ?? 0;
  const read = (offset: number) => {
    setBusy(true);
    client.request('readSideBody', { sessionId, seq: envelope.seq, offset })
      .then((answer) => { setPage(answer); setError(null); })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const bad = page !== null && page.status !== 'verified';
  return (
    <section className={`side-body${bad ? ' side-body-bad' : ''}`} aria-label="Whole body" data-testid="side-body">
      <p>
        <strong>Whole body kept:</strong> the side file <code>{clip.file}</code> holds {fileSize === size ? `all ${formatBytes(size)}` : `the first ${formatBytes(fileSize)} of ${formatBytes(size)} (it stopped early; the frame's metas say why)`}.{' '}
        {page === null
          ? <button type="button" disabled={busy} onClick={() => read(0)}>{busy ? 'Checking its SHA-256…' : 'Show the whole body'}</button>
          : <span role="status" data-testid="side-body-status" className={bad ? 'side-body-problem' : ''}>{page.detail}</span>}
      </p>
      {error && <p className="inspector-error" role="alert">{error}</p>}
      {page && page.status !== 'missing' && page.status !== 'refused' && (
        <>
          <div className="side-body-pager">
            Bytes {page.offset}–{page.offset + new TextEncoder().encode(page.text).length} of {page.fileSize}
            <button type="button" disabled={busy || page.offset === 0} onClick={() => read(0)}>First page</button>
            <button type="button" disabled={busy || page.nextOffset === null} onClick={() => page.nextOffset !== null && read(page.nextOffset)}>Next page</button>
          </div>
          <pre className="raw" tabIndex={0} data-testid="side-body-text">{page.text}</pre>
        </>
      )}
    </section>
  );
}

/** The kept head and tail as text, with the gap between them marked rather than glued shut. */
function ClippedText({ envelope, clip }: { envelope: Envelope; clip: Clip }) {
  const gap = (envelope.size ?? envelope.raw.length) - envelope.raw.length;
  return (
    <pre className="raw" tabIndex={0}>
      {envelope.raw.slice(0, clip.head)}
      <span className="clip-gap">{`\n… ${formatBytes(gap)} not kept …\n`}</span>
      {envelope.raw.slice(clip.head)}
    </pre>
  );
}

/** What the protocol-era members of this frame mean: 2026-07-28's _meta, headers and cache hints, 2025's handshake. */
function EraFields({ fields }: { fields: EraField[] }) {
  if (fields.length === 0) return null;
  return (
    <section className="era-fields" aria-label="MCP protocol fields" data-testid="era-fields">
      <h4>MCP protocol fields</h4>
      <dl>
        {fields.map((f) => (
          <div key={`${f.where}-${f.name}`} className={`era-field${f.problem ? ' problem' : ''}`}>
            <dt><span className="era-where">{f.where}</span> {f.name}</dt>
            <dd className="mono">{f.value}</dd>
            <dd>{f.meaning}{f.problem && <strong className="era-problem"> · {f.problem}</strong>}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function RawText({ text, showAll, onShowAll }: { text: string; showAll: boolean; onShowAll: () => void }) {
  const cut = !showAll && text.length > PREVIEW_CHARS;
  return (
    <>
      <pre className="raw" tabIndex={0}>{cut ? text.slice(0, PREVIEW_CHARS) : text}</pre>
      {cut && <ShowAll total={text.length} onShowAll={onShowAll} />}
    </>
  );
}

function ShowAll({ total, onShowAll }: { total: number; onShowAll: () => void }) {
  return (
    <div className="preview-note">
      Showing the first {formatBytes(PREVIEW_CHARS)} of {formatBytes(total)}.{' '}
      <button type="button" onClick={onShowAll} data-testid="show-all">Show all</button>
    </div>
  );
}

function Pretty({ text, showAll, onShowAll }: { text: string; showAll: boolean; onShowAll: () => void }) {
  const small = text.length <= WORKER_CHARS;
  const parsed = useMemo(() => {
    if (!small) return undefined;
    try {
      return { value: JSON.parse(text) as unknown };
    } catch {
      return null;
    }
  }, [text, small]);
  const [pretty, setPretty] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (small) return;
    let live = true;
    void formatJsonOffThread(text).then((r) => { if (live) setPretty(r.pretty); });
    return () => { live = false; };
  }, [text, small]);

  if (small) {
    if (parsed === null) return <><div className="preview-note">Not JSON; shown as text.</div><RawText text={text} showAll={showAll} onShowAll={onShowAll} /></>;
    return <div className="json-tree">{parsed && <JsonTree value={parsed.value} />}</div>;
  }
  if (pretty === undefined) return <div className="preview-note">Formatting {formatBytes(text.length)} in the background…</div>;
  if (pretty === null) return <RawText text={text} showAll={showAll} onShowAll={onShowAll} />;
  return <RawText text={pretty} showAll={showAll} onShowAll={onShowAll} />;
}

function HttpView({ request, response, exchange, onJump }: { request?: Envelope; response?: Envelope; exchange: Envelope[]; onJump: (seq: number) => void }) {
  if (!request && !response) return <div className="preview-note">This frame did not travel over HTTP (or the exchange was not recorded).</div>;
  const end = exchange.find((e) => e.http?.phase === 'end' || e.http?.phase === 'error');
  return (
    <div className="http-view">
      {request?.http && (
        <section>
          <h4>Request</h4>
          <div className="mono">{request.http.method} {request.http.url}</div>
          <Headers list={request.http.headers ?? []} />
        </section>
      )}
      {response?.http && (
        <section>
          <h4>Response</h4>
          <div className="mono">{response.http.status} {response.http.statusText}</div>
          <Headers list={response.http.headers ?? []} />
        </section>
      )}
      <section>
        <h4>Timing</h4>
        <div className="mono">
          {response?.http?.elapsed !== undefined && <>headers after {formatDuration(response.http.elapsed)}; </>}
          {end?.http?.elapsed !== undefined && <>finished after {formatDuration(end.http.elapsed)}</>}
        </div>
      </section>
      <section>
        <h4>Frames of this exchange</h4>
        <ul className="exchange-list">
          {exchange.map((e) => (
            <li key={e.seq}><button type="button" className="link" onClick={() => onJump(e.seq)}>#{e.seq} {e.layer} {e.http?.phase ?? ''}</button></li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Headers({ list }: { list: [string, string][] }) {
  return (
    <table className="headers">
      <tbody>
        {list.map(([name, value], i) => (
          <tr key={`${name}-${i}`}><th>{name}</th><td>{value}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
