import { z } from 'zod';

/**
 * error: a client following the spec or the SDK would reject or drop this.
 * warning: against the spec's guidance (SHOULD), likely to bite some client.
 * risk: allowed by MCP but outside another client's documented rules (OpenAI function names);
 *       evidence for the diagnosis, never a certain cause.
 * info: worth knowing (unknown fields the SDK strips, a missing description).
 */
export const IssueSeverity = z.enum(['error', 'warning', 'risk', 'info']);
export type IssueSeverity = z.infer<typeof IssueSeverity>;

export const ToolIssue = z.object({
  code: z.string(),
  severity: IssueSeverity,
  /** JSON-pointer-like path inside the tool (`/inputSchema/properties/x`), `` for the tool itself. */
  path: z.string(),
  message: z.string(),
});
export type ToolIssue = z.infer<typeof ToolIssue>;

export function issue(code: string, severity: IssueSeverity, path: string, message: string): ToolIssue {
  return { code, severity, path, message };
}
