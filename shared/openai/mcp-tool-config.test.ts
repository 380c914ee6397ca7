import { describe, expect, it } from 'vitest';
import { applyAllowedTools, checkTools, echoMcpToolConfig, requiresApproval, type McpToolConfig } from './mcp-tool-config';

const base: McpToolConfig = { type: 'mcp', server_label: 'seed', server_url: 'https://mcp.example.com/private/path?key=1' };
const tools = [
  { name: 'read', annotations: { readOnlyHint: true } },
  { name: 'write', annotations: { readOnlyHint: false } },
  { name: 'plain' },
];

describe('mcp tool config', () => {
  it('accepts a label-only entry after a full definition, and refuses it before', () => {
    expect(checkTools([{ type: 'mcp', server_label: 'seed' }], 'tools').error?.param).toBe('tools[0]');
    const known = new Map([['seed', base]]);
    expect(checkTools([{ type: 'mcp', server_label: 'seed' }], 'tools', known)).toEqual({ error: null, mcp: [base] });
  });

  it('refuses a server_url that is not http(s)', () => {
    expect(checkTools([{ ...base, server_url: 'ftp://x' }], 'tools').error).toMatchObject({ code: 'invalid_value', param: 'tools[0].server_url' });
  });

  it('defaults require_approval to always and honours never/always filters', () => {
    const [read, write, plain] = tools as [typeof tools[0], typeof tools[0], typeof tools[0]];
    expect(requiresApproval(base, plain)).toBe(true);
    expect(requiresApproval({ ...base, require_approval: 'never' }, write)).toBe(false);
    const filtered = { ...base, require_approval: { never: { read_only: true } } };
    expect(requiresApproval(filtered, read)).toBe(false);
    expect(requiresApproval(filtered, write)).toBe(true);
    expect(requiresApproval({ ...base, require_approval: { never: { tool_names: ['plain'] }, always: { tool_names: ['read'] } } }, read)).toBe(true);
  });

  it('applies allowed_tools as names or a filter and reports names the server lacks', () => {
    expect(applyAllowedTools({ ...base, allowed_tools: ['read', 'ghost'] }, tools)).toEqual({ tools: [tools[0]], missing: ['ghost'] });
    expect(applyAllowedTools({ ...base, allowed_tools: { read_only: true } }, tools).tools.map((t) => t.name)).toEqual(['read']);
    expect(applyAllowedTools(base, tools).tools).toHaveLength(3);
  });

  it('echoes the config the way the API does: no authorization, headers null, path redacted', () => {
    expect(echoMcpToolConfig({ ...base, authorization: 'tok', headers: { 'x-a': 'b' } })).toEqual({ type: 'mcp', server_label: 'seed', server_url: 'https://mcp.example.com/<redacted>', headers: null });
  });
});
