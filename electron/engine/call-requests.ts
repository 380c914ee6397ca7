import type { z } from 'zod';
import type { AskedRecord, LaneId } from '../../shared/capture/envelope';
import type { callRequests, ConnectionState } from '../../shared/ipc/calls';
import type { InspectorResult } from '../../shared/lanes/inspector-result';
import type { ProbeSetup } from '../../shared/lanes/probe-setup';
import { checkArguments } from '../../shared/tools/check-call';
import { OpenConnection } from '../lanes/inspector/open-connection';
import { callReportOf, mcpClientLaneCall } from '../probe/call-report';
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
  /** Tells the UI the open connection opened or closed. */
  connectionChanged(state: ConnectionState): void;
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
  let open: { connection: OpenConnection; sessionId: string; capturePath: string | null } | undefined;
  return {
    openConnection: async () => {
      open?.connection.close();
      const connection = new OpenConnection();
      const run = await deps.launch({ ...setup(), lanes: ['inspector'] }, extra({ connection }));
      const sessionId = run.session.id;
      open = { connection, sessionId, capturePath: run.session.path };
      deps.connectionChanged({ sessionId, state: 'connecting' });
      const closed = run.done.then(
        (outcome) => outcome.runs.inspector?.summary.error ?? connection.endReason?.message ?? 'disconnected',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      void closed.then((reason) => {
        if (open?.connection === connection) open = undefined;
        deps.connectionChanged({ sessionId, state: 'closed', reason });
      });
      try {
        await connection.ready;
      } catch {
        throw new Error(`Could not connect: ${await closed}`);
      }
      const { capabilities, roots } = setup();
      const state = { sessionId, state: 'open' as const, roots: { declared: capabilities === 'all', list: roots }, ...(connection.revision ? { revision: connection.revision } : {}) };
      deps.connectionChanged(state);
      return state;
    },
    sendOnConnection: async (request) => {
      if (!open?.connection.isOpen) throw new Error('No connection is open: press Connect first.');
      const { connection, sessionId } = open;
      return { sessionId, outcome: await connection.send(request) };
    },
    setConnectionRoots: async ({ roots }) => {
      if (!open?.connection.isOpen) throw new Error('No connection is open: press Connect first.');
      const { connection, sessionId } = open;
      const update = await connection.setRoots(roots);
      return { sessionId, notified: update.notified, why: update.why, evidence: update.evidence ?? [] };
    },
    closeConnection: () => {
      const had = open?.connection.isOpen === true;
      open?.connection.close();
      return { closed: had };
    },
    checkArguments: ({ schema, value }) => checkArguments({ inputSchema: schema as never }, value as Record<string, unknown>),
    callTool: async ({ name, arguments: args, lanes, inputSchema }) => {
      // The Inspector lane alone, with a connection open: the call goes on it rather than replacing it.
      if (open?.connection.isOpen && lanes.length === 1 && lanes[0] === 'inspector') {
        const { connection, sessionId, capturePath } = open;
        const outcome = await connection.send({ method: 'tools/call', params: { name, arguments: args } });
        const listed = connection.tools.find((t) => t.name === name);
        const isError = typeof outcome.result === 'object' && outcome.result !== null && (outcome.result as { isError?: unknown }).isError === true;
        const call = { name, arguments: args, evidence: outcome.evidence, ...(outcome.error !== undefined ? { error: outcome.error } : { result: outcome.result, isError }) };
        return { sessionId, capturePath, tool: name, arguments: args, ...(listed ? { argumentCheck: checkArguments(listed, args) } : {}), lanes: [mcpClientLaneCall({ lane: 'inspector', status: 'ok' }, call, listed)] };
      }
      const run = await deps.launch({ ...setup(), lanes, call: { name, arguments: args } }, extra(), askedCall(name, args, lanes, inputSchema));
      const outcome = await run.done;
      return { sessionId: run.session.id, capturePath: run.session.path, tool: name, arguments: args, ...callReportOf(outcome.runs, name, args) };
    },
    sendMcpRequests: async ({ requests }) => {
      if (open?.connection.isOpen) {
        const { connection, sessionId, capturePath } = open;
        const outcomes = [];
        for (const request of requests) outcomes.push(await connection.send(request));
        return { sessionId, capturePath, status: 'ok', evidence: [], outcomes };
      }
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
