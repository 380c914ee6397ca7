import type { RuleFileInput } from './schema';

/** Claude Code, Anthropic's terminal agent (closed source; behaviour from its docs and issue tracker). */
const CLAUDE_CODE_MCP = 'https://docs.anthropic.com/en/docs/claude-code/mcp';

export const claudeCode: RuleFileInput = {
  clients: [{ id: 'claude-code', short: 'Claude Code', name: 'Claude Code', docs: CLAUDE_CODE_MCP }],
  rules: [
    {
      id: 'claude-code.name-prefixed', client: 'claude-code', versions: 'all',
      title: 'Tools are shown to the model as mcp__<server>__<tool>',
      condition: { kind: 'always' },
      effect: 'name-rewritten', confidence: 'documented',
      sources: [{ url: CLAUDE_CODE_MCP, fact: 'Claude Code names MCP tools mcp__<server>__<tool> in permissions and for the model.' }],
      fix: 'Nothing to fix; keep tool names short so the prefixed name stays within 64 characters.',
    },
    {
      id: 'claude-code.prefixed-name-length', client: 'claude-code', versions: 'all',
      title: 'mcp__<server>__<tool> longer than Claude\'s 64-character tool names',
      condition: { kind: 'name-longer-than', max: 64, template: 'mcp__{server}__{tool}' },
      effect: 'call-refused', confidence: 'reported',
      sources: [{ url: 'https://github.com/tadata-org/fastapi_mcp/issues/64', fact: 'Users report that Claude requires the combined server and tool name to stay within 64 characters; longer MCP tools fail.' }],
      fix: 'Shorten the tool name (and advise a short server name) so mcp__<server>__<tool> fits in 64 characters.',
    },
    {
      id: 'claude-code.top-level-combinator', client: 'claude-code', versions: '>=1.0 (reported through 2.x)',
      title: 'anyOf/oneOf/allOf at the root of inputSchema breaks every request',
      condition: { kind: 'schema-keyword', keywords: ['anyOf', 'oneOf', 'allOf'], where: 'root' },
      effect: 'list-emptied', confidence: 'reported',
      sources: [
        { url: 'https://github.com/anthropics/claude-code/issues/45106', fact: 'Claude Code passes MCP schemas to the API unchanged; a root anyOf/oneOf/allOf makes the API answer 400 on every request, so the session is unusable.' },
        { url: 'https://github.com/anthropics/claude-code/issues/4886', fact: 'The API error reads "input_schema does not support oneOf, allOf, or anyOf at the top level".' },
      ],
      fix: 'Keep the root of inputSchema a plain object; move anyOf/oneOf/allOf into a property.',
    },
  ],
};
