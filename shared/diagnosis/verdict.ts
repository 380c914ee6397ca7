import type { LaneId } from '../capture/envelope';
import type { DiagnosisFinding } from './rules/rule';
import { count } from './rules/rule';
import { referenceView } from './tool-matrix';
import { LANE_NAMES } from './views/build-views';
import { listingFailed, type LaneView, type RealtimeLaneView } from './views/lane-view';

const sameNames = (a: LaneView, b: LaneView) => a.tools.length === b.tools.length && a.tools.every((t) => b.tools.some((u) => u.name === t.name));

/**
 * One sentence on top: what the server offers and to whom, then the leading error's clause, then
 * where Realtime really delivered the tools when that explains a "0 tools".
 */
export function writeVerdict(views: readonly LaneView[], findings: readonly DiagnosisFinding[]): string {
  const ran = views.filter((v) => v.status !== 'skipped');
  // A run Parallax cut short: what the lanes saw is said after why it means nothing; their failures lend no clause.
  const stopped = findings.find((f) => f.id === 'capture.recording-stopped')?.headline;
  if (ran.length === 0) return `${stopped ? `${sentenceOf([stopped])} ` : ''}The capture holds no lane that ran, so there is nothing to compare.`;
  const reference = referenceView(ran);
  const listed = ran.filter((v) => v.toolsState === 'listed');
  const clauses: string[] = [offerClause(reference, listed, ran)];
  if (stopped) return `${sentenceOf([stopped])} ${sentenceOf(clauses)}`;
  const errors = findings.filter((f) => f.severity === 'error' && f.headline);
  const leading = errors.length > 0 ? errors : findings.filter((f) => f.severity === 'warning' && f.headline).slice(0, 1);
  for (const headline of [...new Set(leading.map((f) => f.headline as string))].slice(0, 2)) clauses.push(headline);
  clauses.push(...deliveryClause(ran, findings, errors.length > 0));
  if (clauses.length === 1 && findings.length === 0 && listed.length === ran.length && listed.every((v) => reference && sameNames(v, reference))) clauses.push('nothing differs');
  return sentenceOf(clauses);
}

function sentenceOf(clauses: readonly string[]): string {
  const sentence = clauses.filter(Boolean).join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** Where Realtime put the tools, when that explains a difference or a rejected session.update. */
function deliveryClause(ran: LaneView[], findings: readonly DiagnosisFinding[], hasErrors: boolean): string[] {
  const typeMissing = findings.some((f) => f.id === 'realtime.session-type-missing');
  const location = findings.some((f) => f.id === 'realtime.tools-on-item-done');
  const realtime = ran.filter((v): v is RealtimeLaneView => v.kind === 'realtime');
  const delivered = realtime.flatMap((v) => v.items.filter((i) => i.doneSeq !== undefined && i.completedSeq !== undefined && (i.tools?.length ?? 0) > 0).map((i) => ({ v, i })))[0];
  if (delivered) {
    const where = `${count(delivered.i.tools?.length ?? 0, 'tool')} arrive at conversation.item.done (seq ${delivered.i.doneSeq}), never on mcp_list_tools.completed (seq ${delivered.i.completedSeq})`;
    if (typeMissing) return [`with session.type "realtime" the ${where}`];
    if (location || !hasErrors) return [`on ${LANE_NAMES[delivered.v.lane]} the ${where}`];
    return [];
  }
  if (typeMissing) return ['once session.type is set, GA delivers the tools at conversation.item.done, never on mcp_list_tools.completed (which carries only item_id)'];
  return [];
}

function offerClause(reference: LaneView | undefined, listed: LaneView[], ran: LaneView[]): string {
  if (!reference || reference.toolsState !== 'listed') {
    // A Call pane session (resources, prompts) never asks for tools: that is no failure.
    if (listed.length === 0 && ran.length > 0 && ran.every((v) => v.toolsState === 'not-run' && !v.error)) return `This session did not ask for tools (${joinNames(ran)} sent other requests)`;
    if (listed.length === 0) return `No lane got a tool list (${joinNames(ran)} all failed)`;
    return listed.map((v) => `${LANE_NAMES[v.lane]} shows ${count(v.tools.length, 'tool')}`).join(', ');
  }
  const agreeing = listed.filter((v) => sameNames(v, reference));
  const differing = listed.filter((v) => !sameNames(v, reference));
  const unlisted = ran.filter((v) => v.toolsState !== 'listed');
  // A lane refused before it ever asked the server (a rejected session.update) says nothing about the server.
  const neverAsked = unlisted.filter((v) => v.error !== undefined && !listingFailed(v) && v.toolsState !== 'not-loaded');
  const lost = unlisted.filter((v) => !neverAsked.includes(v));
  const n = reference.tools.length;
  if (differing.length === 0 && lost.length === 0) {
    const shown = `${joinNames(agreeing)} ${agreeing.length === 1 ? 'shows' : 'show'} ${neverAsked.length > 0 ? `all ${n}` : `the same ${n}`}`;
    const refused = neverAsked.length > 0 ? `, and ${joinNames(neverAsked)} never asked for them (refused before listing)` : '';
    return `The server offers ${count(n, 'tool')} to every lane: ${shown}${refused}`;
  }
  let clause = `The server offers ${count(n, 'tool')}${agreeing.length > 0 ? `, which ${joinNames(agreeing)} ${agreeing.length === 1 ? 'shows' : agreeing.length === 2 ? 'both show' : 'all show'}` : ''}`;
  if (differing.length > 0) clause += `, while ${differing.map((v) => `${LANE_NAMES[v.lane]} shows ${v.tools.length}`).join(' and ')}`;
  if (unlisted.length > 0) clause += `; ${unlisted.map((v) => `${LANE_NAMES[v.lane as LaneId]} ${v.kind === 'claude' && v.listingUnreported ? 'was not told its list (the beta reports no listing)' : 'got none'}`).join(', ')}`;
  return clause;
}

/** "Inspector", "Inspector and Realtime", "Inspector, Playground and Realtime". */
function joinNames(lanes: readonly LaneView[]): string {
  const names = lanes.map((v) => LANE_NAMES[v.lane]);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) as string}`;
}
