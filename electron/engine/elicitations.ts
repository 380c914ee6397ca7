import { randomUUID } from 'node:crypto';
import type { ElicitRequestParams, ElicitResult } from '@modelcontextprotocol/client';
import type { ElicitationAnswer, ElicitationRequested } from '../../shared/ipc/calls';
import type { McpClientLaneId } from '../../shared/lanes/inspector-result';
import type { Elicitor } from '../lanes/inspector/client-capabilities';

/**
 * Puts a server's elicitation requests to the user, as ApprovalBroker does for hosted lanes'
 * approvals: each becomes an `elicitationRequested` event and the server's request waits until
 * `answer` is called with its id. Stopping a run cancels whatever still waits, so no server
 * hangs on a question nobody will answer.
 */
export class ElicitationBroker {
  private readonly waiting = new Map<string, (result: ElicitResult) => void>();

  constructor(private readonly ask: (request: ElicitationRequested) => void) {}

  elicitorFor(lane: McpClientLaneId): Elicitor {
    return (params: ElicitRequestParams) => new Promise<ElicitResult>((resolve) => {
      const id = randomUUID();
      this.waiting.set(id, resolve);
      const url = 'url' in params && typeof params.url === 'string' ? params.url : undefined;
      this.ask({
        id, lane, mode: params.mode === 'url' ? 'url' : 'form', message: params.message,
        ...('requestedSchema' in params && params.requestedSchema !== undefined ? { requestedSchema: params.requestedSchema } : {}),
        ...(url ? { url } : {}),
      });
    });
  }

  /** False when nothing waits under that id (answered already, or the run was stopped). */
  answer({ id, action, content }: ElicitationAnswer): boolean {
    const resolve = this.waiting.get(id);
    if (!resolve) return false;
    this.waiting.delete(id);
    // Only an accepted form carries content (the spec: decline and cancel send none).
    resolve(action === 'accept' && content ? { action, content } : { action });
    return true;
  }

  cancelAll(): void {
    for (const [id, resolve] of this.waiting) {
      this.waiting.delete(id);
      resolve({ action: 'cancel' });
    }
  }
}
