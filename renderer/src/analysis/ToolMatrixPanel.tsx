import { useState } from 'react';
import type { LaneId } from '../../../shared/capture/envelope';
import type { DiagnosisReport, LaneTool, ListProvenance, MatrixCell } from '../../../shared/ipc/diagnosis-report';

const MARK: Record<MatrixCell['state'], { mark: string; title: string }> = {
  present: { mark: '✓', title: 'listed by this lane' },
  absent: { mark: '✗', title: 'missing from this lane’s list' },
  filtered: { mark: '⊘', title: 'left out by allowed_tools' },
  invalid: { mark: '!', title: 'sent malformed: strict clients drop the whole list' },
  'not-loaded': { mark: '…', title: 'this lane never got a tool list' },
};

const LANE_TITLE: Record<LaneId, string> = { inspector: 'Inspector', era: 'Inspector (other revision)', playground: 'Playground', realtime: 'Realtime', server: 'Server', client: 'Your client', claude: 'Claude' };

/** Tools by lane with a mark per cell; choosing a tool shows its definition in every lane side by side. */
export function ToolMatrixPanel({ report, onEvidence }: { report: DiagnosisReport; onEvidence: (seqs: number[]) => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  const { matrix } = report;
  if (matrix.rows.length === 0) return <div className="panel-empty">No lane has listed any tools yet.</div>;
  const row = matrix.rows.find((r) => r.name === selected);
  return (
    <div className="matrix-wrap">
      <table className="matrix" data-testid="tool-matrix">
        <thead>
          <tr>
            <th>Tool</th>
            {matrix.lanes.map((lane) => (
              <th key={lane}>
                {LANE_TITLE[lane]}{matrix.reference === lane ? ' (server’s list)' : ''}
                <Provenance provenance={matrix.provenance[lane]} lane={lane} onEvidence={onEvidence} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((r) => (
            <tr key={r.name} className={r.name === selected ? 'selected' : ''} onClick={() => setSelected(r.name)}>
              <td className="mono">{r.name}</td>
              {matrix.lanes.map((lane) => {
                const cell = r.cells[lane];
                if (!cell) return <td key={lane} />;
                const differs = cell.differences.length > 0;
                return (
                  <td key={lane} className={`cell cell-${cell.state}`} title={`${MARK[cell.state].title}${differs ? `; differs in ${cell.differences.map((d) => d.field).join(', ')}` : ''}`} data-state={cell.state}>
                    {MARK[cell.state].mark}{differs && <span className="differs">Δ</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {row && <ToolSideBySide name={row.name} report={report} cells={row.cells} onEvidence={onEvidence} />}
    </div>
  );
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** Which MCP revision produced the lane's list, and the cache hint it came with: a click shows the frames. */
function Provenance({ provenance, lane, onEvidence }: { provenance: ListProvenance | undefined; lane: LaneId; onEvidence: (seqs: number[]) => void }) {
  if (!provenance) return null;
  const hint = provenance.cacheHint;
  const cache = hint ? `cache hint ${hint.ttlMs !== undefined ? `ttl ${seconds(hint.ttlMs)}` : 'no ttl'}${hint.cacheScope ? `, ${hint.cacheScope}` : ''}` : 'no cache hint';
  const title = `${provenance.revision ? `listed over MCP ${provenance.revision}${provenance.via ? ` (settled by ${provenance.via})` : ''}` : 'revision unknown'}; ${hint ? `the list says clients may reuse it for ${hint.ttlMs !== undefined ? seconds(hint.ttlMs) : 'an unstated time'}${hint.cacheScope ? ` (${hint.cacheScope})` : ''}` : 'the list carries no cache hint'}`;
  return (
    <button type="button" className="provenance" title={title} data-testid={`provenance-${lane}`} onClick={(e) => { e.stopPropagation(); onEvidence(provenance.evidence); }}>
      {provenance.revision ? `MCP ${provenance.revision}` : 'MCP ?'}{provenance.revision && provenance.revision >= '2026-07-28' ? ` · ${cache}` : ''}
    </button>
  );
}

function ToolSideBySide({ name, report, cells, onEvidence }: { name: string; report: DiagnosisReport; cells: Partial<Record<LaneId, MatrixCell>>; onEvidence: (seqs: number[]) => void }) {
  return (
    <div className="side-by-side" data-testid="tool-side-by-side">
      {report.matrix.lanes.map((lane) => {
        const tool: LaneTool | undefined = report.tools[lane]?.find((t) => t.name === name);
        const cell = cells[lane];
        return (
          <section key={lane} className="sbs-lane">
            <h4>
              {LANE_TITLE[lane]} <span className={`cell-${cell?.state ?? 'absent'}`}>{cell ? MARK[cell.state].title : ''}</span>
              {tool && <button type="button" className="chip" onClick={() => onEvidence([tool.seq])}>#{tool.seq}</button>}
            </h4>
            {tool ? <pre className="raw" tabIndex={0} aria-label={`${LANE_TITLE[lane]} definition of ${name}`}>{JSON.stringify({ description: tool.description, schema: tool.schema, annotations: tool.annotations }, null, 2)}</pre> : <div className="panel-empty">not in this lane’s list</div>}
            {cell && cell.differences.length > 0 && (
              <ul className="differences">
                {cell.differences.map((d) => (
                  <li key={d.field}>
                    <strong>{d.field}</strong> differs from the server’s at {d.paths.slice(0, 8).map((p) => <code key={p}>{p || '/'}</code>)}
                  </li>
                ))}
              </ul>
            )}
            {tool && tool.issues.length > 0 && (
              <ul className="differences">
                {tool.issues.map((issue, i) => <li key={i}><span className={`sev sev-${issue.severity === 'error' ? 'error' : 'warning'}`}>{issue.severity}</span> {issue.message} <code>{issue.path}</code></li>)}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
