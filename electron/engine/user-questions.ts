import { randomUUID } from 'node:crypto';
import type { CreateMessageResult, ElicitResult } from '@modelcontextprotocol/client';
import type { ElicitationAnswer, ElicitationRequested, QuestionEnded, SamplingAnswer, SamplingRequested } from '../../shared/ipc/calls';
import type { McpClientLaneId } from '../../shared/lanes/inspector-result';
import { samplingRejected, type QuestionContext, type UnansweredQuestion, type UserAnswers } from '../lanes/inspector/client-capabilities';

/** Parallax's name as the "model" of a reply the user wrote, unless they name one. */
export const USER_REPLY_MODEL = 'mcp-parallax-user';

/**
 * How long a server's question waits for the user. Shorter than the call's own timeout
 * (INTERACTIVE_TIMEOUT_MS, five minutes) so the answer still reaches the server before Parallax
 * gives up on the call that the question belongs to.
 */
export const QUESTION_TIMEOUT_MS = 4 * 60_000;

interface Asks {
  elicitation: (request: ElicitationRequested) => void;
  sampling: (request: SamplingRequested) => void;
  /** A question left the user's screen without their answer: timed out, withdrawn by the server, or the run stopped. */
  ended: (event: QuestionEnded) => void;
}

/** One question waiting for the user, and how to end it either way. */
interface Waiting {
  method: UnansweredQuestion['method'];
  askedAt: number;
  context: QuestionContext;
  /** Sends the user's answer, or the stand-in for a missing one. */
  settle: (answer: { user: ElicitationAnswer | SamplingAnswer } | { missing: UnansweredQuestion['outcome'] }) => void;
  cleanup: () => void;
}

const WHY: Record<UnansweredQuestion['outcome'], (seconds: number) => string> = {
  'timed-out': (s) => `The user did not answer the sampling request within ${s} s`,
  withdrawn: () => 'The server withdrew its request',
  stopped: () => 'The run was stopped before the user answered the sampling request',
};

/**
 * Puts a server's questions for the user (elicitation/create, sampling/createMessage) to the UI,
 * as ApprovalBroker does for hosted lanes' approvals: each becomes an event and the server's
 * request waits until the user answers under its id. No question waits forever: one not answered
 * within the timeout gets the spec's stand-in (elicitation `cancel`, sampling error -1), one the
 * server cancels is withdrawn, and stopping a run ends the rest; each is noted in the capture and
 * told to the UI.
 */
export class UserQuestionBroker {
  private readonly waiting = new Map<string, Waiting>();
  private readonly timeoutMs: number;

  constructor(private readonly ask: Asks, options: { timeoutMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? QUESTION_TIMEOUT_MS;
  }

  answersFor(lane: McpClientLaneId): UserAnswers {
    return {
      elicit: (params, context) => new Promise<ElicitResult>((resolve) => {
        const id = this.wait('elicitation/create', context, (answer) => {
          if ('missing' in answer) resolve({ action: 'cancel' });
          else {
            const { action, content } = answer.user as ElicitationAnswer;
            // Only an accepted form carries content (the spec: decline and cancel send none).
            resolve(action === 'accept' && content ? { action, content } : { action });
          }
        });
        const url = 'url' in params && typeof params.url === 'string' ? params.url : undefined;
        this.ask.elicitation({
          id, lane, mode: params.mode === 'url' ? 'url' : 'form', message: params.message, answerBy: Date.now() + this.timeoutMs,
          ...('requestedSchema' in params && params.requestedSchema !== undefined ? { requestedSchema: params.requestedSchema } : {}),
          ...(url ? { url } : {}),
        });
      }),
      sample: (params, context) => new Promise<CreateMessageResult>((resolve, reject) => {
        const id = this.wait('sampling/createMessage', context, (answer) => {
          if ('missing' in answer) return reject(samplingRejected(WHY[answer.missing](Math.round(this.timeoutMs / 1000))));
          const { action, text, model } = answer.user as SamplingAnswer;
          if (action === 'reject') reject(samplingRejected());
          else resolve({ role: 'assistant', content: { type: 'text', text: text ?? '' }, model: model ?? USER_REPLY_MODEL, stopReason: 'endTurn' });
        });
        const { _meta: _, ...shown } = params as typeof params & { _meta?: unknown };
        this.ask.sampling({ id, lane, params: shown, answerBy: Date.now() + this.timeoutMs });
      }),
    };
  }

  /** False when nothing waits under that id (answered already, timed out, or the run was stopped). */
  answerElicitation(answer: ElicitationAnswer): boolean {
    return this.answer(answer.id, 'elicitation/create', answer);
  }

  answerSampling(answer: SamplingAnswer): boolean {
    return this.answer(answer.id, 'sampling/createMessage', answer);
  }

  cancelAll(): void {
    for (const id of [...this.waiting.keys()]) this.endUnanswered(id, 'stopped');
  }

  private wait(method: Waiting['method'], context: QuestionContext, settle: Waiting['settle']): string {
    const id = randomUUID();
    const timer = setTimeout(() => this.endUnanswered(id, 'timed-out'), this.timeoutMs);
    const onAbort = () => this.endUnanswered(id, 'withdrawn');
    context.signal.addEventListener('abort', onAbort, { once: true });
    this.waiting.set(id, {
      method, askedAt: Date.now(), context, settle,
      cleanup: () => {
        clearTimeout(timer);
        context.signal.removeEventListener('abort', onAbort);
      },
    });
    return id;
  }

  private take(id: string): Waiting | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return undefined;
    this.waiting.delete(id);
    waiting.cleanup();
    return waiting;
  }

  private answer(id: string, method: Waiting['method'], user: ElicitationAnswer | SamplingAnswer): boolean {
    const waiting = this.waiting.get(id);
    if (waiting?.method !== method) return false;
    this.take(id)?.settle({ user });
    return true;
  }

  private endUnanswered(id: string, outcome: UnansweredQuestion['outcome']): void {
    const waiting = this.take(id);
    if (!waiting) return;
    // A withdrawn request gets no response: the SDK drops the answer to a request the server cancelled.
    // Otherwise the spec's stand-ins: `cancel` (dismissed without a choice), or the -1 sampling refusal.
    const answer = outcome === 'withdrawn' ? 'none (the server cancelled its request)'
      : waiting.method === 'elicitation/create' ? 'cancel' : `error -1: ${WHY[outcome](Math.round(this.timeoutMs / 1000))}`;
    const afterMs = Date.now() - waiting.askedAt;
    waiting.context.note({ method: waiting.method, outcome, afterMs, answer });
    waiting.settle({ missing: outcome });
    this.ask.ended({ id, method: waiting.method, outcome, afterMs, answer });
  }
}
