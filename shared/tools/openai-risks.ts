import { issue, type ToolIssue } from './issue';

/**
 * Schema shapes MCP allows that OpenAI's documented function-calling rules do not cover. Whether
 * hosted MCP import applies those rules is undocumented, so every issue here is a `risk`: evidence
 * to weigh, never a certain cause. Kept apart from validateTool so the MCP verdict stays MCP's.
 */

/** OpenAI documents 1024 characters for a function description; longer ones may be cut or refused. */
export const OPENAI_DESCRIPTION_LIMIT = 1024;
/** OpenAI documents at most 128 tools (functions) per request. */
export const OPENAI_TOOL_COUNT_LIMIT = 128;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Risks in one tool as the server sent it (`raw`: the tools/list entry). */
export function openAiToolRisks(raw: unknown): ToolIssue[] {
  if (!isRecord(raw)) return [];
  const issues: ToolIssue[] = [];
  if (typeof raw.description === 'string' && raw.description.length > OPENAI_DESCRIPTION_LIMIT) {
    issues.push(issue('description-huge', 'risk', '/description', `the description is ${raw.description.length} characters; OpenAI documents ${OPENAI_DESCRIPTION_LIMIT} for function descriptions`));
  }
  walkSchema(raw.inputSchema, '/inputSchema', issues, new Set());
  return issues;
}

const SCHEMA_CHILDREN = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const;
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties'] as const;

/** One issue per kind and path; the walk stops at 64 levels (hostile schemas go deeper). */
function walkSchema(schema: unknown, path: string, issues: ToolIssue[], seen: Set<string>, depth = 0): void {
  if (!isRecord(schema) || depth > 64) return;
  const add = (code: string, at: string, message: string) => {
    if (seen.has(code)) return;
    seen.add(code);
    issues.push(issue(code, 'risk', at, message));
  };
  if (typeof schema.$ref === 'string') add('schema-ref', `${path}/$ref`, `uses $ref ${JSON.stringify(schema.$ref)}; OpenAI may inline, drop or refuse references`);
  if (isRecord(schema.$defs) || isRecord(schema.definitions)) add('schema-defs', `${path}/${isRecord(schema.$defs) ? '$defs' : 'definitions'}`, 'carries $defs/definitions; OpenAI may not resolve them');
  if (Array.isArray(schema.anyOf) && schema.anyOf.some((s) => isRecord(s) && s.type === 'null')) {
    add('schema-nullable-anyof', `${path}/anyOf`, 'a nullable parameter as anyOf [..., {type:"null"}]; OpenAI may normalise or reject the union');
  }
  for (const key of SCHEMA_CHILDREN) walkSchema(schema[key], `${path}/${key}`, issues, seen, depth + 1);
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((child, i) => walkSchema(child, `${path}/${key}/${i}`, issues, seen, depth + 1));
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (isRecord(map)) for (const [name, child] of Object.entries(map)) walkSchema(child, `${path}/${key}/${name}`, issues, seen, depth + 1);
  }
}
