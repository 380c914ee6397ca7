import { betaSessionFields, describeBetaField } from '../../openai/ga-session-fields';
import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { RealtimeLaneView } from '../views/lane-view';
import type { DiagnosisFinding, Rule } from './rule';
import { BETA_RETIRED_ERROR } from '../../openai/realtime-interfaces';

const isRealtime = (v: { kind: string }): v is RealtimeLaneView => v.kind === 'realtime';

/**
 * The interface a Realtime client speaks: GA requires `session.type`; the beta interface (header,
 * subprotocol, or a typeless session.update) never sends `conversation.item.done`, where GA puts
 * the imported MCP tools.
 */
export const realtimeInterfaceRule: Rule = ({ views }) => views.filter(isRealtime).flatMap((view) => [...sessionTypeFindings(view), ...betaFindings(view), ...otherRejections(view)]);

function sessionTypeFindings(view: RealtimeLaneView): DiagnosisFinding[] {
  const missing = view.sessionUpdates.filter((u) => u.error && u.error.code === 'missing_required_parameter' && u.error.param === 'session.type');
  const first = missing[0];
  if (!first?.error) return [];
  const withMcp = missing.some((u) => u.mcp.length > 0);
  const betaAlso = betaSessionFields(first.keys);
  return [{
    id: 'realtime.session-type-missing', severity: 'error', lanes: [view.lane],
    title: `GA Realtime rejected ${view.lane === 'client' ? 'your' : 'the'} session.update: it has no session.type`,
    detail: `The session.update (seq ${first.seq}) has no \`session.type\`; the GA interface answers with an error event (seq ${first.error.seq}: ${first.error.message}) and applies nothing${withMcp ? ', so the MCP tool in it is never imported and no mcp_list_tools item is created' : ''}. Typeless updates are the beta interface's shape.`,
    evidence: uniqueSeqs(missing.flatMap((u) => [u.seq, u.error?.seq])),
    fix: `Add "type": "realtime" to the session object of every session.update: {"type":"session.update","session":{"type":"realtime","tools":[...]}}.${betaAlso.length > 0 ? ` It also uses beta field names GA refuses next: ${betaAlso.map(describeBetaField).join('; ')}.` : ''}`,
    headline: `GA Realtime rejects ${view.lane === 'client' ? 'your' : 'the'} session.update (seq ${first.seq}) for its missing session.type (error seq ${first.error.seq})`,
  }];
}

/** The fix for a beta client, today: GA shapes, and an `openai` outside the releases that sent the beta header from GA helpers. */
const GA_FIX = 'Use the GA interface: drop the OpenAI-Beta: realtime=v1 header and the openai-beta.realtime-v1 subprotocol, send session.type "realtime" in every session.update, and read the tools from conversation.item.done. If you use openai-node, use a version outside 5.18.0 to 5.23.0 (those sent the beta header from the GA helpers; fixed in 5.23.1), or the current 7.x.';

function betaFindings(view: RealtimeLaneView): DiagnosisFinding[] {
  const refusal = view.errors.find((e) => e.code === BETA_RETIRED_ERROR.code);
  const reasons = [...new Set(view.beta.map((b) => b.reason))];
  if (refusal) {
    return [{
      id: 'realtime.beta-retired', severity: 'error', lanes: [view.lane],
      title: `${LANE_NAMES[view.lane]} uses the Realtime beta interface, which OpenAI retired in May 2026`,
      detail: `The API answered ${BETA_RETIRED_ERROR.code} (seq ${refusal.seq}: "${refusal.message}")${view.closeSeq !== undefined ? ` and closed the socket (seq ${view.closeSeq})` : ''}, so no session exists and no MCP server is listed. ${reasons.length > 0 ? `Signs of the beta interface: ${reasons.join('; ')}.` : 'The client sent a beta-only event or shape.'}`,
      evidence: uniqueSeqs([...view.beta.map((b) => b.seq), refusal.seq, view.closeSeq]),
      fix: GA_FIX,
      headline: `${LANE_NAMES[view.lane]} speaks the retired Realtime beta interface, which today's API refuses (${BETA_RETIRED_ERROR.code})`,
    }];
  }
  if (view.beta.length === 0) return [];
  const noDone = view.items.length > 0 && view.items.every((i) => i.doneSeq === undefined);
  return [{
    id: 'realtime.beta-interface', severity: noDone ? 'error' : 'warning', lanes: [view.lane],
    title: `${LANE_NAMES[view.lane]} is on the retired beta Realtime interface, which never sends conversation.item.done`,
    detail: `Signs of the beta interface: ${reasons.join('; ')}. On beta the mcp_list_tools item only appears as conversation.item.created with tools: [], and mcp_list_tools.completed carries no tools, so the imported list never reaches the client${noDone ? ' (none of this connection\'s list items got a conversation.item.done)' : ''}. This is the 2025 behaviour: the beta interface was retired in May 2026 and today's API refuses such a client with ${BETA_RETIRED_ERROR.code}.`,
    evidence: uniqueSeqs([...view.beta.map((b) => b.seq), ...view.items.flatMap((i) => [i.addedSeq, i.completedSeq])]),
    fix: GA_FIX,
    headline: `${LANE_NAMES[view.lane]} speaks the beta interface, which never delivers the tool list`,
  }];
}

function otherRejections(view: RealtimeLaneView): DiagnosisFinding[] {
  return view.sessionUpdates.filter((u) => u.error && !(u.error.code === 'missing_required_parameter' && u.error.param === 'session.type') && !/authorization/i.test(u.error.message)).map((u) => {
    // A beta-era update fails on its first beta field; the others are named now, not one retry at a time.
    const beta = u.error?.code === 'unknown_parameter' ? betaSessionFields(u.keys) : [];
    return {
      id: 'realtime.session-update-rejected', severity: 'error' as const, lanes: [view.lane],
      title: `The API rejected a session.update: ${u.error?.code ?? 'error'}${u.error?.param ? ` on ${u.error.param}` : ''}${beta.length > 0 ? ' (beta-interface field names)' : ''}`,
      detail: `session.update (seq ${u.seq}) was answered by an error (seq ${u.error?.seq}): ${u.error?.message}. A rejected update changes nothing, so its tools are not imported.${beta.length > 0 ? ` It uses the retired beta interface's names for ${beta.length} field${beta.length === 1 ? '' : 's'}; GA refuses them one at a time: ${beta.map(describeBetaField).join(', ')}.` : ''}`,
      evidence: uniqueSeqs([u.seq, u.error?.seq]),
      fix: beta.length > 0
        ? `Rename to the GA fields: ${beta.map(describeBetaField).join('; ')}.`
        : u.error?.code === 'unknown_parameter' ? `Remove ${u.error.param ?? 'the unknown field'} from the update; GA accepts only its documented session fields.` : `Correct ${u.error?.param ?? 'the update'} as the error message says and send the session.update again.`,
    };
  });
}
