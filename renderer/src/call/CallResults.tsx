import type { LaneCall } from '../../../shared/lanes/call-report';
import type { CallToolResponse } from '../../../shared/ipc/calls';
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

/** Each lane's side of one call, side by side; the frame chips work while the call's session is on screen. */
export function CallResults({ report, sessionId, onEvidence }: { report: CallToolResponse; sessionId: string; onEvidence: (seqs: number[]) => void }) {
  const check = report.argumentCheck;
  return (
    <div className="call-results" data-testid="call-results">
      <div className="muted">
        {report.tool}({JSON.stringify(report.arguments)})
        {check?.ok === false && <span className="call-error"> the arguments do not fit the inputSchema (sent anyway): {check.problems.map((p) => `${p.path} ${p.message}`).join('; ')}</span>}
      </div>
      <div className="side-by-side">
        {report.lanes.map((lane) => <LaneResult key={lane.lane} lane={lane} linkable={report.sessionId === sessionId} onEvidence={onEvidence} />)}
      </div>
    </div>
  );
}
