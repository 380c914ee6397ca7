import type { RuleFileInput } from './schema';

/**
 * Gemini CLI, read in packages/core/src/tools/mcp-client.ts and mcp-tool.ts (commit 5411f113,
 * August 2026): it lists tools through the official MCP SDK client and renames every tool to fit
 * the Gemini API's function names.
 */
const MCP_CLIENT = 'https://github.com/google-gemini/gemini-cli/blob/main/packages/core/src/tools/mcp-client.ts';
const MCP_TOOL = 'https://github.com/google-gemini/gemini-cli/blob/main/packages/core/src/tools/mcp-tool.ts';

export const geminiCli: RuleFileInput = {
  clients: [{ id: 'gemini-cli', short: 'Gemini CLI', name: 'Gemini CLI', docs: 'https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md' }],
  rules: [
    {
      id: 'gemini-cli.name-qualified', client: 'gemini-cli', versions: '>=0.30 (August 2026 source)',
      title: 'Tools are shown to the model as mcp_<server>__<tool>',
      condition: { kind: 'always' },
      effect: 'name-rewritten', confidence: 'observed-in-source',
      sources: [{ url: MCP_TOOL, fact: 'Each discovered tool is registered under a generated name: "mcp_" + server name + "__" + tool name, sanitised for the Gemini API.' }],
      fix: 'Nothing to fix; keep tool names short so the qualified name stays within 63 characters.',
    },
    {
      id: 'gemini-cli.name-invalid-chars', client: 'gemini-cli', versions: '>=0.30 (August 2026 source)',
      title: 'Characters the Gemini API refuses are replaced with "_"',
      condition: { kind: 'name-not-matching', pattern: '^[a-zA-Z0-9_.:-]+$' },
      effect: 'name-rewritten', confidence: 'observed-in-source',
      sources: [{ url: MCP_TOOL, fact: 'generateValidName replaces every character outside letters, digits, "_", "-", "." and ":" with "_" to match the Gemini function-name pattern.' }],
      fix: 'Use letters, digits, "_", "-", "." and ":" only, so the model sees the name you chose.',
    },
    {
      id: 'gemini-cli.name-truncated', client: 'gemini-cli', versions: '>=0.30 (August 2026 source)',
      title: 'Qualified name over 63 characters: its middle is cut out',
      condition: { kind: 'name-longer-than', max: 63, template: 'mcp_{server}__{tool}' },
      effect: 'name-rewritten', confidence: 'observed-in-source',
      sources: [{ url: MCP_TOOL, fact: 'A generated name over 63 characters keeps its first and last 30 characters joined by "..." (one under the Gemini API\'s 64), and such tools may need user approval.' }],
      fix: 'Shorten the tool name so mcp_<server>__<tool> fits in 63 characters.',
    },
    {
      id: 'gemini-cli.nullable-type-array', client: 'gemini-cli', versions: '>=0.30 (August 2026 source)',
      title: 'type: [X, "null"] is rewritten to type X with nullable: true',
      condition: { kind: 'schema-nullable', form: 'type-array' },
      effect: 'schema-rewritten', confidence: 'observed-in-source',
      sources: [{ url: MCP_CLIENT, fact: 'discoverTools walks inputSchema and turns a two-entry type array containing "null" into the other type plus nullable: true before giving it to the model.' }],
      fix: 'Nothing breaks; to keep schemas identical, write optional parameters as a plain type left out of "required".',
    },
    {
      id: 'gemini-cli.tools-capability-missing', client: 'gemini-cli', versions: '>=0.30 (August 2026 source)',
      title: 'The server does not declare the tools capability, so no tool is listed',
      condition: { kind: 'capability', capability: 'tools', present: false },
      effect: 'list-emptied', confidence: 'observed-in-source',
      sources: [{ url: MCP_CLIENT, fact: 'discoverTools returns no tools without calling tools/list when the server\'s initialize result has no tools capability.' }],
      fix: 'Declare "tools": {} in the server\'s capabilities.',
    },
    {
      id: 'gemini-cli.tool-invalid', client: 'gemini-cli', versions: '>=0.30 (August 2026 source)',
      title: 'Tool the MCP SDK rejects, failing the whole tools/list',
      condition: { kind: 'tool-invalid' },
      effect: 'list-emptied', confidence: 'observed-in-source',
      sources: [{ url: MCP_CLIENT, fact: 'Tools come from the official MCP SDK client\'s listTools, which validates the reply and throws for a malformed tool; discovery then reports an error and adds none of the server\'s tools.' }],
      fix: 'Fix the malformed tool (see tools.malformed).',
    },
  ],
};
