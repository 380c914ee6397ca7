import { randomUUID } from 'node:crypto';
import type { ApprovalRequested } from '../../shared/ipc/contract';
import type { ApprovalDecider } from '../lanes/wire/tool-call-request';

/**
 * Puts hosted lanes' approval requests to the user: each becomes an `approvalRequested` event,
 * and the lane waits until `answer` is called with its id. Stopping a probe denies whatever is
 * still waiting, so no lane hangs on a question nobody will answer.
 */
export class ApprovalBroker {
  private readonly waiting = new Map<string, (approve: boolean) => void>();

  constructor(private readonly ask: (request: ApprovalRequested) => void) {}

  deciderFor(lane: ApprovalRequested['lane']): ApprovalDecider {
    return (request) => new Promise<boolean>((resolve) => {
      const id = randomUUID();
      this.waiting.set(id, resolve);
      this.ask({ id, lane, serverLabel: request.serverLabel, name: request.name, arguments: request.arguments });
    });
  }

  /** False when nothing waits under that id (answered already, or the probe was stopped). */
  answer(id: string, approve: boolean): boolean {
    const resolve = this.waiting.get(id);
    if (!resolve) return false;
    this.waiting.delete(id);
    resolve(approve);
    return true;
  }

  denyAll(): void {
    for (const [id, resolve] of this.waiting) {
      this.waiting.delete(id);
      resolve(false);
    }
  }
}
