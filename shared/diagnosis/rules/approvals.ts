import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { PlaygroundLaneView, RealtimeLaneView } from '../views/lane-view';
import { list, type DiagnosisFinding, type Rule } from './rule';

type WithApprovals = RealtimeLaneView | PlaygroundLaneView;
const hasApprovals = (v: { kind: string }): v is WithApprovals => v.kind === 'realtime' || v.kind === 'responses';

/** `require_approval` defaults to "always": a call waits for an mcp_approval_response that may never come. */
export const approvalsRule: Rule = ({ views }) => views.filter(hasApprovals).flatMap((view): DiagnosisFinding[] => {
  const waiting = view.approvals.filter((a) => a.answeredSeq === undefined);
  if (waiting.length === 0) return [];
  return [{
    id: 'openai.approval-unanswered', severity: 'warning', lanes: [view.lane],
    title: `${LANE_NAMES[view.lane]} never answered the approval request for ${list(waiting.map((a) => a.name))}`,
    detail: `OpenAI asked for approval (${waiting.map((a) => `mcp_approval_request ${a.id} at seq ${a.seq}`).join(', ')}) and no mcp_approval_response followed, so the tool was never called. require_approval defaults to "always" when the mcp tool does not set it.`,
    evidence: uniqueSeqs(waiting.map((a) => a.seq)),
    fix: view.kind === 'realtime'
      ? 'Answer with conversation.item.create {item:{type:"mcp_approval_response", approval_request_id, approve:true}} then response.create, or set "require_approval": "never" (or {"never": {"tool_names": [...]}}) on the mcp tool.'
      : 'Send a follow-up request with previous_response_id and an input item {type:"mcp_approval_response", approval_request_id, approve:true}, or set "require_approval": "never" on the mcp tool.',
  }];
});
