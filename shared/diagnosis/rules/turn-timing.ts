import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { RealtimeLaneView } from '../views/lane-view';
import type { DiagnosisFinding, Rule } from './rule';

const isRealtime = (v: { kind: string }): v is RealtimeLaneView => v.kind === 'realtime';

/** A turn (response.create) started while a listing was in progress sees only the tools already loaded (documented). */
export const turnTimingRule: Rule = ({ views }) => views.filter(isRealtime).flatMap((view): DiagnosisFinding[] => {
  const early = view.responseCreates.flatMap((seq) => view.items.filter((item) => {
    const started = item.inProgressSeq ?? item.addedSeq;
    const ended = item.doneSeq ?? item.failedSeq ?? item.completedSeq;
    return started !== undefined && seq > started && (ended === undefined || seq < ended);
  }).map((item) => ({ seq, item })));
  const first = early[0];
  if (!first) return [];
  return [{
    id: 'realtime.turn-before-listing', severity: 'warning', lanes: [view.lane],
    title: `${LANE_NAMES[view.lane]} started a turn before the MCP tool listing finished`,
    detail: `response.create (seq ${first.seq}) was sent while mcp_list_tools item ${first.item.itemId} was still in progress (since seq ${first.item.inProgressSeq ?? first.item.addedSeq}${first.item.doneSeq ?? first.item.completedSeq ? `, finished at seq ${first.item.doneSeq ?? first.item.completedSeq}` : ', never finished'}). A turn started during listing sees only the tools already loaded, so the model may have none of this server's tools.`,
    evidence: uniqueSeqs(early.flatMap(({ seq, item }) => [item.inProgressSeq, seq, item.completedSeq, item.doneSeq])),
    fix: 'Wait for conversation.item.done of the mcp_list_tools item (or mcp_list_tools.failed) before the first response.create.',
    headline: `${LANE_NAMES[view.lane]} started a turn (seq ${first.seq}) before the tools finished loading`,
  }];
});
