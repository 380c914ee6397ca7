import { LANE_NAMES } from '../../../shared/diagnosis/views/build-views';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';

/** Each lane's run in a few clauses under the verdict; a clause is a link to the frames that prove it. */
export function StoriesPanel({ report, onEvidence }: { report: DiagnosisReport; onEvidence: (seqs: number[]) => void }) {
  if (report.stories.length === 0) return null;
  return (
    <section className="stories" aria-label="What happened in each lane" data-testid="stories">
      {report.stories.map((story) => (
        <p key={story.lane} className="story" data-testid={`story-${story.lane}`}>
          <strong>{LANE_NAMES[story.lane]}:</strong>{' '}
          {story.clauses.map((clause, i) => (
            <span key={i}>
              {i > 0 && ', '}
              {clause.evidence.length > 0
                ? <button type="button" className="link story-clause" title={`Show frame${clause.evidence.length === 1 ? '' : 's'} ${clause.evidence.map((s) => `#${s}`).join(', ')}`} data-seqs={clause.evidence.join(',')} onClick={() => onEvidence(clause.evidence)}>{clause.text}</button>
                : <span className="story-clause">{clause.text}</span>}
            </span>
          ))}
          .
        </p>
      ))}
    </section>
  );
}
