import { uniqueSeqs } from './json';
import { count, type DiagnosisFinding } from './rules/rule';
import { referenceView } from './tool-matrix';
import { LANE_NAMES } from './views/build-views';
import type { LaneView, McpLaneView, RealtimeLaneView } from './views/lane-view';

/** A question a user asks when Realtime lists fewer tools than the Inspector, answered from this run's frames. */
export interface LaneQuestion {
  id: 'why-fewer' | 'protocol-or-transport' | 'capabilities';
  question: string;
  answer: string;
  evidence: number[];
}

/**
 * The three questions of the report that started Parallax ("why 0 tools?", "is it the protocol
 * version or SSE?", "does Realtime need other capability flags than the Playground?"), asked
 * whenever a Realtime lane shows fewer tools than the server offers. The Playground lane is the
 * control: it is the same OpenAI-hosted MCP client, so where it listed every tool, the server's
 * revision, transport and capabilities are ruled out by the frames, not by assertion.
 */
export function answerQuestions(views: readonly LaneView[], findings: readonly DiagnosisFinding[]): LaneQuestion[] {
  const reference = referenceView(views);
  if (!reference || reference.kind !== 'mcp' || reference.toolsState !== 'listed' || reference.tools.length === 0) return [];
  const short = views.find((v): v is RealtimeLaneView => v.kind === 'realtime' && v.status !== 'skipped' && v.tools.length < reference.tools.length);
  if (!short) return [];
  const n = reference.tools.length;
  const control = views.find((v) => v.kind === 'responses' && v.toolsState === 'listed' && v.tools.length === n);
  const init = [...reference.initializes].reverse().find((i) => i.responseSeq !== undefined && i.error === undefined);
  const neverAsked = short.sessionUpdates.some((u) => u.error && u.mcp.length > 0) && short.items.length === 0;
  return [whyFewer(short, reference, findings), protocolOrTransport(short, reference, control, init, neverAsked), capabilities(short, control, init)];
}

function whyFewer(short: RealtimeLaneView, reference: McpLaneView, findings: readonly DiagnosisFinding[]): LaneQuestion {
  const own = findings.filter((f) => f.lanes.includes(short.lane) && f.severity !== 'info' && f.headline);
  const errors = own.filter((f) => f.severity === 'error');
  const leading = (errors.length > 0 ? errors : own).slice(0, 2);
  const reasons = leading.map((f) => f.headline as string);
  if (reasons.length === 0) reasons.push(short.error?.message ?? `it ended with ${count(short.tools.length, 'tool')} and no error`);
  const delivered = short.items.find((i) => i.doneSeq !== undefined && (i.tools?.length ?? 0) > 0);
  const typeMissing = findings.some((f) => f.id === 'realtime.session-type-missing' && f.lanes.includes(short.lane));
  const where = delivered
    ? ` The tools it did get arrived at conversation.item.done (seq ${delivered.doneSeq}); mcp_list_tools.completed carries only item_id, so a client counting there reports 0.`
    : typeMissing
      ? ' Once session.type is "realtime", GA delivers the tools at conversation.item.done, never on mcp_list_tools.completed (which carries only item_id): a client that counts there still reports 0.'
      : '';
  return {
    id: 'why-fewer',
    question: `Why does ${LANE_NAMES[short.lane]} show ${short.tools.length} of the ${reference.tools.length} tools the server offers?`,
    answer: `${capitalise(reasons.join('; '))}.${where}`,
    evidence: uniqueSeqs([...leading.flatMap((f) => f.evidence), delivered?.doneSeq]),
  };
}

function protocolOrTransport(short: RealtimeLaneView, reference: McpLaneView, control: LaneView | undefined, init: McpLaneView['initializes'][number] | undefined, neverAsked: boolean): LaneQuestion {
  const spoke = [reference.transport ? `over ${reference.transport === 'sse' ? 'legacy SSE' : reference.transport}` : '', init?.negotiated ? `at protocol ${init.negotiated}` : ''].filter(Boolean).join(' ');
  const question = 'Is it a protocol version or SSE incompatibility?';
  const evidence = uniqueSeqs([reference.transportSeq, init?.responseSeq, ...(control?.toolsEvidence ?? [])]);
  const reached = neverAsked ? ` ${LANE_NAMES[short.lane]} never reached the server at all: OpenAI refused its session.update before any MCP traffic (seq ${short.sessionUpdates.find((u) => u.error)?.error?.seq ?? '?'}).` : '';
  if (!control) {
    return { id: 'protocol-or-transport', question, evidence, answer: `Not settled by this run: no Playground lane listed the server, and it is the control (the same OpenAI-hosted MCP client as Realtime). The Inspector listed ${count(reference.tools.length, 'tool')}${spoke ? ` ${spoke}` : ''}.${reached} Run the Playground lane beside it.` };
  }
  return {
    id: 'protocol-or-transport', question, evidence,
    answer: `No. The Playground lane, driving the same OpenAI-hosted MCP client that Realtime uses, listed all ${control.tools.length} tools from this server${spoke ? `, which the Inspector reached ${spoke}` : ''}. The revision and the transport work with OpenAI's client; the difference is on the Realtime side.${reached}`,
  };
}

function capabilities(short: RealtimeLaneView, control: LaneView | undefined, init: McpLaneView['initializes'][number] | undefined): LaneQuestion {
  const question = `Does ${LANE_NAMES[short.lane]} need different capability flags from the Playground?`;
  const caps = init?.serverCapabilities;
  const evidence = uniqueSeqs([init?.responseSeq, ...(control?.toolsEvidence ?? [])]);
  if (!caps) return { id: 'capabilities', question, evidence, answer: 'Not settled by this run: the Inspector recorded no initialize answer with the server\'s capabilities (a 2026-07-28 server states them in server/discover).' };
  const declared = describeCapabilities(caps);
  if (!('tools' in caps)) {
    return { id: 'capabilities', question, evidence, answer: `Possibly, but not per client: the server's initialize answer (seq ${init?.responseSeq}) declares ${declared}, with no tools capability, and strict clients skip tools/list then. That answer is the same for every client, Realtime and Playground alike.` };
  }
  const listChanged = (caps.tools as Record<string, unknown> | null)?.listChanged === false ? ' tools.listChanged false only says the server will not announce changes to its list; it hides no tools.' : '';
  return {
    id: 'capabilities', question, evidence,
    answer: `No. Capabilities are the server's answer to initialize (seq ${init?.responseSeq}: ${declared}), the same whichever client connects${control ? `, and the Playground lane's OpenAI-hosted client listed all ${control.tools.length} tools with exactly these` : ''}.${listChanged} Realtime's mcp tool has no field for MCP capabilities (it takes server_url, authorization, headers, allowed_tools, require_approval): what decides whether ${LANE_NAMES[short.lane]} imports the tools is its session.update.`,
  };
}

/** The questions and their answers as text lines, each with its frames, then a blank line; nothing when none were asked. */
export function questionLines(questions: readonly LaneQuestion[]): string[] {
  if (questions.length === 0) return [];
  return [...questions.flatMap((q) => [`Q: ${q.question}`, `A: ${q.answer}${q.evidence.length > 0 ? ` (seq ${q.evidence.join(', ')})` : ''}`]), ''];
}

/** `experimental {}, tools {listChanged: false}`: two levels at most, so a hostile server's nesting cannot blow up the text. */
function describeCapabilities(caps: Record<string, unknown>): string {
  const entries = Object.entries(caps).slice(0, 12);
  if (entries.length === 0) return 'no capabilities';
  return entries.map(([key, value]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${key} ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)}`;
    const inner = Object.entries(value).slice(0, 6).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? '{…}' : String(v)}`);
    return `${key} {${inner.join(', ')}}`;
  }).join(', ');
}

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
