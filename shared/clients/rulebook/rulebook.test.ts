import { describe, expect, it } from 'vitest';
import { diagnose } from '../../diagnosis/diagnose';
import { inspectorCapture, manyTools, plainTool, type FixtureReply } from '../test-capture';
import { RULEBOOK } from './index';

/**
 * For every rule of the rulebook, a server reply that triggers it and one that does not, both
 * run through the whole diagnosis (an Inspector capture, its views, the client engine).
 */
const long = (n: number) => `t${'x'.repeat(n - 1)}`;
const nullableAnyOf = { type: 'object', properties: { limit: { anyOf: [{ type: 'integer' }, { type: 'null' }] } } };
const refSchema = { type: 'object', $defs: { City: { type: 'string' } }, properties: { city: { $ref: '#/$defs/City' } } };
const rootAnyOf = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, anyOf: [{ required: ['a'] }, { required: ['b'] }] };
const nestedAnyOf = { type: 'object', properties: { when: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } };
const noDescription = { name: 'ping', inputSchema: { type: 'object' } };

const FIXTURES: Record<string, { triggers: FixtureReply; passes: FixtureReply }> = {
  'openai-responses.name-pattern': { triggers: { tools: [plainTool('files.read')] }, passes: { tools: [plainTool('files_read')] } },
  'openai-responses.description-long': { triggers: { tools: [plainTool('t', { description: 'd'.repeat(1025) })] }, passes: { tools: [plainTool('t', { description: 'd'.repeat(1024) })] } },
  'openai-responses.too-many-tools': { triggers: { tools: manyTools(129) }, passes: { tools: manyTools(128) } },
  'openai-responses.schema-ref': { triggers: { tools: [plainTool('t', { inputSchema: refSchema })] }, passes: { tools: [plainTool('t')] } },
  'openai-responses.nullable-anyof': { triggers: { tools: [plainTool('t', { inputSchema: nullableAnyOf })] }, passes: { tools: [plainTool('t', { inputSchema: nestedAnyOf })] } },
  'openai-realtime.name-pattern': { triggers: { tools: [plainTool(long(65))] }, passes: { tools: [plainTool(long(64))] } },
  'openai-realtime.schema-ref': { triggers: { tools: [plainTool('t', { inputSchema: refSchema })] }, passes: { tools: [plainTool('t', { inputSchema: nullableAnyOf })] } },
  'openai-realtime.description-long': { triggers: { tools: [plainTool('t', { description: 'd'.repeat(5000) })] }, passes: { tools: [plainTool('t')] } },
  'openai-agents-sdk.name-pattern': { triggers: { tools: [plainTool('a/b')] }, passes: { tools: [plainTool('a-b')] } },
  'openai-agents-sdk.too-many-tools': { triggers: { tools: manyTools(130) }, passes: { tools: manyTools(40) } },
  'openai-agents-sdk.tool-invalid': { triggers: { tools: [plainTool('ok'), { name: 'bad', inputSchema: { type: 'string' } }] }, passes: { tools: [plainTool('ok'), plainTool('fine')] } },
  'openai-agents-sdk.realtime-null-description': { triggers: { tools: [noDescription] }, passes: { tools: [{ ...noDescription, description: '' }] } },
  'openai-agents-sdk.realtime-authorization-dropped': { triggers: { tools: [plainTool()], oauth: true }, passes: { tools: [plainTool()] } },
  'claude-connector.name-pattern': { triggers: { tools: [plainTool('tools:search')] }, passes: { tools: [plainTool('tools_search')] } },
  'claude-connector.top-level-combinator': { triggers: { tools: [plainTool('t', { inputSchema: rootAnyOf })] }, passes: { tools: [plainTool('t', { inputSchema: nestedAnyOf })] } },
  'claude-connector.tools-only': { triggers: { tools: [plainTool()], capabilities: { tools: {}, prompts: {} } }, passes: { tools: [plainTool()], capabilities: { tools: {}, resources: {} } } },
  'claude-connector.oauth-token-required': { triggers: { tools: [plainTool()], oauth: true }, passes: { tools: [plainTool()] } },
  'claude-code.name-prefixed': { triggers: { tools: [plainTool()] }, passes: { tools: [] } },
  // mcp__server__ takes 13 characters of the 64.
  'claude-code.prefixed-name-length': { triggers: { tools: [plainTool(long(52))] }, passes: { tools: [plainTool(long(51))] } },
  'claude-code.top-level-combinator': { triggers: { tools: [plainTool('t', { inputSchema: { ...rootAnyOf, anyOf: undefined, oneOf: rootAnyOf.anyOf } })] }, passes: { tools: [plainTool('t', { inputSchema: nestedAnyOf })] } },
  // "server" takes 6 characters of the 60.
  'cursor.combined-name-length': { triggers: { tools: [plainTool(long(55))] }, passes: { tools: [plainTool(long(54))] } },
  'cursor.too-many-tools': { triggers: { tools: manyTools(41) }, passes: { tools: manyTools(40) } },
  'cursor.name-pattern': { triggers: { tools: [plainTool('get.weather')] }, passes: { tools: [plainTool('get-weather')] } },
  'vscode.too-many-tools': { triggers: { tools: manyTools(200) }, passes: { tools: manyTools(128) } },
  // mcp_server_ takes 11 characters of the 64.
  'vscode.prefixed-name-length': { triggers: { tools: [plainTool(long(54))] }, passes: { tools: [plainTool(long(53))] } },
  'gemini-cli.name-qualified': { triggers: { tools: [plainTool()] }, passes: { tools: [] } },
  'gemini-cli.name-invalid-chars': { triggers: { tools: [plainTool('files/read')] }, passes: { tools: [plainTool('files.read:v2')] } },
  // mcp_server__ takes 12 characters of the 63.
  'gemini-cli.name-truncated': { triggers: { tools: [plainTool(long(52))] }, passes: { tools: [plainTool(long(51))] } },
  'gemini-cli.nullable-type-array': { triggers: { tools: [plainTool('t', { inputSchema: { type: 'object', properties: { n: { type: ['integer', 'null'] } } } })] }, passes: { tools: [plainTool('t', { inputSchema: nullableAnyOf })] } },
  'gemini-cli.tools-capability-missing': { triggers: { tools: [plainTool()], capabilities: { resources: {} } }, passes: { tools: [plainTool()] } },
  'gemini-cli.tool-invalid': { triggers: { tools: [{ name: 'no_schema' }, plainTool()] }, passes: { tools: [plainTool(), plainTool('other')] } },
  'github-copilot.oauth-unsupported': { triggers: { tools: [plainTool()], oauth: true }, passes: { tools: [plainTool()] } },
  'github-copilot.tools-only': { triggers: { tools: [plainTool()], capabilities: { tools: {}, resources: {} } }, passes: { tools: [plainTool()], capabilities: { tools: {}, prompts: {} } } },
  'github-copilot.schema-ref': { triggers: { tools: [plainTool('t', { inputSchema: refSchema })] }, passes: { tools: [plainTool('t', { inputSchema: { ...refSchema, properties: { city: { type: 'string' } } } })] } },
};

/** Every hit of `ruleId` in the diagnosis, on tools or on the client as a whole. */
function hitsOf(reply: FixtureReply, ruleId: string) {
  const { clients } = diagnose(inspectorCapture(reply));
  const client = ruleId.split('.')[0] as string;
  const column = clients.clients.find((c) => c.client === client);
  const onTools = clients.rows.flatMap((r) => (r.cells[column?.client ?? 'cursor']?.hits ?? []).filter((h) => h.rule === ruleId).map((h) => ({ ...h, tool: r.tool, state: r.cells[column?.client ?? 'cursor']?.state })));
  return { onTools, notes: column?.notes.filter((h) => h.rule === ruleId) ?? [], clients };
}

describe('the client rulebook', () => {
  it('holds at least 25 rules across the eight clients the issue names', () => {
    expect(RULEBOOK.rules.length).toBeGreaterThanOrEqual(25);
    const clients = new Set(RULEBOOK.rules.map((r) => r.client));
    for (const c of ['openai-responses', 'openai-realtime', 'openai-agents-sdk', 'claude-connector', 'claude-code', 'cursor', 'vscode', 'gemini-cli', 'github-copilot']) expect(clients).toContain(c);
  });

  it('has a triggering and a passing fixture for every rule, and none for rules it lacks', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(RULEBOOK.rules.map((r) => r.id).sort());
  });

  describe.each(RULEBOOK.rules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    const fixture = FIXTURES[id] as { triggers: FixtureReply; passes: FixtureReply };

    it('fires on its triggering reply, with the frame that shows it', () => {
      const { onTools, notes, clients } = hitsOf(fixture.triggers, id);
      expect(onTools.length + notes.length).toBeGreaterThan(0);
      const seqs = new Set(clients.rows.map((r) => r.seq));
      for (const hit of [...onTools, ...notes]) {
        expect(hit.detail.length).toBeGreaterThan(5);
        expect(hit.evidence.length).toBeGreaterThan(0);
        expect(hit.confidence).toBe(rule.confidence);
      }
      // A hit on a tool always points at the tools/list frame or the handshake that decided it.
      for (const hit of onTools) expect(hit.evidence.every((s) => s > 0)).toBe(true);
      if (onTools.length > 0 && rule.condition.kind !== 'capability' && rule.condition.kind !== 'oauth-challenge') expect(onTools.some((h) => h.evidence.some((s) => seqs.has(s)))).toBe(true);
    });

    it('does not fire on its passing reply', () => {
      const { onTools, notes } = hitsOf(fixture.passes, id);
      expect([...onTools, ...notes]).toEqual([]);
    });
  });
});

describe('what the engine concludes from the hits', () => {
  it('a list-emptying tool costs the client every tool, each cell naming the tool to blame', () => {
    const { clients } = diagnose(inspectorCapture({ tools: [plainTool('a'), plainTool('b', { inputSchema: rootAnyOf }), plainTool('c')] }));
    const column = clients.clients.find((c) => c.client === 'claude-code');
    expect(column?.lost).toBe(3);
    expect(clients.rows.map((r) => r.cells['claude-code']?.state)).toEqual(['dropped', 'dropped', 'dropped']);
    expect(clients.rows[0]?.cells['claude-code']?.hits.find((h) => h.rule === 'claude-code.top-level-combinator')?.detail).toMatch(/because of `b`/);
    expect(clients.rows.find((r) => r.tool === 'a')?.cells['claude-connector']?.state).toBe('kept');
    expect(clients.verdict).toMatch(/Claude Code loses all 3 \(claude-code\.top-level-combinator\)/);
  });

  it('a count limit that drops keeps the first tools and drops the rest', () => {
    const { clients } = diagnose(inspectorCapture({ tools: manyTools(42) }));
    const states = clients.rows.map((r) => r.cells.cursor?.state);
    expect(states.slice(0, 40).every((s) => s === 'kept')).toBe(true);
    expect(states.slice(40)).toEqual(['dropped', 'dropped']);
    expect(clients.clients.find((c) => c.client === 'cursor')?.notes.map((h) => h.rule)).toEqual(['cursor.too-many-tools']);
    expect(clients.verdict).toBe('1 client loses tools: Cursor loses 2 of 42 (cursor.too-many-tools).');
  });

  it('renames are "changed", warnings "at risk", and a plain server is kept by every client', () => {
    const { clients } = diagnose(inspectorCapture({ tools: [plainTool('get.weather')] }));
    const cells = clients.rows[0]?.cells;
    expect(cells?.['gemini-cli']?.state).toBe('changed');
    expect(cells?.['openai-responses']?.state).toBe('at-risk');
    expect(cells?.['openai-agents-sdk']?.state).toBe('dropped');
    const plain = diagnose(inspectorCapture({ tools: [plainTool()] })).clients;
    expect(plain.rows[0]?.cells['openai-responses']?.state).toBe('kept');
    expect(plain.verdict).toBe('Every client in the rulebook keeps all 1 tool; Claude Code, Gemini CLI rename or may refuse some.');
  });
});
