import { specTypeSchemas, type SpecTypeName } from '@modelcontextprotocol/client';
import type { SchemaProblem } from './validate-value';

/** The MCP result type of each request method a user can send from Parallax. */
const RESULT_TYPES: Partial<Record<string, SpecTypeName>> = {
  'tools/call': 'CallToolResult',
  'resources/list': 'ListResourcesResult',
  'resources/templates/list': 'ListResourceTemplatesResult',
  'resources/read': 'ReadResourceResult',
  'resources/subscribe': 'EmptyResult',
  'resources/unsubscribe': 'EmptyResult',
  'prompts/list': 'ListPromptsResult',
  'prompts/get': 'GetPromptResult',
  'completion/complete': 'CompleteResult',
  'logging/setLevel': 'EmptyResult',
  ping: 'EmptyResult',
};

/** Where a result breaks its method's MCP result schema (the SDK's own spec schemas), as JSON Pointers. */
export function resultSchemaProblems(method: string, result: unknown): SchemaProblem[] | undefined {
  const type = RESULT_TYPES[method];
  if (!type) return undefined;
  const checked = specTypeSchemas[type]['~standard'].validate(result);
  return (checked.issues ?? []).map((issue) => ({
    path: `/${(issue.path ?? []).map((key) => String(typeof key === 'object' ? key.key : key).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    message: issue.message,
  }));
}

