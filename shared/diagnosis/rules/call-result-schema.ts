import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { ToolCallView } from '../views/tool-calls';
import type { DiagnosisFinding, Rule } from './rule';

/**
 * A `tools/call` result that breaks the MCP schema. The Inspector lane keeps it raw and shows it;
 * a strict client (the official SDKs validate results) rejects the whole call, and OpenAI's hosted
 * client has been reported to fail a call over one non-spec content block.
 */
export const callResultSchemaRule: Rule = ({ views }) => views.filter((v) => v.kind === 'mcp').flatMap((view): DiagnosisFinding[] => {
  const broken = view.calls.filter((c): c is ToolCallView & { schemaProblems: NonNullable<ToolCallView['schemaProblems']> } => (c.schemaProblems?.length ?? 0) > 0);
  const byTool = new Map<string, typeof broken>();
  for (const call of broken) byTool.set(call.name, [...(byTool.get(call.name) ?? []), call]);
  return [...byTool.entries()].map(([name, calls]) => {
    const first = calls[0] as (typeof broken)[number];
    const where = first.schemaProblems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ');
    const hosted = views.filter((v) => v.kind !== 'mcp' && v.calls.some((c) => c.name === name));
    const hostedFailed = hosted.filter((v) => v.calls.some((c) => c.name === name && c.outcome === 'failed'));
    return {
      id: 'mcp.call-result-invalid', severity: hostedFailed.length > 0 ? 'error' : 'warning', lanes: [view.lane, ...hostedFailed.map((v) => v.lane)],
      title: `The server's result for \`${name}\` breaks the MCP schema (${first.schemaProblems[0]?.path ?? '/'})`,
      detail: `tools/call ${name} (seq ${first.seq}) was answered at seq ${first.resultSeq ?? '?'} with a result that is not a valid CallToolResult: ${where}. ${LANE_NAMES[view.lane]} shows it raw; clients that validate results (the official SDKs) fail the call instead, and OpenAI's hosted client has been reported to fail a call over one non-spec content block.${hostedFailed.length > 0 ? ` Here ${hostedFailed.map((v) => LANE_NAMES[v.lane]).join(' and ')} did fail it.` : ''}`,
      evidence: uniqueSeqs(calls.flatMap((c) => [c.seq, c.resultSeq])),
      fix: 'Return only spec content blocks (text, image, audio, resource_link, resource) with their required fields, and put structured data in structuredContent, matching outputSchema when the tool declares one.',
      ...(hostedFailed.length > 0 ? { headline: `the server's result for \`${name}\` breaks the MCP schema, and ${hostedFailed.map((v) => LANE_NAMES[v.lane]).join(' and ')} failed the call` } : {}),
    };
  });
});
