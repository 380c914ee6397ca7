import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { ListItemView, RealtimeLaneView } from '../views/lane-view';
import { count, type DiagnosisFinding, type Rule } from './rule';

const isRealtime = (v: { kind: string }): v is RealtimeLaneView => v.kind === 'realtime';

/**
 * Where Realtime really delivers an imported tool list: `mcp_list_tools.completed` carries only
 * `item_id`, the item's first sighting has `tools: []`, and the list arrives with
 * `conversation.item.done`. Fires when a connection stopped short of that frame, or when another
 * Realtime connection in the same capture ended without tools while this one shows where they were.
 */
export const realtimeToolLocationRule: Rule = ({ views }) => {
  const realtime = views.filter(isRealtime);
  const findings: DiagnosisFinding[] = [];
  for (const view of realtime) {
    for (const item of view.items) {
      if (item.doneSeq !== undefined || item.failedSeq !== undefined) continue;
      const readTooEarly = item.completedSeq !== undefined || (item.addedSeq !== undefined && view.closeSeq !== undefined && view.closeSeq > item.addedSeq);
      if (!readTooEarly) continue;
      // Your client hanging up on GA is client.closed-before-item-done's story; this one tells the rest.
      if (view.lane === 'client' && view.closedBy === 'out' && view.beta.length === 0 && item.completedSeq !== undefined) continue;
      findings.push(neverDone(view, item));
    }
  }
  const empty = realtime.filter((v) => v.toolsState !== 'listed');
  const delivered = realtime.flatMap((v) => v.items.filter((i) => i.doneSeq !== undefined && i.completedSeq !== undefined && (i.tools?.length ?? 0) > 0).map((i) => ({ view: v, item: i })));
  const example = delivered[0];
  if (example && empty.length > 0) findings.push(deliveredElsewhere(example.view, example.item, empty.map((v) => v.lane)));
  return findings;
};

function neverDone(view: RealtimeLaneView, item: ListItemView): DiagnosisFinding {
  const where = item.completedSeq !== undefined ? `mcp_list_tools.completed (seq ${item.completedSeq})` : `the first sighting of the item (seq ${item.addedSeq}, tools: [])`;
  return {
    id: 'realtime.tools-on-item-done', severity: 'warning', lanes: [view.lane],
    title: `${LANE_NAMES[view.lane]} stopped at ${item.completedSeq !== undefined ? 'mcp_list_tools.completed' : 'the empty first item'}; the tools only come with conversation.item.done`,
    detail: `For item ${item.itemId}${item.label ? ` (server_label ${item.label})` : ''} this connection saw ${where} but no conversation.item.done before ${view.closeSeq !== undefined ? `it closed (seq ${view.closeSeq})` : 'the capture ended'}. mcp_list_tools.completed carries only event_id, type and item_id, and the item first appears with tools: []; a client counting tools there reports 0 whatever the server offers.`,
    evidence: uniqueSeqs([item.addedSeq, item.inProgressSeq, item.completedSeq, view.closeSeq]),
    fix: 'Read the tools from the conversation.item.done whose item.type is "mcp_list_tools" (match item.id to the item_id of mcp_list_tools.completed), not from the completed event or conversation.item.added; on the beta interface switch to GA first.',
    headline: item.completedSeq !== undefined
      ? `${LANE_NAMES[view.lane]} reads the tools from mcp_list_tools.completed (seq ${item.completedSeq}), which never carries tools`
      : `${LANE_NAMES[view.lane]} reads the tools from the empty first sighting of the item (seq ${item.addedSeq})`,
  };
}

function deliveredElsewhere(view: RealtimeLaneView, item: ListItemView, emptyLanes: string[]): DiagnosisFinding {
  const tools = item.tools?.length ?? 0;
  return {
    id: 'realtime.tools-on-item-done', severity: 'info', lanes: [view.lane],
    title: `Realtime delivers the ${count(tools, 'tool')} at conversation.item.done, never on mcp_list_tools.completed`,
    detail: `On ${LANE_NAMES[view.lane]} the mcp_list_tools item ${item.itemId} first appeared with ${count(item.addedToolCount ?? 0, 'tool')} (seq ${item.addedSeq ?? '?'}), mcp_list_tools.completed (seq ${item.completedSeq}) carried no tools, and conversation.item.done (seq ${item.doneSeq}) carried all ${tools}. ${emptyLanes.map((l) => LANE_NAMES[l as keyof typeof LANE_NAMES]).join(' and ')} ended without tools; once its session is accepted, this is where its tools will be.`,
    evidence: uniqueSeqs([item.addedSeq, item.completedSeq, item.doneSeq]),
    fix: 'Count tools on conversation.item.done for the item whose type is "mcp_list_tools", never on mcp_list_tools.completed or conversation.item.added.',
    headline: `the tools arrive at conversation.item.done (seq ${item.doneSeq}), never on mcp_list_tools.completed (seq ${item.completedSeq})`,
  };
}
