import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';

/** The one-sentence answer, always in view above the lanes. */
export function VerdictBar({ report, error, provisional, onShowFindings }: { report: DiagnosisReport | null; error: string | null; provisional: string | null; onShowFindings: () => void }) {
  if (error && !report) return <div className="verdict verdict-error" role="status">The diagnosis could not run: {error}</div>;
  if (!report) return <div className="verdict verdict-pending" role="status">Diagnosing…</div>;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) counts[f.severity] += 1;
  return (
    <div className={`verdict ${provisional ? 'verdict-provisional' : report.differs ? 'verdict-differs' : 'verdict-same'}`} role="status" data-testid="verdict">
      {provisional && <span className="verdict-provisional-note" data-testid="verdict-provisional">{provisional}</span>}
      <span className="verdict-text">{report.verdict}</span>
      <button type="button" className="verdict-counts" onClick={onShowFindings} title="Show the findings">
        {counts.error > 0 && <span className="sev sev-error">{counts.error} error{counts.error === 1 ? '' : 's'}</span>}
        {counts.warning > 0 && <span className="sev sev-warning">{counts.warning} warning{counts.warning === 1 ? '' : 's'}</span>}
        {counts.info > 0 && <span className="sev sev-info">{counts.info} note{counts.info === 1 ? '' : 's'}</span>}
        {report.findings.length === 0 && <span className="sev sev-info">no findings</span>}
      </button>
    </div>
  );
}
