import type { LaneId } from '../../capture/envelope';
import { quoteJson, uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { ToolCallView } from '../views/tool-calls';
import { OPENAI_LANES, type DiagnosisFinding, type Rule } from './rule';

type Ending = 'answered' | 'tool error' | 'failed' | 'no answer';
const ENDING: Record<ToolCallView['outcome'], Ending> = { result: 'answered', 'error-result': 'tool error', failed: 'failed', unanswered: 'no answer' };
const VERB: Record<Ending, string> = { answered: 'answered', 'tool error': 'answered with a tool error', failed: 'failed', 'no answer': 'got no answer' };

interface LaneCall {
  lane: LaneId;
  call: ToolCallView;
}

/** The server lane is what every client sent through the proxy, mixed: it is no client's point of view. */
const COMPARED = (lane: LaneId) => lane !== 'server';

/** "Inspector", "Inspector and Claude", "Inspector, Playground and Claude". */
function names(calls: readonly LaneCall[]): string {
  const all = calls.map((c) => LANE_NAMES[c.lane]);
  return all.length <= 1 ? all.join('') : `${all.slice(0, -1).join(', ')} and ${all.at(-1) ?? ''}`;
}
const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}…` : text);

function sameJson(a: unknown, b: unknown): boolean {
  return quoteJson(sortKeys(a), 100_000) === quoteJson(sortKeys(b), 100_000);
}

function sortKeys(value: unknown, depth = 0): unknown {
  if (depth > 50 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1));
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k], depth + 1)]));
}

/** Each lane's call of each tool: the last one that got an answer, else the last one made. */
function callsByTool(input: Parameters<Rule>[0]): Map<string, LaneCall[]> {
  const byTool = new Map<string, LaneCall[]>();
  for (const view of input.views) {
    if (!COMPARED(view.lane)) continue;
    const chosen = new Map<string, ToolCallView>();
    for (const call of view.calls) {
      const known = chosen.get(call.name);
      if (!known || call.outcome !== 'unanswered' || known.outcome === 'unanswered') chosen.set(call.name, call);
    }
    for (const [name, call] of chosen) byTool.set(name, [...(byTool.get(name) ?? []), { lane: view.lane, call }]);
  }
  return byTool;
}

/** What one lane's client sent when it differs from the first lane's: the model picks a hosted call's arguments. */
function argumentsNote(calls: readonly LaneCall[]): string {
  const [first, ...rest] = calls;
  if (!first) return '';
  const differing = rest.filter((c) => !sameJson(c.call.arguments, first.call.arguments));
  if (differing.length === 0) return ' Every lane sent the same arguments, so the difference is in how the call travelled, not in what was asked.';
  const shown = differing.map((c) => `${LANE_NAMES[c.lane]} sent ${quoteJson(c.call.arguments)}`).join('; ');
  return ` The arguments differ: ${LANE_NAMES[first.lane]} sent ${quoteJson(first.call.arguments)}; ${shown}.${differing.some((c) => OPENAI_LANES.includes(c.lane)) ? ' In the OpenAI lanes the model chooses the arguments, so a different answer may come from a different question.' : ''}`;
}

function outcomeFinding(tool: string, calls: readonly LaneCall[]): DiagnosisFinding {
  const groups = new Map<Ending, LaneCall[]>();
  for (const c of calls) groups.set(ENDING[c.call.outcome], [...(groups.get(ENDING[c.call.outcome]) ?? []), c]);
  const answered = groups.get('answered') ?? [];
  const broken = [...(groups.get('failed') ?? []), ...(groups.get('no answer') ?? [])];
  const phrase = [...groups].map(([ending, group]) => `${VERB[ending]} in ${names(group)}`).join(', ');
  const errors = calls.filter((c) => c.call.error !== undefined).map((c) => `${LANE_NAMES[c.lane]}: "${clip(c.call.error ?? '')}" (#${c.call.resultSeq ?? c.call.seq})`);
  const hostedBroken = broken.some((c) => OPENAI_LANES.includes(c.lane) || c.lane === 'claude');
  return {
    id: 'calls.results-differ',
    severity: answered.length > 0 && broken.length > 0 ? 'error' : 'warning',
    lanes: calls.map((c) => c.lane),
    title: `\`${tool}\` ${phrase}`,
    detail: `The same tool call ended differently from one point of view to the next: ${phrase}.${errors.length > 0 ? ` Errors: ${errors.join('; ')}.` : ''}${argumentsNote(calls)}`,
    evidence: uniqueSeqs(calls.flatMap((c) => [c.call.seq, c.call.resultSeq])),
    fix: hostedBroken
      ? 'Open the failing lane\'s call frames: a hosted client calls from its provider\'s servers, so the server must be publicly reachable, accept its token (authorization) and answer within about 60 s; an approval left unanswered also stops the call.'
      : 'Compare the two lanes\' tools/call frames: the protocol revision, the session and the arguments are what differ between them.',
    headline: `\`${tool}\` ${answered.length > 0 ? `works in ${names(answered)} but not in ${names(calls.filter((c) => ENDING[c.call.outcome] !== 'answered'))}` : 'ends differently in each lane'}`,
  };
}

function textFinding(tool: string, calls: readonly LaneCall[]): DiagnosisFinding | undefined {
  const text = (c: LaneCall) => (c.call.text ?? '').trim();
  const [first] = calls;
  if (!first || calls.every((c) => text(c) === text(first))) return undefined;
  const quoted = calls.map((c) => `${LANE_NAMES[c.lane]} got "${clip(text(c), 120)}" (#${c.call.resultSeq ?? c.call.seq})`).join('; ');
  const media = calls.filter((c) => (c.call.otherBlocks ?? 0) > 0);
  const mediaNote = media.length > 0 && calls.some((c) => OPENAI_LANES.includes(c.lane))
    ? ` ${names(media)} also got ${media.map((c) => c.call.otherBlocks).join(' and ')} non-text content block(s) (images, audio, resources), which the hosted mcp_call's output string does not carry.`
    : '';
  return {
    id: 'calls.results-differ',
    severity: 'info',
    lanes: calls.map((c) => c.lane),
    title: `\`${tool}\` answered in every lane, with different results`,
    detail: `Every lane got an answer, but not the same one: ${quoted}.${mediaNote}${argumentsNote(calls)}`,
    evidence: uniqueSeqs(calls.flatMap((c) => [c.call.seq, c.call.resultSeq])),
    fix: 'Compare the results frame by frame; a tool whose answer depends on time, state or the arguments the model chose will differ from call to call.',
  };
}

/**
 * The Call pane's question, "the call works in the Inspector and fails in Realtime": every tool
 * called in more than one lane, compared by how the call ended and, when all answered, by what they got.
 */
export const callResultsRule: Rule = (input) => [...callsByTool(input)].flatMap(([tool, calls]): DiagnosisFinding[] => {
  if (calls.length < 2) return [];
  const endings = new Set(calls.map((c) => ENDING[c.call.outcome]));
  if (endings.size > 1) return [outcomeFinding(tool, calls)];
  if (endings.has('answered') || endings.has('tool error')) {
    const finding = textFinding(tool, calls);
    return finding ? [finding] : [];
  }
  return [];
});
