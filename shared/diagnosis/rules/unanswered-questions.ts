import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { McpLaneView } from '../views/lane-view';
import type { DiagnosisFinding, Rule } from './rule';

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * A server's elicitation or sampling request that ended without the user's answer: timed out
 * (Parallax sent the spec's stand-in), withdrawn by the server (its own timeout was shorter than a
 * person takes), or cut off by a stopped run. Read from the lane's `question-unanswered` metas.
 */
export const unansweredQuestionsRule: Rule = ({ views }) => views.filter(isMcp).flatMap((view) => view.unanswered.map((q): DiagnosisFinding => {
  const asked = [...view.serverAsks].reverse().find((a) => a.method === q.method && a.seq < q.seq);
  const where = `${LANE_NAMES[view.lane]}: the server's ${q.method}${asked ? ` (#${asked.seq})` : ''}`;
  const base = { id: 'mcp.question-unanswered' as const, lanes: [view.lane], evidence: uniqueSeqs([asked?.seq, q.seq]) };
  if (q.outcome === 'withdrawn') {
    return {
      ...base, severity: 'warning',
      title: `The server gave up on its ${q.method} after ${seconds(q.afterMs)}, before the user answered`,
      detail: `${where} was cancelled by the server (notifications/cancelled) ${seconds(q.afterMs)} after it asked, so the question was taken off the screen and no answer was sent. A person filling in a form often needs longer than a server's request timeout (60 s by default in the TypeScript SDK).`,
      fix: 'Give requests that wait for a person a longer timeout on the server (the SDK\'s request options take `timeout`), or keep the form short.',
    };
  }
  if (q.outcome === 'stopped') {
    return {
      ...base, severity: 'info',
      title: `The run stopped while the server's ${q.method} waited for the user`,
      detail: `${where} was still waiting when the run was stopped, after ${seconds(q.afterMs)}; the server got ${q.answer}.`,
      fix: 'Run the call again and answer the question in the Call pane.',
    };
  }
  return {
    ...base, severity: 'warning',
    title: `Nobody answered the server's ${q.method} within ${seconds(q.afterMs)}: it got ${q.answer}`,
    detail: `${where} waited ${seconds(q.afterMs)} for the user and got no answer, so Parallax answered as the spec allows for a question left unanswered: ${q.answer}. What the tool does with that answer is the server's own handling of a dismissed question.`,
    fix: 'Answer the question in the Call pane while it is shown (it says until when), or check that the server handles a cancelled elicitation or a refused sampling request.',
  };
}));
