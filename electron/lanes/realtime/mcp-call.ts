import type * as GA from 'openai/resources/realtime/realtime';
import type { HostedCall, HostedError } from '../../../shared/lanes/hosted-lane-result';
import { RealtimeMcpApprovalRequestItemSchema, RealtimeMcpCallItemSchema } from '../../../shared/openai/realtime-events';
import { callInstructions, type ApprovalDecider, type ToolCallRequest } from '../wire/tool-call-request';
import { describeMcpCallError } from '../../../shared/openai/mcp-call-error';
import { clientEventId, clientItemId, describeApiError, errorOf, noEventError, sendEvent, type RealtimeRun } from './realtime-run';

export interface CallOutcome {
  call: HostedCall;
  error?: HostedError;
}

/**
 * Asks for one call of an MCP tool in a response (`tool_choice` names it), answers the approval
 * request if one comes, and records the `mcp_call` item the API reports at
 * `response.output_item.done`.
 */
export async function callMcpTool(run: RealtimeRun, request: ToolCallRequest, approve: ApprovalDecider | null): Promise<CallOutcome> {
  const argumentsText = JSON.stringify(request.arguments);
  const call: HostedCall = { name: request.name, serverLabel: request.serverLabel, arguments: argumentsText, status: 'not-called', evidence: [] };
  const deadline = Date.now() + run.timeouts.callMs;
  let responseEventId = clientEventId('call');
  let approvalAnswered = false;
  run.steps.step('call-tool', 'running', `calling ${request.name}`);
  call.evidence.push(sendEvent(run, {
    type: 'response.create',
    event_id: responseEventId,
    response: {
      instructions: callInstructions(request),
      tool_choice: { type: 'mcp', server_label: request.serverLabel, name: request.name },
      output_modalities: ['text'],
    },
  } satisfies GA.ResponseCreateEvent));

  for (;;) {
    const next = await run.queue.next(deadline);
    if (next.kind !== 'event') return { call, error: noEventError(next, `the ${request.name} call to finish (response.done)`, run.timeouts.callMs) };
    const { event, seq } = next;
    const error = errorOf(event);
    if (error && error.event_id === responseEventId) {
      call.evidence.push(seq);
      call.detail = `response.create rejected: ${describeApiError(error)}`;
      return { call, error: { code: 'call-failed', message: call.detail, evidence: [seq] } };
    }
    if (event.type === 'response.output_item.done') {
      const item = (event as { item?: unknown }).item;
      const approval = RealtimeMcpApprovalRequestItemSchema.safeParse(item);
      if (approval.success) {
        call.evidence.push(seq);
        const by = approve ? 'user' : 'auto';
        run.steps.step('approval', 'running', `approval requested for ${approval.data.name}`);
        const approved = approve ? await approve({ serverLabel: approval.data.server_label, name: approval.data.name, arguments: approval.data.arguments }) : true;
        call.approval = { requestId: approval.data.id, approved, by };
        run.steps.step('approval', 'ok', `${approved ? 'approved' : 'denied'} ${by === 'auto' ? 'automatically' : 'by the user'}`);
        call.evidence.push(sendEvent(run, { type: 'conversation.item.create', event_id: clientEventId('approval'), item: { type: 'mcp_approval_response', id: clientItemId(), approval_request_id: approval.data.id, approve: approved } } satisfies GA.ConversationItemCreateEvent));
        approvalAnswered = true;
        continue;
      }
      const mcpCall = RealtimeMcpCallItemSchema.safeParse(item);
      if (mcpCall.success) {
        call.evidence.push(seq);
        call.status = mcpCall.data.error ? 'failed' : 'completed';
        call.output = mcpCall.data.output ?? null;
        if (mcpCall.data.error) call.error = mcpCall.data.error;
        call.arguments = mcpCall.data.arguments;
      }
      continue;
    }
    if (event.type === 'response.done') {
      call.evidence.push(seq);
      if (approvalAnswered && call.status === 'not-called') {
        // The approved call runs in the next response, as the API documents.
        approvalAnswered = false;
        responseEventId = clientEventId('continue');
        call.evidence.push(sendEvent(run, { type: 'response.create', event_id: responseEventId, response: { output_modalities: ['text'] } } satisfies GA.ResponseCreateEvent));
        continue;
      }
      break;
    }
  }

  if (call.status === 'completed') {
    run.steps.step('call-tool', 'ok', `${request.name} returned`);
    return { call };
  }
  const message = call.status === 'failed'
    ? `${request.name} failed: ${describeMcpCallError(call.error)}`
    : call.approval && !call.approval.approved ? `${request.name} was not called: the approval was denied` : `${request.name} was not called: the response finished without an mcp_call item`;
  call.detail = message;
  return { call, error: { code: 'call-failed', message, evidence: call.evidence } };
}
