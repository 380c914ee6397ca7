/**
 * The emulator has no language model. A turn calls a tool only when told to, by a line of the
 * form
 *
 *     parallax:call <tool_name> <JSON object of arguments>
 *     parallax:call <server_label>/<tool_name> {...}
 *
 * in the response's `instructions` (Realtime `response.create`, Responses request), the session's
 * instructions, or the latest user text. Arguments may be omitted (`{}`).
 */
export interface CallInstruction {
  serverLabel: string | null;
  tool: string;
  arguments: Record<string, unknown>;
  /** The arguments exactly as written (streamed back as the call's argument deltas). */
  argumentsText: string;
}

export type InstructionParse = { calls: CallInstruction[]; errors: string[] };

const LINE = /^\s*parallax:call\s+(\S+)\s*(.*)$/;

export function parseCallInstructions(text: string | null | undefined): InstructionParse {
  const calls: CallInstruction[] = [];
  const errors: string[] = [];
  for (const line of (text ?? '').split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match?.[1]) continue;
    const target = match[1];
    const argumentsText = (match[2] ?? '').trim() || '{}';
    let args: unknown;
    try {
      args = JSON.parse(argumentsText);
    } catch {
      errors.push(`parallax:call ${target}: arguments are not JSON: ${argumentsText}`);
      continue;
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      errors.push(`parallax:call ${target}: arguments must be a JSON object`);
      continue;
    }
    const slash = target.indexOf('/');
    calls.push({
      serverLabel: slash > 0 ? target.slice(0, slash) : null,
      tool: slash > 0 ? target.slice(slash + 1) : target,
      arguments: args as Record<string, unknown>,
      argumentsText,
    });
  }
  return { calls, errors };
}
