import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { McpLaneView } from '../views/lane-view';
import { count, isOpenAiLane, list, type DiagnosisFinding, type Rule } from './rule';

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';

/**
 * `notifications/tools/list_changed`: a client that never re-lists keeps the old list. OpenAI
 * imports once per session (and not again while the list item is in context), so tools that
 * appear after a list_changed can be missing there.
 */
export const listChangedRule: Rule = ({ views, matrix }) => {
  const findings: DiagnosisFinding[] = [];
  for (const view of views.filter(isMcp)) {
    for (const change of view.listChanged) {
      const relisted = view.listings.some((l) => l.conn === change.conn && (l.pages[0]?.requestSeq ?? 0) > change.seq);
      if (!relisted) {
        findings.push({
          id: 'mcp.list-changed-lost', severity: 'warning', lanes: [view.lane],
          title: `${LANE_NAMES[view.lane]} got tools/list_changed but never listed again`,
          detail: `The server announced a new tool list (seq ${change.seq}) on ${change.conn}; no tools/list followed on that connection, so that client keeps the old list.`,
          evidence: [change.seq],
          fix: 'Re-list on notifications/tools/list_changed (with the SDK: a handler for ToolListChangedNotificationSchema that calls listTools).',
        });
      }
    }
  }
  const announced = views.filter(isMcp).flatMap((v) => v.listChanged);
  if (announced.length === 0) return findings;
  const openAi = views.filter((v) => isOpenAiLane(v) && v.toolsState === 'listed');
  const late = matrix.rows.filter((r) => matrix.reference && r.cells[matrix.reference]?.state === 'present' && openAi.some((v) => r.cells[v.lane]?.state === 'absent'));
  if (late.length === 0) return findings;
  const lacking = openAi.filter((v) => late.some((r) => r.cells[v.lane]?.state === 'absent'));
  findings.push({
    id: 'mcp.list-changed-lost', severity: 'warning', lanes: lacking.map((v) => v.lane),
    title: `${count(late.length, 'tool')} arrived after a tools/list_changed that ${lacking.map((v) => LANE_NAMES[v.lane]).join(' and ')} never acted on: ${list(late.map((r) => r.name))}`,
    detail: `The server announced a changed list (${announced.map((a) => `seq ${a.seq}`).join(', ')}) after its first tools/list. The Inspector listed again and got ${list(late.map((r) => r.name))}; OpenAI imports a server's tools once per session (and not again while the mcp_list_tools item is in context), so its import keeps the first list. A list_changed sent before a Streamable HTTP client opens its GET stream is lost outright.`,
    evidence: uniqueSeqs([...announced.map((a) => a.seq), ...lacking.flatMap((v) => v.toolsEvidence)]),
    fix: 'Offer every tool from the first tools/list; if tools must appear later, start a new OpenAI session (Realtime: send the mcp tool again with a changed definition) to import again.',
  });
  return findings;
};
