import type { LaneId } from '../../shared/capture/envelope';
import type { CallReport, LaneCall } from '../../shared/lanes/call-report';
import type { HostedCall } from '../../shared/lanes/hosted-lane-result';
import type { InspectorResult, ToolCall } from '../../shared/lanes/inspector-result';
import { checkArguments, checkStructuredContent } from '../../shared/tools/check-call';
import type { NormalizedTool } from '../../shared/tools/validate-tool';
import { resultSchemaProblems } from '../../shared/tools/result-schema';
import type { LaneRun } from './probe-lane';

type LaneCalls = Pick<CallReport, 'argumentCheck' | 'lanes'>;

/** One MCP client's tools/call as the Call pane shows it: the raw result checked against MCP's schema and the listed tool's outputSchema. */
export function mcpClientLaneCall(base: Pick<LaneCall, 'lane' | 'status'>, call: ToolCall, listed: NormalizedTool | undefined): LaneCall {
  if (call.error !== undefined) return { ...base, outcome: 'failed', error: call.error, evidence: call.evidence };
  return {
    ...base,
    outcome: call.isError ? 'error-result' : 'result',
    result: call.result,
    resultProblems: resultSchemaProblems('tools/call', call.result) ?? [],
    ...(listed ? { structuredContent: checkStructuredContent(listed, call.result) } : {}),
    ...(call.task ? { task: call.task } : {}),
    evidence: call.evidence,
  };
}

function inspectorCall(run: LaneRun, detail: InspectorResult, tool: string): LaneCall {
  const base = { lane: detail.lane, status: run.summary.status };
  const call = detail.call;
  if (!call) return { ...base, outcome: run.summary.status === 'skipped' ? 'skipped' : 'not-called', ...(run.summary.error ? { error: run.summary.error } : {}), evidence: detail.error?.evidence ?? [] };
  return mcpClientLaneCall(base, call, detail.tools.find((t) => t.tool.name === tool)?.tool);
}

function hostedCall(lane: LaneId, run: LaneRun, call: HostedCall | undefined): LaneCall {
  const base = { lane, status: run.summary.status };
  if (run.summary.status === 'skipped') return { ...base, outcome: 'skipped', ...(run.summary.error ? { error: run.summary.error } : {}), evidence: [] };
  if (!call) return { ...base, outcome: 'not-called', ...(run.summary.error ? { error: run.summary.error } : {}), evidence: [] };
  const error = call.detail ?? (call.error === undefined ? undefined : typeof call.error === 'string' ? call.error : JSON.stringify(call.error));
  return {
    ...base,
    outcome: call.status === 'completed' ? 'result' : call.status === 'failed' ? 'failed' : 'not-called',
    ...(call.output !== undefined ? { output: call.output } : {}),
    ...(call.status !== 'completed' && error ? { error } : {}),
    evidence: call.evidence,
  };
}

/** Each lane's side of one tool call, and the arguments checked against the schema the Inspector lane listed. */
export function callReportOf(runs: Partial<Record<LaneId, LaneRun>>, tool: string, args: Record<string, unknown>): LaneCalls {
  const lanes: LaneCall[] = [];
  let argumentCheck: CallReport['argumentCheck'];
  for (const [lane, run] of Object.entries(runs) as [LaneId, LaneRun][]) {
    if (lane === 'inspector' || lane === 'era') {
      const detail = run.detail as InspectorResult | undefined;
      if (!detail) {
        lanes.push({ lane, status: run.summary.status, outcome: run.summary.status === 'skipped' ? 'skipped' : 'failed', ...(run.summary.error ? { error: run.summary.error } : {}), evidence: [] });
        continue;
      }
      const listed = detail.tools.find((t) => t.tool.name === tool)?.tool;
      if (listed && !argumentCheck) argumentCheck = checkArguments(listed, args);
      lanes.push(inspectorCall(run, detail, tool));
    } else {
      lanes.push(hostedCall(lane, run, (run.detail as { call?: HostedCall } | undefined)?.call));
    }
  }
  return { ...(argumentCheck ? { argumentCheck } : {}), lanes };
}
