import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';
import { InlineMarkdown } from './InlineMarkdown';

type Finding = DiagnosisReport['findings'][number];

/** One finding: severity, title, detail, fix and its evidence chips; choosing it marks its frames. */
export function FindingCard({ finding, chosen, onChoose, onEvidence }: { finding: Finding; chosen: boolean; onChoose: () => void; onEvidence: (seqs: number[]) => void }) {
  return (
    <li className={`finding finding-${finding.severity}${chosen ? ' chosen' : ''}`}>
      <button type="button" className="finding-head" onClick={() => { onChoose(); onEvidence(finding.evidence); }} data-testid={`finding-${finding.id}`}>
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
              <button key={seq} type="button" className="chip" onClick={() => { onChoose(); onEvidence([seq]); }}>#{seq}</button>
            ))}
            {finding.evidence.length > 24 && <span className="muted"> and {finding.evidence.length - 24} more</span>}
          </div>
        )}
      </div>
    </li>
  );
}
