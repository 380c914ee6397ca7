import type { RuleFileInput } from './schema';

/** Anthropic's Messages API MCP connector (`mcp_servers`, beta header mcp-client-2025-11-20). */
const CONNECTOR = 'https://platform.claude.com/docs/en/agents-and-tools/mcp-connector';

export const claudeConnector: RuleFileInput = {
  clients: [{ id: 'claude-connector', short: 'Claude API', name: 'Claude MCP connector', docs: CONNECTOR }],
  rules: [
    {
      id: 'claude-connector.name-pattern', client: 'claude-connector', versions: 'mcp-client-2025-11-20',
      title: 'Tool name outside Claude\'s tool-name pattern',
      condition: { kind: 'name-not-matching', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
      effect: 'warning', confidence: 'documented',
      sources: [{ url: 'https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use', fact: 'Claude tool names must match ^[a-zA-Z0-9_-]{1,64}$; the connector does not document how it treats an MCP name outside it.' }],
      fix: 'Rename the tool to letters, digits, "_" and "-" only, at most 64 characters.',
    },
    {
      id: 'claude-connector.top-level-combinator', client: 'claude-connector', versions: 'mcp-client-2025-11-20',
      title: 'anyOf/oneOf/allOf at the root of inputSchema',
      condition: { kind: 'schema-keyword', keywords: ['anyOf', 'oneOf', 'allOf'], where: 'root' },
      effect: 'warning', confidence: 'reported',
      sources: [{ url: 'https://github.com/makenotion/notion-mcp-server/issues/341', fact: 'Anthropic-hosted agents reported "input_schema does not support oneOf, allOf, or anyOf at the top level" for an MCP server\'s tool; the connector documents no rule of its own.' }],
      fix: 'Keep the root of inputSchema a plain object; move anyOf/oneOf/allOf into a property.',
    },
    {
      id: 'claude-connector.tools-only', client: 'claude-connector', versions: 'mcp-client-2025-11-20',
      title: 'The server offers prompts, which the connector ignores',
      condition: { kind: 'capability', capability: 'prompts', present: true },
      effect: 'warning', confidence: 'documented',
      sources: [{ url: CONNECTOR, fact: 'The connector supports only the tool calls of the MCP specification; prompts and resources the server offers are not used.' }],
      fix: 'Nothing to change for tools; expose what prompts give as tools if Claude should use it.',
    },
    {
      id: 'claude-connector.oauth-token-required', client: 'claude-connector', versions: 'mcp-client-2025-11-20',
      title: 'The server wants OAuth; the connector only forwards a token you obtained',
      condition: { kind: 'oauth-challenge' },
      effect: 'list-emptied', confidence: 'documented',
      sources: [{ url: CONNECTOR, fact: 'Each mcp_servers entry takes an authorization_token; the connector runs no OAuth flow itself, so without a token the server\'s 401 ends the listing.' }],
      fix: 'Obtain an OAuth access token in your app and pass it as authorization_token.',
    },
  ],
};
