import { specTypeSchemas } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { checkJsonSchema, describeType, type SchemaDialect } from './json-schema-check';
import { issue, ToolIssue } from './issue';
import { checkToolName } from './tool-name';

/** Fields some MCP revision defines for a tool; anything else the SDK strips without a word. */
const KNOWN_FIELDS = new Set(['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations', '_meta', 'icons', 'execution']);

/** OpenAI function-calling names; whether hosted MCP import enforces it is undocumented, hence a risk. */
const OPENAI_FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export const NormalizedTool = z.object({
  /** The tool's name, or `#<index>` when the server sent no usable string. */
  name: z.string(),
  /** False when `name` was made up because the server's was missing or not a string. */
  hasName: z.boolean(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.unknown().optional(),
  outputSchema: z.unknown().optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
  icons: z.array(z.unknown()).optional(),
  execution: z.record(z.string(), z.unknown()).optional(),
  /** Fields outside every revision's Tool type (kept here because the SDK would drop them). */
  unknownFields: z.record(z.string(), z.unknown()),
  inputSchemaDialect: z.enum(['draft-07', '2019-09', '2020-12']).optional(),
});
export type NormalizedTool = z.infer<typeof NormalizedTool>;

export const ValidatedTool = z.object({ tool: NormalizedTool, issues: z.array(ToolIssue) });
export type ValidatedTool = z.infer<typeof ValidatedTool>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const recordOr = (value: unknown): Record<string, unknown> | undefined => (isRecord(value) ? value : undefined);

/** A Standard Schema issue path (keys, or segments carrying a key) as a JSON pointer. */
function pointer(path: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined): string {
  return (path ?? []).map((p) => `/${String(typeof p === 'object' ? p.key : p)}`).join('');
}

function nameIssues(raw: unknown): ToolIssue[] {
  if (typeof raw !== 'string') return [issue('name-missing', 'error', '/name', `name must be a string, got ${describeType(raw)}`)];
  const issues: ToolIssue[] = [];
  const verdict = checkToolName(raw);
  if (!verdict.conforms) {
    issues.push(issue('name-format', 'warning', '/name', `MCP 2025-11-25 asks for 1-128 characters of A-Z a-z 0-9 _ - . : ${verdict.problems.join('; ')}`));
  }
  if (!OPENAI_FUNCTION_NAME.test(raw)) {
    issues.push(issue('name-openai-pattern', 'risk', '/name', `OpenAI function names must match ^[a-zA-Z0-9_-]{1,64}$; ${JSON.stringify(raw)} does not`));
  }
  return issues;
}

function schemaIssues(schema: unknown, field: 'inputSchema' | 'outputSchema'): { issues: ToolIssue[]; dialect?: SchemaDialect } {
  const path = `/${field}`;
  if (!isRecord(schema)) return { issues: [issue(`${field}-not-object`, 'error', path, `${field} must be a JSON Schema object, got ${describeType(schema)}`)] };
  const issues: ToolIssue[] = [];
  if (schema.type !== 'object') {
    issues.push(issue(`${field}-root-not-object`, 'error', `${path}/type`,
      `${field} must have type "object" at its root (got ${schema.type === undefined ? 'no type' : JSON.stringify(schema.type)}); the SDK rejects the whole tools/list for it`));
  }
  const check = checkJsonSchema(schema, path);
  return { issues: [...issues, ...check.issues], dialect: check.dialect };
}

/**
 * Validates one tool exactly as the server sent it, so one malformed tool never hides the rest.
 * `index` is its position in the listing, used to name a tool that has no name.
 */
export function validateTool(raw: unknown, index = 0): ValidatedTool {
  if (!isRecord(raw)) {
    return {
      tool: { name: `#${index}`, hasName: false, unknownFields: {} },
      issues: [issue('tool-not-object', 'error', '', `a tool must be a JSON object, got ${describeType(raw)}`)],
    };
  }
  const issues: ToolIssue[] = [...nameIssues(raw.name)];

  // The SDK 2.x Tool validator, the one its client applies to every tools/list result.
  const sdk = specTypeSchemas.Tool['~standard'].validate(raw);
  for (const problem of sdk.issues ?? []) {
    issues.push(issue('sdk-schema', 'error', pointer(problem.path), `the MCP SDK's Tool schema rejects this (${problem.message}), and with it the whole tools/list`));
  }

  const input = raw.inputSchema === undefined
    ? { issues: [issue('inputSchema-missing', 'error', '/inputSchema', 'inputSchema is required')] }
    : schemaIssues(raw.inputSchema, 'inputSchema');
  issues.push(...input.issues);
  if (raw.outputSchema !== undefined) issues.push(...schemaIssues(raw.outputSchema, 'outputSchema').issues);

  const unknownFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN_FIELDS.has(key)) {
      unknownFields[key] = value;
      issues.push(issue('unknown-field', 'info', `/${key}`, `"${key}" is not a Tool field in any MCP revision; the SDK drops it silently`));
    }
  }
  if (raw.description === undefined) issues.push(issue('description-missing', 'info', '/description', 'no description: models choose tools by it'));

  const name = stringOr(raw.name);
  return {
    tool: {
      name: name ?? `#${index}`,
      hasName: name !== undefined,
      title: stringOr(raw.title),
      description: stringOr(raw.description),
      inputSchema: raw.inputSchema,
      outputSchema: raw.outputSchema,
      annotations: recordOr(raw.annotations),
      _meta: recordOr(raw._meta),
      icons: Array.isArray(raw.icons) ? raw.icons : undefined,
      execution: recordOr(raw.execution),
      unknownFields,
      inputSchemaDialect: input.dialect,
    },
    issues,
  };
}
