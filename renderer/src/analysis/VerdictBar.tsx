import { useLayoutEffect, useRef, useState } from 'react';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';

/** The one-sentence answer, always in view above the lanes, with the usual questions answered beneath it when Realtime shows fewer tools. */
export function VerdictBar({ report, error, provisional, onShowFindings, onEvidence }: { report: DiagnosisReport | null; error: string | null; provisional: string | null; onShowFindings: () => void; onEvidence: (seqs: number[]) => void }) {
  // Folded by default: open, the answers would push the timeline down on every run that has them.
  const [questionsOpen, setQuestionsOpen] = useState(false);
  const [whole, setWhole] = useState(false);
  const text = useRef<HTMLSpanElement>(null);
  const clipped = useClipped(text, report?.verdict);
  if (error && !report) return <div className="verdict verdict-error" role="status">The diagnosis could not run: {error}</div>;
  if (!report) return <div className="verdict verdict-pending" role="status">Diagnosing…</div>;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) counts[f.severity] += 1;
  const questions = report.questions;
  return (
    <div className="verdict-block">
    <div className={`verdict ${provisional ? 'verdict-provisional' : report.differs ? 'verdict-differs' : 'verdict-same'}`} role="status" data-testid="verdict">
      {provisional && <span className="verdict-provisional-note" data-testid="verdict-provisional">{provisional}</span>}
      <span ref={text} className={`verdict-text${whole ? '' : ' clamped'}`} title={clipped && !whole ? report.verdict : undefined}>{report.verdict}</span>
      {(clipped || whole) && (
        <button type="button" className="verdict-more" aria-expanded={whole} onClick={() => setWhole(!whole)} data-testid="verdict-more">{whole ? 'less' : 'more'}</button>
      )}
      {questions.length > 0 && (
        <button type="button" className="verdict-questions-toggle" aria-expanded={questionsOpen} onClick={() => setQuestionsOpen(!questionsOpen)} data-testid="verdict-questions-toggle">
          {questionsOpen ? `Hide the ${questions.length} answers` : `${questions.length} questions answered`}
        </button>
      )}
      <button type="button" className="verdict-counts" onClick={onShowFindings} title="Show the findings">
        {counts.error > 0 && <span className="sev sev-error">{counts.error} error{counts.error === 1 ? '' : 's'}</span>}
        {counts.warning > 0 && <span className="sev sev-warning">{counts.warning} warning{counts.warning === 1 ? '' : 's'}</span>}
        {counts.info > 0 && <span className="sev sev-info">{counts.info} note{counts.info === 1 ? '' : 's'}</span>}
        {report.findings.length === 0 && <span className="sev sev-info">no findings</span>}
      </button>
    </div>
    {questions.length > 0 && questionsOpen && (
      <dl className="verdict-questions" data-testid="verdict-questions">
        {questions.map((q) => (
          <div key={q.id} className="verdict-question" data-testid={`question-${q.id}`}>
            <dt>{q.question}</dt>
            <dd>
              {q.answer}
              {q.evidence.slice(0, 6).map((seq) => <button key={seq} type="button" className="chip" onClick={() => onEvidence([seq])}>#{seq}</button>)}
            </dd>
          </div>
        ))}
      </dl>
    )}
    </div>
  );
}

/** Whether the clamped verdict hides lines (measured after layout and on every resize), so "more" shows only when it would. */
function useClipped(element: React.RefObject<HTMLSpanElement | null>, content: string | undefined): boolean {
  const [clipped, setClipped] = useState(false);
  useLayoutEffect(() => {
    const node = element.current;
    if (!node) return undefined;
    const measure = () => setClipped(node.classList.contains('clamped') && node.scrollHeight > node.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, [element, content]);
  return clipped;
}
