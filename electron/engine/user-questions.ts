import { randomUUID } from 'node:crypto';
import type { CreateMessageResult, ElicitResult } from '@modelcontextprotocol/client';
import type { ElicitationAnswer, ElicitationRequested, SamplingAnswer, SamplingRequested } from '../../shared/ipc/calls';
import type { McpClientLaneId } from '../../shared/lanes/inspector-result';
import { samplingRejected, type UserAnswers } from '../lanes/inspector/client-capabilities';

/** Parallax's name as the "model" of a reply the user wrote, unless they name one. */
export const USER_REPLY_MODEL = 'mcp-parallax-user';

interface Asks {
  elicitation: (request: ElicitationRequested) => void;
  sampling: (request: SamplingRequested) => void;
}

/**
 * Puts a server's questions for the user (elicitation/create, sampling/createMessage) to the UI,
 * as ApprovalBroker does for hosted lanes' approvals: each becomes an event and the server's
 * request waits until the user answers under its id. Stopping a run ends whatever still waits
 * (elicitations cancelled, sampling rejected), so no server hangs on a question nobody will answer.
 */
export class UserQuestionBroker {
  private readonly elicitations = new Map<string, (result: ElicitResult) => void>();
  private readonly samplings = new Map<string, { resolve: (result: CreateMessageResult) => void; reject: (error: Error) => void }>();

  constructor(private readonly ask: Asks) {}

  answersFor(lane: McpClientLaneId): UserAnswers {
    return {
      elicit: (params) => new Promise<ElicitResult>((resolve) => {
        const id = randomUUID();
        this.elicitations.set(id, resolve);
        const url = 'url' in params && typeof params.url === 'string' ? params.url : undefined;
        this.ask.elicitation({
          id, lane, mode: params.mode === 'url' ? 'url' : 'form', message: params.message,
          ...('requestedSchema' in params && params.requestedSchema !== undefined ? { requestedSchema: params.requestedSchema } : {}),
          ...(url ? { url } : {}),
        });
      }),
      sample: (params) => new Promise<CreateMessageResult>((resolve, reject) => {
        const id = randomUUID();
        this.samplings.set(id, { resolve, reject });
        const { _meta: _, ...shown } = params as typeof params & { _meta?: unknown };
        this.ask.sampling({ id, lane, params: shown });
      }),
    };
  }

  /** False when nothing waits under that id (answered already, or the run was stopped). */
  answerElicitation({ id, action, content }: ElicitationAnswer): boolean {
    const resolve = this.elicitations.get(id);
    if (!resolve) return false;
    this.elicitations.delete(id);
    // Only an accepted form carries content (the spec: decline and cancel send none).
    resolve(action === 'accept' && content ? { action, content } : { action });
    return true;
  }

  answerSampling({ id, action, text, model }: SamplingAnswer): boolean {
    const waiting = this.samplings.get(id);
    if (!waiting) return false;
    this.samplings.delete(id);
    if (action === 'reject') waiting.reject(samplingRejected());
    else waiting.resolve({ role: 'assistant', content: { type: 'text', text: text ?? '' }, model: model ?? USER_REPLY_MODEL, stopReason: 'endTurn' });
    return true;
  }

  cancelAll(): void {
    for (const [id, resolve] of this.elicitations) {
      this.elicitations.delete(id);
      resolve({ action: 'cancel' });
    }
    for (const [id, waiting] of this.samplings) {
      this.samplings.delete(id);
      waiting.reject(samplingRejected('The run was stopped before the user answered the sampling request'));
    }
  }
}
