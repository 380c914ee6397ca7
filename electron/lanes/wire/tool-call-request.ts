/** The optional step of a hosted lane: have OpenAI's MCP client call one tool once. */
export interface ToolCallRequest {
  serverLabel: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface ApprovalRequest {
  serverLabel: string;
  name: string;
  /** The arguments as the API reported them (JSON text). */
  arguments: string;
}

/** Answers an `mcp_approval_request` (from the UI); without one the lane approves automatically. */
export type ApprovalDecider = (request: ApprovalRequest) => Promise<boolean>;

/**
 * What the model is told for the call. `tool_choice` already forces the tool on the real API;
 * the last line is the form the local emulator, which has no model, reads to make the call.
 * A real model treats it as more of the same instruction.
 */
export function callInstructions(request: ToolCallRequest): string {
  const args = JSON.stringify(request.arguments);
  return [
    `Call the MCP tool "${request.name}" on the server "${request.serverLabel}" exactly once with these JSON arguments: ${args}`,
    'Then reply with the tool\'s result and nothing else.',
    `parallax:call ${request.serverLabel}/${request.name} ${args}`,
  ].join('\n');
}
