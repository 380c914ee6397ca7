import type { RuleFileInput } from './schema';

/**
 * The OpenAI Agents SDK (openai-agents-js): its MCP servers run client-side through the official
 * MCP SDK, and their tools become function tools of a Responses request. Read in
 * packages/agents-core/src/mcp.ts and packages/agents-realtime/src/openaiRealtimeEvents.ts
 * (commit 6d0c61a5, August 2026).
 */
const AGENTS_MCP = 'https://github.com/openai/openai-agents-js/blob/main/packages/agents-core/src/mcp.ts';

export const openAiAgentsSdk: RuleFileInput = {
  clients: [{ id: 'openai-agents-sdk', short: 'Agents SDK', name: 'OpenAI Agents SDK', docs: 'https://openai.github.io/openai-agents-js/guides/mcp/' }],
  rules: [
    {
      id: 'openai-agents-sdk.name-pattern', client: 'openai-agents-sdk', versions: '@openai/agents 0.x',
      title: 'Tool name the Responses API refuses as a function name',
      condition: { kind: 'name-not-matching', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
      effect: 'list-emptied', confidence: 'documented',
      sources: [
        { url: AGENTS_MCP, fact: 'Local MCP tools are turned into function tools under the MCP tool\'s own name and sent with the whole tool list in every model request.' },
        { url: 'https://platform.openai.com/docs/api-reference/responses/create', fact: 'Function names must be letters, digits, underscores or dashes, at most 64 characters; a request with one bad name fails as a whole.' },
      ],
      fix: 'Rename the tool to letters, digits, "_" and "-" only, at most 64 characters.',
    },
    {
      id: 'openai-agents-sdk.too-many-tools', client: 'openai-agents-sdk', versions: '@openai/agents 0.x',
      title: 'More than 128 tools in one model request',
      condition: { kind: 'tool-count-above', max: 128 },
      effect: 'list-emptied', confidence: 'documented',
      sources: [{ url: 'https://platform.openai.com/docs/api-reference/chat/create', fact: 'OpenAI takes at most 128 functions per request; the Agents SDK sends every MCP tool of the agent as a function, so a longer list is refused.' }],
      fix: 'Filter the server\'s tools with the SDK\'s toolFilter, or split them across agents (at most 128 per agent).',
    },
    {
      id: 'openai-agents-sdk.tool-invalid', client: 'openai-agents-sdk', versions: '@openai/agents 0.x',
      title: 'Tool the MCP SDK rejects, failing the whole tools/list',
      condition: { kind: 'tool-invalid' },
      effect: 'list-emptied', confidence: 'observed-in-source',
      sources: [{ url: AGENTS_MCP, fact: 'The SDK lists tools through the official MCP TypeScript client, whose result schema rejects the whole tools/list reply when one tool is malformed.' }],
      fix: 'Fix the malformed tool (see tools.malformed): every tool needs a string name and an object inputSchema with type "object".',
    },
    {
      id: 'openai-agents-sdk.realtime-null-description', client: 'openai-agents-sdk', versions: '@openai/agents-realtime 0.x',
      title: 'Tool without description: the Realtime SDK drops the listing event',
      condition: { kind: 'description-missing' },
      effect: 'list-emptied', confidence: 'observed-in-source',
      sources: [{ url: 'https://github.com/openai/openai-agents-js/blob/main/packages/agents-realtime/src/openaiRealtimeEvents.ts', fact: 'The Realtime SDK parses an mcp_list_tools item with a schema where each tool\'s description must be a string; the API may send null for a tool without one, so the item fails to parse and mcp_tools_listed never fires.' }],
      fix: 'Give every tool a description.',
    },
    {
      id: 'openai-agents-sdk.realtime-authorization-dropped', client: 'openai-agents-sdk', versions: '@openai/agents-realtime 0.20',
      title: 'A server that wants a token: the Realtime SDK drops hostedMcpTool\'s authorization',
      condition: { kind: 'oauth-challenge' },
      effect: 'list-emptied', confidence: 'observed-in-source',
      sources: [{ url: 'https://github.com/openai/openai-agents-js/blob/main/packages/agents-realtime/src/tool.ts', fact: 'Turning a hosted_mcp tool into a Realtime session tool keeps server_label, server_url, headers, allowed_tools and require_approval, and leaves authorization out, so OpenAI connects without the token and the server answers 401 (Parallax\'s clients-over-fixtures test sees it on the auth fixture).' }],
      fix: 'With @openai/agents-realtime, pass the token as headers: {"Authorization": "Bearer <token>"} in hostedMcpTool rather than authorization.',
    },
  ],
};
