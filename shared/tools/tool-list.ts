import { describeType } from './json-schema-check';
import { issue, type ToolIssue } from './issue';
import { validateTool, type ValidatedTool } from './validate-tool';

export interface ValidatedToolList {
  tools: ValidatedTool[];
  /** Problems of the list as a whole (not an array, duplicate names). */
  issues: ToolIssue[];
}

/** Validates a `tools` array from one or more tools/list pages, tool by tool, and the list's own rules. */
export function validateToolList(rawTools: unknown): ValidatedToolList {
  if (!Array.isArray(rawTools)) {
    return { tools: [], issues: [issue('tools-not-array', 'error', '/tools', `tools must be an array, got ${describeType(rawTools)}`)] };
  }
  const tools = rawTools.map((raw, index) => validateTool(raw, index));
  const issues: ToolIssue[] = [];
  const seen = new Map<string, number>();
  tools.forEach(({ tool }, index) => {
    if (!tool.hasName) return;
    const first = seen.get(tool.name);
    if (first === undefined) seen.set(tool.name, index);
    else issues.push(issue('duplicate-name', 'error', `/tools/${index}/name`, `"${tool.name}" is listed twice (positions ${first} and ${index}); clients keep one or refuse both`));
  });
  return { tools, issues };
}
