import { useEffect, useState } from 'react';
import type { ApprovalRequested } from '../../../shared/ipc/contract';
import { useEngine } from '../app/engine-context';

/** Hosted lanes asking the user to approve a tool call (Setup's approval set to "ask"). */
export function ApprovalRequests() {
  const { client } = useEngine();
  const [pending, setPending] = useState<ApprovalRequested[]>([]);

  useEffect(() => client.on('approvalRequested', (request) => setPending((list) => [...list.filter((r) => r.id !== request.id), request])), [client]);

  const answer = async (request: ApprovalRequested, approve: boolean) => {
    setPending((list) => list.filter((r) => r.id !== request.id));
    await client.request('answerApproval', { id: request.id, approve }).catch(() => undefined);
  };

  if (pending.length === 0) return null;
  return (
    <div className="approvals" role="dialog" aria-label="Tool call approvals" data-testid="approvals">
      {pending.map((request) => (
        <div key={request.id} className="approval">
          <div><strong>{request.lane}</strong> asks to call <code>{request.name}</code> on <code>{request.serverLabel}</code></div>
          <pre className="raw" tabIndex={0}>{request.arguments}</pre>
          <div className="inline-row">
            <button type="button" className="primary" onClick={() => void answer(request, true)}>Approve</button>
            <button type="button" onClick={() => void answer(request, false)}>Deny</button>
          </div>
        </div>
      ))}
    </div>
  );
}
