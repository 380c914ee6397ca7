import { describe, expect, it } from 'vitest';
import { openAiToolRisks } from './openai-risks';

const codes = (raw: unknown) => openAiToolRisks(raw).map((i) => `${i.code}:${i.path}`);

describe('openAiToolRisks', () => {
  it('a plain tool has none', () => {
    expect(codes({ name: 'echo', description: 'Echo.', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } })).toEqual([]);
  });

  it('finds $ref, $defs and nullable anyOf where FastMCP puts them, once per kind', () => {
    const schema = {
      type: 'object',
      $defs: { Req: { type: 'object', properties: { when: { anyOf: [{ type: 'string' }, { type: 'null' }] } } } },
      properties: { request: { $ref: '#/$defs/Req' }, limit: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null } },
    };
    expect(codes({ name: 't', inputSchema: schema })).toEqual([
      'schema-defs:/inputSchema/$defs',
      'schema-ref:/inputSchema/properties/request/$ref',
      'schema-nullable-anyof:/inputSchema/properties/limit/anyOf',
    ]);
  });

  it('a description over 1024 characters, and a schema nested deeper than the walk goes, without throwing', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 500; i++) deep = { type: 'object', properties: { child: deep } };
    expect(codes({ name: 't', description: 'x'.repeat(1025), inputSchema: deep })).toEqual(['description-huge:/description']);
  });
});
