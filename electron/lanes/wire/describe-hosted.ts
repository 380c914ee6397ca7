import type { PlaygroundResult, RealtimeResult } from '../../../shared/lanes/hosted-lane-result';
import type { LaneRun } from '../../probe/probe-lane';

/** A hosted lane's result as `probe` reports it: the summary, the full result, and lines for the terminal. */
export function hostedLaneRun(result: RealtimeResult | PlaygroundResult): LaneRun {
  const error = result.error?.message ?? result.skipped;
  return {
    summary: { status: result.status, tools: result.tools.map((t) => t.name), ...(error ? { error } : {}) },
    detail: result,
    lines: describeHosted(result),
  };
}

function describeHosted(result: RealtimeResult | PlaygroundResult): string[] {
  const lines = [`  ${result.endpoint} (${result.lane === 'realtime' ? `${result.interface}, ${result.sessionUpdate} session.update` : `model ${result.model}`})`];
  const last = result.steps.at(-1);
  if (last) lines.push(`  status: ${last.name} ${last.status}: ${last.detail}`);
  for (const listing of result.listings) {
    lines.push(`  mcp_list_tools ${listing.itemId} "${listing.serverLabel}": ${listing.outcome}, ${listing.tools.length} tool(s) from ${listing.source ?? 'no finished item'}${listing.error ? ` - ${listing.error}` : ''}`);
  }
  for (const tool of result.tools) lines.push(`  - ${tool.name}`);
  if (result.call) lines.push(`  call ${result.call.name}: ${result.call.status}${result.call.detail ? ` - ${result.call.detail}` : ''}`);
  return lines;
}

/** Settings or a server description the lane cannot use: a failed lane that says why, not a crash. */
export function badInputRun(error: unknown): LaneRun {
  return { summary: { status: 'failed', tools: [], error: error instanceof Error ? error.message : String(error) } };
}
