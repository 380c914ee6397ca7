import { describe, expect, it } from 'vitest';
import { toolConditionHolds, type ServerReply } from './conditions';

const reply: ServerReply = { tools: [], toolsEvidence: [1], serverName: 'srv' };
const tool = (raw: Record<string, unknown>) => ({ name: String(raw.name ?? 't'), raw, seq: 4 });

describe('toolConditionHolds', () => {
  it('finds $ref and $defs where FastMCP puts them and names the path', () => {
    const schema = {
      type: 'object',
      properties: { request: { $ref: '#/$defs/Req' }, limit: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null } },
    };
    expect(toolConditionHolds({ kind: 'schema-keyword', keywords: ['$ref'], where: 'anywhere' }, tool({ inputSchema: schema }), reply)).toBe('inputSchema uses $ref at /inputSchema/properties/request');
    expect(toolConditionHolds({ kind: 'schema-nullable', form: 'anyOf' }, tool({ inputSchema: schema }), reply)).toBe('/inputSchema/properties/limit is nullable as anyOf [..., {type:"null"}]');
    expect(toolConditionHolds({ kind: 'schema-keyword', keywords: ['anyOf'], where: 'root' }, tool({ inputSchema: schema }), reply)).toBeUndefined();
  });

  it('walks a schema nested deeper than its limit without throwing', () => {
    let deep: Record<string, unknown> = { $ref: '#/x' };
    for (let i = 0; i < 500; i++) deep = { type: 'object', properties: { child: deep } };
    expect(toolConditionHolds({ kind: 'schema-keyword', keywords: ['$ref'], where: 'anywhere' }, tool({ inputSchema: deep }), reply)).toBeUndefined();
  });

  it('builds client names from the template with the configured server name', () => {
    const name = 'x'.repeat(50);
    expect(toolConditionHolds({ kind: 'name-longer-than', max: 60, template: '{server}{tool}' }, tool({ name }), reply)).toBeUndefined();
    expect(toolConditionHolds({ kind: 'name-longer-than', max: 60, template: '{server}{tool}' }, tool({ name }), { ...reply, serverName: 'a-long-server-name' })).toMatch(/is 68 characters, over 60/);
  });

  it('reads null and absent descriptions alike, and ignores descriptions that are not strings for length', () => {
    expect(toolConditionHolds({ kind: 'description-missing' }, tool({ description: null }), reply)).toBe('the tool has no description');
    expect(toolConditionHolds({ kind: 'description-longer-than', max: 3 }, tool({ description: 12345 }), reply)).toBeUndefined();
  });
});
