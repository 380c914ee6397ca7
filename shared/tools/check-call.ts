import type { NormalizedTool } from './validate-tool';
import { validateValue, type SchemaProblem } from './validate-value';

/**
 * What a tool call's two ends say against the tool's own schemas: the arguments against
 * `inputSchema` (checked before sending; invalid ones may still be sent on purpose), the
 * `structuredContent` against `outputSchema` (the MCP spec: a server that declares one MUST
 * return structured results that conform to it).
 */

export interface SchemaVerdict {
  /** true: fits; false: see problems; 'unchecked': no schema, or one the validator cannot use (reason says which). */
  ok: boolean | 'unchecked';
  problems: SchemaProblem[];
  reason?: string;
}

function verdict(schema: unknown, value: unknown, missing: string): SchemaVerdict {
  if (schema === undefined) return { ok: 'unchecked', problems: [], reason: missing };
  const check = validateValue(schema, value);
  if (check.ok === true) return { ok: true, problems: [] };
  if (check.ok === 'unchecked') return { ok: 'unchecked', problems: [], reason: check.reason };
  return { ok: false, problems: check.problems };
}

export function checkArguments(tool: Pick<NormalizedTool, 'inputSchema'>, args: Record<string, unknown>): SchemaVerdict {
  return verdict(tool.inputSchema, args, 'the tool has no inputSchema');
}

export function checkStructuredContent(tool: Pick<NormalizedTool, 'outputSchema'>, result: unknown): SchemaVerdict {
  if (tool.outputSchema === undefined) return { ok: 'unchecked', problems: [], reason: 'the tool declares no outputSchema' };
  const record = typeof result === 'object' && result !== null && !Array.isArray(result) ? result as Record<string, unknown> : {};
  // An error result explains itself in content; the spec asks for structured output from successful calls.
  if (record.isError === true) return { ok: 'unchecked', problems: [], reason: 'the result is an error (isError: true)' };
  if (!('structuredContent' in record)) return { ok: false, problems: [{ path: '/structuredContent', message: 'is missing, though the tool declares an outputSchema' }] };
  const checked = verdict(tool.outputSchema, record.structuredContent, '');
  return { ...checked, problems: checked.problems.map((p) => ({ ...p, path: `/structuredContent${p.path === '/' ? '' : p.path}` })) };
}
