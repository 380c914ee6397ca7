import { ProtocolError, ProtocolErrorCode, type Client, type ClientCapabilities, type CreateMessageRequestParams, type CreateMessageResult, type ElicitRequestParams, type ElicitResult, type Root } from '@modelcontextprotocol/client';
import type { CapabilityProfile } from '../../../shared/lanes/inspector-result';

/**
 * What Parallax advertises in `initialize`. Servers list different tools by it (server-everything
 * adds tools for roots, sampling, elicitation, tasks), so the user picks: `none` like the
 * Inspector CLI, `all` like the Inspector web UI.
 */
export function clientCapabilities(profile: CapabilityProfile): ClientCapabilities {
  if (profile === 'none') return {};
  return {
    roots: { listChanged: true },
    sampling: {},
    elicitation: { form: {}, url: {} },
    tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } },
  };
}

/** How a server's question ended without the user's answer, as the capture notes it (meta `question-unanswered`). */
export interface UnansweredQuestion {
  method: 'elicitation/create' | 'sampling/createMessage';
  /** timed-out: nobody answered in time; withdrawn: the server cancelled its request; stopped: the run ended first. */
  outcome: 'timed-out' | 'withdrawn' | 'stopped';
  afterMs: number;
  /** What went back to the server: "cancel", "error -1 ...", or nothing for a withdrawn request. */
  answer: string;
}

/** What a lane's request handler gives whoever answers a server's question. */
export interface QuestionContext {
  /** Aborted when the server cancels its request (notifications/cancelled), so the question can be withdrawn. */
  signal: AbortSignal;
  /** Notes in the capture, beside the frames, how a question ended without an answer. */
  note(question: UnansweredQuestion): void;
}

/** Who answers a server's `elicitation/create`: the app's user (through the engine's broker) or a CLI policy. */
export type Elicitor = (params: ElicitRequestParams, context: QuestionContext) => Promise<ElicitResult>;
/** Who answers a server's `sampling/createMessage`: the app's user, who writes or approves the reply (Parallax runs no model). */
export type Sampler = (params: CreateMessageRequestParams, context: QuestionContext) => Promise<CreateMessageResult>;

/** The people behind a lane's client: whoever is absent, the request gets the refusal below. */
export interface UserAnswers {
  elicit?: Elicitor;
  sample?: Sampler;
}

/** The spec's error for a sampling request the user turned down. */
export const SAMPLING_REJECTED_CODE = -1;

export function samplingRejected(reason = 'User rejected sampling request'): ProtocolError {
  return new ProtocolError(SAMPLING_REJECTED_CODE, reason);
}

/**
 * Answers the requests a server may send once those capabilities are advertised, each visibly
 * on the wire rather than with a silent "method not found": roots from the user's list (empty
 * unless given), elicitation and sampling by the user when the app asks them, else declined or
 * refused.
 */
export function registerCapabilityHandlers(client: Client, profile: CapabilityProfile, answers: UserAnswers = {}, roots: () => readonly Root[] = () => [], note: (question: UnansweredQuestion) => void = () => undefined): void {
  if (profile === 'none') return;
  // Read at each request: the user may change the roots on an open connection.
  client.setRequestHandler('roots/list', () => ({ roots: roots().map((r) => ({ ...r })) }));
  client.setRequestHandler('elicitation/create', (request, ctx) => (answers.elicit ? answers.elicit(request.params, { signal: ctx.mcpReq.signal, note }) : { action: 'decline' as const }));
  client.setRequestHandler('sampling/createMessage', (request, ctx) => {
    if (answers.sample) return answers.sample(request.params, { signal: ctx.mcpReq.signal, note });
    throw new ProtocolError(ProtocolErrorCode.InvalidRequest, 'MCP Parallax advertises sampling to see which tools the server lists, but runs no model; answer sampling requests from the app');
  });
}
