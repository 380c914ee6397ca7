import { uniqueSeqs } from '../json';
import { referenceView } from '../tool-matrix';
import { LANE_NAMES } from '../views/build-views';
import { mcpConfigsOf, type LaneView } from '../views/lane-view';
import { count, isOpenAiLane, list, type DiagnosisFinding, type Rule } from './rule';

/** `allowed_tools`: names the server does not have (a documented listing failure), and tools it filters out. */
export const allowedToolsRule: Rule = ({ views, matrix }) => {
  const reference = referenceView(views);
  const findings: DiagnosisFinding[] = [];
  for (const view of views.filter(isOpenAiLane)) {
    for (const config of mcpConfigsOf(view)) {
      if (!config.allowed_tools) continue;
      const names = Array.isArray(config.allowed_tools) ? config.allowed_tools : config.allowed_tools.tool_names ?? [];
      const known = reference?.toolsState === 'listed' ? reference.tools.map((t) => t.name) : undefined;
      const missing = known ? names.filter((n) => !known.includes(n)) : [];
      if (missing.length > 0) {
        findings.push({
          id: 'openai.allowed-tools-unknown', severity: 'error', lanes: [view.lane],
          title: `allowed_tools names ${count(missing.length, 'tool')} the server does not have: ${list(missing)}`,
          detail: `${LANE_NAMES[view.lane]}'s mcp tool (server_label ${config.server_label}) allows ${list(names)}, but the server lists ${list(known ?? [])}. OpenAI documents this as a cause of mcp_list_tools.failed${view.toolsState === 'failed' ? `, and the listing did fail (${view.error?.message ?? 'failed'})` : ''}.`,
          evidence: uniqueSeqs([...configSeqs(view), ...(reference?.toolsEvidence ?? []), ...view.toolsEvidence]),
          fix: `Use the server's exact tool names in allowed_tools (case-sensitive), or remove ${list(missing)}.`,
          headline: `allowed_tools names ${list(missing)}, which the server does not have`,
        });
      }
    }
    const filtered = matrix.rows.filter((r) => r.cells[view.lane]?.state === 'filtered').map((r) => r.name);
    if (filtered.length > 0) {
      findings.push({
        id: 'openai.allowed-tools-filter', severity: 'info', lanes: [view.lane],
        title: `allowed_tools hides ${count(filtered.length, 'tool')} from ${LANE_NAMES[view.lane]}`,
        detail: `The server offers ${list(filtered)}, but ${LANE_NAMES[view.lane]}'s allowed_tools does not include them, so OpenAI imports only ${count(view.tools.length, 'tool')}. That difference is configuration, not a fault.`,
        evidence: uniqueSeqs([...configSeqs(view), ...view.toolsEvidence]),
        fix: 'Add the tools to allowed_tools (or drop allowed_tools) if the model should have them.',
      });
    }
  }
  return findings;
};

function configSeqs(view: LaneView): number[] {
  if (view.kind === 'realtime') return view.sessionUpdates.filter((u) => u.mcp.some((c) => c.allowed_tools)).map((u) => u.seq);
  if (view.kind === 'responses') return view.exchanges.filter((x) => x.mcp.some((c) => c.allowed_tools)).map((x) => x.requestSeq);
  return [];
}
