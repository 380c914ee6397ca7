import type { LaneCall } from '../../../shared/lanes/call-report';
import type { CallToolResponse } from '../../../shared/ipc/calls';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';
import { FindingCard } from '../analysis/FindingCard';
import { ContentBlocks } from './ContentBlocks';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Lane names as the Call pane's results and history show them. */
export const LANE_TITLE: Record<string, string> = { inspector: 'Inspector', era: 'Inspector (other revision)', playground: 'Playground', realtime: 'Realtime', claude: 'Claude' };

function LaneResult({ lane, linkable, onEvidence }: { lane: LaneCall; linkable: boolean; onEvidence: (seqs: number[]) => void }) {
  const result = isRecord(lane.result) ? lane.result : undefined;
  const verdict = lane.structuredContent;
  return (
    <section className="sbs-lane" data-testid={`call-result-${lane.lane}`}>
      <h4>
        {LANE_TITLE[lane.lane] ?? lane.lane}
        <span className={`outcome outcome-${lane.outcome}`} data-testid={`call-outcome-${lane.lane}`}>{lane.outcome}</span>
        {linkable && lane.evidence.length > 0 && <button type="button" className="chip" title="Show these frames in the timeline" onClick={() => onEvidence(lane.evidence)} data-testid={`call-evidence-${lane.lane}`}>#{lane.evidence[0]}{lane.evidence.length > 1 ? ` +${lane.evidence.length - 1}` : ''}</button>}
      </h4>
      {lane.error && <div className="call-error" role="alert">{lane.error}</div>}
      {lane.task && <div className="muted" data-testid={`call-task-${lane.lane}`}>ran as task <code>{lane.task.taskId}</code>: {lane.task.status ?? 'status unknown'}{lane.task.statusMessage ? ` (${lane.task.statusMessage})` : ''}</div>}
      {result?.isError === true && <div className="call-error">the tool answered isError: true</div>}
      {result && <ContentBlocks content={result.content} />}
      {result && 'structuredContent' in result && (
        <>
          <div className="muted">structuredContent</div>
          <pre className="raw" tabIndex={0}>{JSON.stringify(result.structuredContent, null, 2)}</pre>
        </>
      )}
      {verdict && verdict.ok !== 'unchecked' && (
        <div className={verdict.ok ? 'verdict-ok' : 'call-error'} data-testid={`call-output-check-${lane.lane}`}>
          {verdict.ok ? 'fits the outputSchema' : `does not fit the outputSchema: ${verdict.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`}
        </div>
      )}
      {lane.output !== undefined && <><div className="muted">output relayed by the API</div><pre className="raw" tabIndex={0}>{lane.output ?? '(none)'}</pre></>}
      {(lane.resultProblems ?? []).map((p) => <div key={p.path + p.message} className="call-error">breaks the MCP schema at <code>{p.path}</code>: {p.message}</div>)}
    </section>
  );
}

/** The diagnosis's comparison of this call across lanes: its findings whose evidence is one of the call's frames. */
function differences(report: CallToolResponse, diagnosis: DiagnosisReport | null): DiagnosisReport['findings'] | undefined {
  if (!diagnosis || diagnosis.sessionId !== report.sessionId) return undefined;
  const frames = report.lanes.flatMap((lane) => lane.evidence);
  // A diagnosis that has not read the call's last frame yet cannot say they agree.
  if (frames.some((seq) => seq > diagnosis.frames)) return undefined;
  const seqs = new Set(frames);
  return diagnosis.findings.filter((f) => f.id === 'calls.results-differ' && f.evidence.some((seq) => seqs.has(seq)));
}

/**
 * Each lane's side of one call, side by side, with the diagnosis's word on how they differ; the
 * frame chips work while the call's session is on screen.
 */
export function CallResults({ report, sessionId, diagnosis, onEvidence }: { report: CallToolResponse; sessionId: string; diagnosis: DiagnosisReport | null; onEvidence: (seqs: number[]) => void }) {
  const check = report.argumentCheck;
  const differ = differences(report, diagnosis);
  const compared = report.lanes.filter((lane) => lane.outcome !== 'skipped').length > 1;
  return (
    <div className="call-results" data-testid="call-results">
      <div className="muted">
        {report.tool}({JSON.stringify(report.arguments)})
        {check?.ok === false && <span className="call-error"> the arguments do not fit the inputSchema (sent anyway): {check.problems.map((p) => `${p.path} ${p.message}`).join('; ')}</span>}
      </div>
      {differ && differ.length > 0 && (
        <ol className="findings call-differences" aria-label="How the lanes' results differ" data-testid="call-differences">
          {differ.map((finding) => <FindingCard key={finding.title} finding={finding} chosen={false} onChoose={() => undefined} onEvidence={onEvidence} />)}
        </ol>
      )}
      {differ?.length === 0 && compared && (
        <div className="muted" data-testid="call-same">Every lane that called the tool ended the same way{report.lanes.every((l) => l.outcome === 'result' || l.outcome === 'skipped') ? ' and got the same text' : ''}.</div>
      )}
      <div className="side-by-side">
        {report.lanes.map((lane) => <LaneResult key={lane.lane} lane={lane} linkable={report.sessionId === sessionId} onEvidence={onEvidence} />)}
      </div>
    </div>
  );
}
