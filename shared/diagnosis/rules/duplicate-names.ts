import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { LaneView, ViewTool } from '../views/lane-view';
import { list, type DiagnosisFinding, type Rule } from './rule';

/** The same tool name under two server labels: reported, calls go to the first label only. */
export const duplicateNamesRule: Rule = ({ views }) => views.flatMap((view): DiagnosisFinding[] => {
  const byLabel = labelledTools(view);
  if (byLabel.length < 2) return [];
  const owners = new Map<string, { label: string; tool: ViewTool }[]>();
  for (const { label, tools } of byLabel) for (const tool of tools) owners.set(tool.name, [...(owners.get(tool.name) ?? []), { label, tool }]);
  const shared = [...owners.entries()].filter(([, where]) => new Set(where.map((w) => w.label)).size > 1);
  if (shared.length === 0) return [];
  const labels = [...new Set(shared.flatMap(([, where]) => where.map((w) => w.label)))];
  return [{
    id: 'openai.duplicate-tool-names', severity: 'warning', lanes: [view.lane],
    title: `${shared.length} tool name(s) appear under several server labels (${labels.join(', ')}) on ${LANE_NAMES[view.lane]}`,
    detail: `${list(shared.map(([name]) => name))} are listed by ${labels.join(' and ')}. The model sees one name for two tools; calls have been reported to reach only the first label's tool.`,
    evidence: uniqueSeqs(shared.flatMap(([, where]) => where.map((w) => w.tool.seq))),
    fix: 'Give each server its tools once (drop the duplicate mcp entry), or narrow each with allowed_tools so no name is imported twice.',
  }];
});

function labelledTools(view: LaneView): { label: string; tools: ViewTool[] }[] {
  if (view.kind === 'realtime' || view.kind === 'responses') {
    const latest = new Map<string, ViewTool[]>();
    for (const item of view.items) if (item.label && item.tools) latest.set(item.label, item.tools);
    return [...latest.entries()].map(([label, tools]) => ({ label, tools }));
  }
  return [];
}
