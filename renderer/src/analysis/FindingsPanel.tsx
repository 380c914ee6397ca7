import { useState } from 'react';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';
import { FindingCard } from './FindingCard';

/** Every finding with its evidence; choosing one marks its frames in every lane and scrolls to them. */
export function FindingsPanel({ report, onEvidence }: { report: DiagnosisReport; onEvidence: (seqs: number[]) => void }) {
  const [chosen, setChosen] = useState<string | null>(null);
  if (report.findings.length === 0) return <div className="panel-empty">No findings: every lane that ran saw the same tools and nothing looked risky.</div>;
  return (
    <ol className="findings" data-testid="findings">
      {report.findings.map((finding, i) => {
        const key = `${finding.id}-${i}`;
        return <FindingCard key={key} finding={finding} chosen={chosen === key} onChoose={() => setChosen(key)} onEvidence={onEvidence} />;
      })}
    </ol>
  );
}
