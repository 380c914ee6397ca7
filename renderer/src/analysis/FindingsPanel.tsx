import { useState } from 'react';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';
import { InlineMarkdown } from './InlineMarkdown';

/** Every finding with its evidence; choosing one marks its frames in every lane and scrolls to them. */
export function FindingsPanel({ report, onEvidence }: { report: DiagnosisReport; onEvidence: (seqs: number[]) => void }) {
  const [chosen, setChosen] = useState<string | null>(null);
  if (report.findings.length === 0) return <div className="panel-empty">No findings: every lane that ran saw the same tools and nothing looked risky.</div>;
  return (
    <ol className="findings" data-testid="findings">
      {report.findings.map((finding, i) => {
        const key = `${finding.id}-${i}`;
        return (
          <li key={key} className={`finding finding-${finding.severity}${chosen === key ? ' chosen' : ''}`}>
            <button type="button" className="finding-head" onClick={() => { setChosen(key); onEvidence(finding.evidence); }} data-testid={`finding-${finding.id}`}>
              <span className={`sev sev-${finding.severity}`}>{finding.severity}</span>
              <span className="finding-title"><InlineMarkdown text={finding.title} /></span>
              <span className="finding-id">{finding.id}</span>
            </button>
            <div className="finding-body">
              <p><InlineMarkdown text={finding.detail} /></p>
              <p className="finding-fix"><strong>Fix:</strong> <InlineMarkdown text={finding.fix} /></p>
              {finding.evidence.length > 0 && (
                <div className="finding-evidence">
                  Evidence:
                  {finding.evidence.slice(0, 24).map((seq) => (
                    <button key={seq} type="button" className="chip" onClick={() => { setChosen(key); onEvidence([seq]); }}>#{seq}</button>
                  ))}
                  {finding.evidence.length > 24 && <span className="muted"> and {finding.evidence.length - 24} more</span>}
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
