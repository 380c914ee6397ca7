import type { RuleFileInput } from './schema';

/** VS Code's own MCP client (agent mode in chat). */
const VSCODE_MCP = 'https://code.visualstudio.com/docs/copilot/customization/mcp-servers';

export const vscode: RuleFileInput = {
  clients: [{ id: 'vscode', short: 'VS Code', name: 'VS Code', docs: VSCODE_MCP }],
  rules: [
    {
      id: 'vscode.too-many-tools', client: 'vscode', versions: '>=1.99',
      title: 'More than 128 tools in one chat request',
      condition: { kind: 'tool-count-above', max: 128 },
      effect: 'warning', confidence: 'reported',
      sources: [
        { url: 'https://github.com/microsoft/vscode/issues/290356', fact: 'Agent mode refuses to send a request with more than 128 tools ("You may not include more than 128 tools in your request") until tools are deselected; newer releases group extra tools as virtual tools.' },
        { url: 'https://github.com/postmanlabs/postman-mcp-server/pull/35', fact: 'Server authors document VS Code\'s 128-tool limit for servers with many tools.' },
      ],
      fix: 'Offer fewer tools, or a minimal default set with the rest behind a flag.',
    },
    {
      id: 'vscode.prefixed-name-length', client: 'vscode', versions: '1.99 (fixed later by shortening)',
      title: 'Prefixed tool name longer than 64 characters',
      condition: { kind: 'name-longer-than', max: 64, template: 'mcp_{server}_{tool}' },
      effect: 'name-rewritten', confidence: 'reported',
      sources: [{ url: 'https://github.com/microsoft/vscode/issues/243602', fact: 'VS Code prefixes MCP tool names with the server, which made names over the models\' 64-character limit and 400 errors; the fix shortens such names.' }],
      fix: 'Keep tool names short so the prefixed name fits in 64 characters.',
    },
  ],
};
