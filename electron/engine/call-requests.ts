import type { z } from 'zod';
import type { AskedRecord, LaneId } from '../../shared/capture/envelope';
import type { callRequests } from '../../shared/ipc/calls';
import type { InspectorResult } from '../../shared/lanes/inspector-result';
import type { ProbeSetup } from '../../shared/lanes/probe-setup';
import { checkArguments } from '../../shared/tools/check-call';
import { callReportOf } from '../probe/call-report';
import type { UserQuestionBroker } from './user-questions';
import type { ProbeSessionOptions, RunningProbe } from './probe-session';

type Req<K extends keyof typeof callRequests> = z.output<(typeof callRequests)[K]['request']>;
type Res<K extends keyof typeof callRequests> = z.output<(typeof callRequests)[K]['response']>;
type CallHandlers = { [K in keyof typeof callRequests]: (payload: Req<K>) => Promise<Res<K>> | Res<K> };

/** A server may ask the user something mid-call (elicitation): the request waits that long for a person, not 30 s. */
export const INTERACTIVE_TIMEOUT_MS = 5 * 60_000;

export interface CallRequestDeps {
  /** The setup of the last probe the user ran (server, headers, token, capabilities): what the pane calls against. */
  lastSetup(): ProbeSetup | undefined;
  /** Starts a run as a new live session, replacing the one on screen (the engine's startProbe path). */
  launch(setup: ProbeSetup, extra: NonNullable<ProbeSessionOptions['extra']>, asked?: AskedRecord): Promise<RunningProbe>;
  questions: UserQuestionBroker;
}

/** What the capture records of a call: the arguments as sent, marked when the engine found they break the form's inputSchema. */
function askedCall(tool: string, args: Record<string, unknown>, lanes: LaneId[], inputSchema: unknown): AskedRecord {
  const verdict = inputSchema === undefined ? undefined : checkArguments({ inputSchema: inputSchema as never }, args);
  const invalid = verdict?.ok === false ? verdict.problems.slice(0, 100) : undefined;
  return { kind: 'tools/call', tool, arguments: args, lanes, ...(invalid ? { invalid } : {}) };
}

/**
 * The Call pane's requests. Each run is what `parallax call`, `read` and `prompt` do: the probe
 * lanes against the last probe's server with `call` or `requests` set, recorded to its own capture.
 */
export function callRequestHandlers(deps: CallRequestDeps): CallHandlers {
  const setup = () => {
    const last = deps.lastSetup();
    if (!last) throw new Error('There is no server to call yet: run a probe (or the Demo) from Setup first.');
    return last;
  };
  const extra = (more: NonNullable<ProbeSessionOptions['extra']> = {}) => ({ requestTimeoutMs: INTERACTIVE_TIMEOUT_MS, answers: (lane: 'inspector' | 'era') => deps.questions.answersFor(lane), ...more });
  return {
    checkArguments: ({ schema, value }) => checkArguments({ inputSchema: schema as never }, value as Record<string, unknown>),
    callTool: async ({ name, arguments: args, lanes, inputSchema }) => {
      const run = await deps.launch({ ...setup(), lanes, call: { name, arguments: args } }, extra(), askedCall(name, args, lanes, inputSchema));
      const outcome = await run.done;
      return { sessionId: run.session.id, capturePath: run.session.path, tool: name, arguments: args, ...callReportOf(outcome.runs, name, args) };
    },
    sendMcpRequests: async ({ requests }) => {
      const run = await deps.launch({ ...setup(), lanes: ['inspector'] }, extra({ requests, listTools: false }), { kind: 'requests', requests, lanes: ['inspector'] });
      const outcome = await run.done;
      const lane = outcome.runs.inspector;
      const detail = lane?.detail as InspectorResult | undefined;
      return {
        sessionId: run.session.id,
        capturePath: run.session.path,
        status: lane?.summary.status ?? 'failed',
        ...(lane?.summary.error ? { error: lane.summary.error } : {}),
        evidence: detail?.error?.evidence ?? [],
        outcomes: detail?.requests ?? [],
      };
    },
    answerElicitation: (answer) => ({ answered: deps.questions.answerElicitation(answer) }),
    answerSampling: (answer) => ({ answered: deps.questions.answerSampling(answer) }),
  };
}
