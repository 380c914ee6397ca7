import type { RuleFileInput } from './schema';

/** GitHub Copilot: the coding agent on github.com and Copilot Chat's MCP support. */
const CODING_AGENT = 'https://docs.github.com/en/copilot/concepts/coding-agent/mcp-and-coding-agent';

export const githubCopilot: RuleFileInput = {
  clients: [{ id: 'github-copilot', short: 'Copilot', name: 'GitHub Copilot coding agent', docs: CODING_AGENT }],
  rules: [
    {
      id: 'github-copilot.oauth-unsupported', client: 'github-copilot', versions: 'coding agent (public preview)',
      title: 'The server wants OAuth, which the coding agent does not support',
      condition: { kind: 'oauth-challenge' },
      effect: 'list-emptied', confidence: 'documented',
      sources: [{ url: CODING_AGENT, fact: 'The coding agent does not support remote MCP servers that use OAuth for authentication and authorization.' }],
      fix: 'Accept a static token (a header the agent\'s MCP configuration can set) besides OAuth.',
    },
    {
      id: 'github-copilot.tools-only', client: 'github-copilot', versions: 'coding agent (public preview)',
      title: 'The server offers resources, which the coding agent ignores',
      condition: { kind: 'capability', capability: 'resources', present: true },
      effect: 'warning', confidence: 'documented',
      sources: [{ url: CODING_AGENT, fact: 'The coding agent only uses tools from MCP servers; resources and prompts are not supported.' }],
      fix: 'Expose what the agent needs from resources as tools.',
    },
    {
      id: 'github-copilot.schema-ref', client: 'github-copilot', versions: 'Copilot in VS Code (reported January 2026)',
      title: 'inputSchema uses $ref: Copilot may strip $defs and leave dangling references',
      condition: { kind: 'schema-keyword', keywords: ['$ref'], where: 'anywhere' },
      effect: 'call-refused', confidence: 'reported',
      sources: [{ url: 'https://github.com/PrefectHQ/fastmcp/pull/2808', fact: 'VS Code Copilot appears to strip $defs before sending schemas to the model, leaving dangling $ref pointers that make tool calls fail.' }],
      fix: 'Inline $ref/$defs in inputSchema (FastMCP 3+ does by default).',
    },
  ],
};
