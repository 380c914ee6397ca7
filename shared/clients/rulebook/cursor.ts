import type { RuleFileInput } from './schema';

/** Cursor, the editor (closed source; behaviour from its docs, its warnings and issue trackers). */
export const cursor: RuleFileInput = {
  clients: [{ id: 'cursor', short: 'Cursor', name: 'Cursor', docs: 'https://cursor.com/docs/context/mcp' }],
  rules: [
    {
      id: 'cursor.combined-name-length', client: 'cursor', versions: '>=0.48 (reported through 2026)',
      title: 'Server name + tool name longer than 60 characters',
      condition: { kind: 'name-longer-than', max: 60, template: '{server}{tool}' },
      effect: 'dropped', confidence: 'reported',
      sources: [
        { url: 'https://github.com/ComposioHQ/composio/issues/2788', fact: 'Cursor warns "Combined server and tool name length exceeds 60 characters" and filters the tool out.' },
        { url: 'https://github.com/awslabs/mcp/issues/1283', fact: 'Tools over the 60-character combined limit could not be called in Cursor 1.6.' },
      ],
      fix: 'Shorten the tool name so server name + tool name stays within 60 characters.',
    },
    {
      id: 'cursor.too-many-tools', client: 'cursor', versions: 'reported in 2025',
      title: 'More than 40 tools: Cursor sends only the first 40 to the agent',
      condition: { kind: 'tool-count-above', max: 40 },
      effect: 'dropped', confidence: 'reported',
      sources: [{ url: 'https://github.com/modelcontextprotocol/.github/discussions/360', fact: 'Users report Cursor refusing more than 40 tools across MCP servers; the tools past the limit are left out.' }],
      fix: 'Offer fewer tools (merge similar ones), or tell Cursor users to disable the ones they do not need.',
    },
    {
      id: 'cursor.name-pattern', client: 'cursor', versions: 'reported in 2025',
      title: 'Tool name with characters other than letters, digits, "_" and "-"',
      condition: { kind: 'name-not-matching', pattern: '^[a-zA-Z0-9_-]+$' },
      effect: 'warning', confidence: 'reported',
      sources: [{ url: 'https://github.com/executeautomation/mcp-playwright/issues/145', fact: 'Cursor shows "Some tools have naming issues and may be filtered out" for tool names it cannot pass to its models.' }],
      fix: 'Rename the tool to letters, digits, "_" and "-" only.',
    },
  ],
};
