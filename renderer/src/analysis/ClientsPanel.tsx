import { useState } from 'react';
import { RULEBOOK } from '../../../shared/clients/rulebook';
import type { ClientsReportView } from '../../../shared/ipc/clients-report';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';

type Cell = NonNullable<ClientsReportView['rows'][number]['cells'][keyof ClientsReportView['rows'][number]['cells']]>;
type Hit = Cell['hits'][number];

const MARK: Record<Cell['state'], { mark: string; title: string }> = {
  kept: { mark: '✓', title: 'kept as the server sent it' },
  changed: { mark: '~', title: 'kept, but renamed or its schema rewritten' },
  'at-risk': { mark: '?', title: 'may be refused or its calls may fail' },
  dropped: { mark: '✗', title: 'lost: dropped, or the whole list fails' },
};

const EFFECT: Record<Hit['effect'], string> = {
  dropped: 'tool dropped', 'list-emptied': 'whole list lost', 'call-refused': 'calls refused', 'name-rewritten': 'name rewritten', 'schema-rewritten': 'schema rewritten', warning: 'warning',
};

const EFFECT_ORDER: Record<Hit['effect'], number> = { 'list-emptied': 0, dropped: 1, 'call-refused': 2, warning: 3, 'name-rewritten': 4, 'schema-rewritten': 5 };

const ruleById = new Map(RULEBOOK.rules.map((r) => [r.id, r]));

/**
 * Tools down, the rulebook's clients across: what each client would do with each tool the server
 * sent. A cell opens the rules that decided it, with their sources and the frames that show it.
 */
export function ClientsPanel({ report, onEvidence }: { report: DiagnosisReport; onEvidence: (seqs: number[]) => void }) {
  const [selected, setSelected] = useState<{ tool: string | null; client: string } | null>(null);
  const clients = report.clients;
  if (!clients) return <div className="panel-empty">This engine sent no client verdict.</div>;
  const row = selected?.tool ? clients.rows.find((r) => r.tool === selected.tool) : undefined;
  const column = selected ? clients.clients.find((c) => c.client === selected.client) : undefined;
  const cell = row && column ? row.cells[column.client] : undefined;
  // The hit that decides the cell first: losses, then refusals and warnings, then renames.
  const hits = [...(selected?.tool === null ? column?.notes ?? [] : cell?.hits ?? [])].sort((a, b) => EFFECT_ORDER[a.effect] - EFFECT_ORDER[b.effect]);
  return (
    <div className="matrix-wrap clients-wrap">
      <p className="clients-verdict" data-testid="clients-verdict">{clients.verdict}</p>
      {clients.rows.length === 0 && <div className="panel-empty">The server listed no tools{clients.clients.some((c) => c.notes.length > 0) ? '; the client notes below still apply' : ''}.</div>}
      <div className="clients-scroll">
        <table className="matrix clients" data-testid="clients-matrix">
          <thead>
            <tr>
              <th className="tool-col">Tool</th>
              {clients.clients.map((c) => (
                <th key={c.client} data-client={c.client} className={c.lost > 0 ? 'loses' : ''}>
                  <button type="button" className="link" title={`${c.name}: ${c.lost} lost, ${c.changed} changed, ${c.atRisk} at risk${c.notes.length > 0 ? `; ${c.notes.length} note(s) on the whole server` : ''}`} onClick={() => setSelected({ tool: null, client: c.client })}>
                    {c.short}
                  </button>
                  <span className="client-count" data-testid={`client-lost-${c.client}`}>{c.lost > 0 ? `loses ${c.lost}` : c.notes.length > 0 ? `${c.notes.length} note${c.notes.length === 1 ? '' : 's'}` : ''}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {clients.rows.map((r) => (
              <tr key={`${r.tool}\u0000${r.seq}`} data-tool={r.tool}>
                <td className="mono tool-col" title={r.tool}>{r.tool}</td>
                {clients.clients.map((c) => {
                  const state = r.cells[c.client]?.state ?? 'kept';
                  const chosen = selected?.tool === r.tool && selected.client === c.client;
                  return (
                    <td key={c.client} className={`cell client-cell client-${state}${chosen ? ' chosen' : ''}`} data-client={c.client} data-state={state}
                      title={`${c.name}: ${MARK[state].title}${(r.cells[c.client]?.hits.length ?? 0) > 0 ? ` (${r.cells[c.client]?.hits.map((h) => h.rule).join(', ')})` : ''}`}
                      onClick={() => setSelected({ tool: r.tool, client: c.client })}>
                      {MARK[state].mark}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && column && (
        <section className="client-detail" data-testid="client-detail">
          <h4>
            {column.name}{selected.tool !== null ? <> · <span className="mono">{selected.tool}</span> · <span className={`client-${cell?.state ?? 'kept'}`}>{MARK[cell?.state ?? 'kept'].title}</span></> : ' · the server as a whole'}
            {' '}<a href={column.docs} target="_blank" rel="noreferrer">client docs</a>
          </h4>
          {hits.length === 0 && <div className="panel-empty">No rule of the rulebook applies here.</div>}
          <ul className="client-hits">
            {hits.map((hit, i) => <RuleHitItem key={`${hit.rule}-${i}`} hit={hit} onEvidence={onEvidence} />)}
          </ul>
        </section>
      )}
    </div>
  );
}

function RuleHitItem({ hit, onEvidence }: { hit: Hit; onEvidence: (seqs: number[]) => void }) {
  const rule = ruleById.get(hit.rule);
  return (
    <li data-rule={hit.rule}>
      <div>
        <code>{hit.rule}</code> <span className={`sev sev-${hit.effect === 'dropped' || hit.effect === 'list-emptied' ? 'error' : hit.effect === 'warning' ? 'info' : 'warning'}`}>{EFFECT[hit.effect]}</span>
        {' '}<span className="confidence">{hit.confidence}</span>
        {hit.evidence.map((seq) => <button key={seq} type="button" className="chip" onClick={() => onEvidence(hit.evidence)} data-testid="client-evidence">#{seq}</button>)}
      </div>
      {rule && <div className="rule-title">{rule.title} <span className="muted">({rule.versions})</span></div>}
      <div className="rule-detail">{hit.detail}</div>
      {rule && <div className="rule-fix">Fix: {rule.fix}</div>}
      {rule && (
        <ul className="rule-sources">
          {rule.sources.map((s) => <li key={s.url}><a href={s.url} target="_blank" rel="noreferrer">{new URL(s.url).host}{new URL(s.url).pathname.slice(0, 60)}</a>: {s.fact}</li>)}
        </ul>
      )}
    </li>
  );
}
