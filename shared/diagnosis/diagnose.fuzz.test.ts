import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../capture/envelope';
import { diagnose } from './diagnose';
import { FINDING_IDS } from './finding-ids';

const SEED = 8675309;

/** Schemas a careless or hostile server may publish: deep, cyclic, with bad or slow patterns. */
const deepSchema = (depth: number): unknown => {
  let schema: unknown = { type: 'string' };
  for (let i = 0; i < depth; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
};
const schema = fc.oneof(
  fc.constant({ type: 'object', properties: {} }),
  fc.integer({ min: 1, max: 300 }).map(deepSchema),
  fc.constantFrom<unknown>(
    { $ref: '#' }, { $ref: '#/definitions/missing' }, { type: 'object', properties: { p: { type: 'string', pattern: '(' } } },
    { type: 'object', properties: { p: { type: 'string', pattern: '(a+)+$' } } }, { type: 'array' }, { type: ['object', 'null'] },
    null, 'object', [], { $id: 'javascript:alert(1)' }, { type: 'object', required: [5] },
  ),
  fc.object({ maxDepth: 3 }),
);
const toolName = fc.oneof(
  fc.constantFrom('lookup', 'lookup', 'get-patient', '<img src=x onerror=window.__pwned=1>', '"><script>window.__pwned=1</script>', '', ' ', 'a'.repeat(300), '\u0000', '\uD800'),
  fc.string({ maxLength: 12 }),
);
const tool = fc.record({
  name: fc.oneof({ weight: 9, arbitrary: toolName }, { weight: 1, arbitrary: fc.constantFrom<unknown>(5, null, {}) }),
  description: fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 200_000 }).map((n) => 'd'.repeat(n)), fc.constant<unknown>({})),
  inputSchema: schema,
}, { requiredKeys: ['name'] });
const tools = fc.array(tool, { maxLength: 12 });
// As text: nesting this deep is past what JSON.stringify itself can print.
const deepCapabilities = fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('x', 'sampling', 'roots'))
  .map(([depth, name]) => `{"${name}":${'{"x":'.repeat(depth)}{}${'}'.repeat(depth)}}`);

/** One run of three lanes, each listing its own (fuzzed) tools the way that lane delivers them. */
const run = fc.record({ inspector: tools, playground: tools, realtime: tools, capabilities: deepCapabilities, cursor: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }) })
  .map(({ inspector, playground, realtime, capabilities, cursor }) => {
    const list: Omit<Envelope, 'seq' | 't'>[] = [
      { lane: 'inspector', conn: 'i', layer: 'jsonrpc', dir: 'out', raw: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: 'CAPS', clientInfo: { name: 'x', version: '1' } } }).replace('"CAPS"', capabilities) },
      { lane: 'inspector', conn: 'i', layer: 'jsonrpc', dir: 'in', raw: JSON.stringify({ jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-06-18', capabilities: { tools: 'CAPS' }, serverInfo: { name: 's', version: '1' } } }).replace('"CAPS"', capabilities) },
      { lane: 'inspector', conn: 'i', layer: 'jsonrpc', dir: 'out', raw: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: cursor === undefined ? {} : { cursor } }) },
      { lane: 'inspector', conn: 'i', layer: 'jsonrpc', dir: 'in', raw: JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: inspector, ...(cursor === undefined ? {} : { nextCursor: cursor }) } }) },
      // OpenAI's connector as the recording proxy saw it.
      { lane: 'server', conn: 's', layer: 'jsonrpc', dir: 'out', raw: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: 'CAPS', clientInfo: { name: 'openai-mcp', version: '1' } } }).replace('"CAPS"', capabilities) },
      { lane: 'playground', conn: 'p', layer: 'sse', dir: 'in', raw: `event: response.output_item.done\ndata: ${JSON.stringify({ type: 'response.output_item.done', item: { type: 'mcp_list_tools', server_label: 'x', tools: playground.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })) } })}\n\n`, link: { exchange: 'p1' } },
      { lane: 'realtime', conn: 'r', layer: 'ws', dir: 'in', raw: JSON.stringify({ type: 'mcp_list_tools.completed', event_id: 'e1', item_id: 'it' }), ws: { kind: 'text' } },
      { lane: 'realtime', conn: 'r', layer: 'ws', dir: 'in', raw: JSON.stringify({ type: 'conversation.item.done', event_id: 'e2', item: { id: 'it', type: 'mcp_list_tools', server_label: 'x', tools: realtime.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })) } }), ws: { kind: 'text' } },
    ];
    return list.map((fields, index): Envelope => ({ ...fields, seq: index + 1, t: index }));
  });

describe('diagnosis under fuzzing', () => {
  it('diagnoses hostile tool lists in every lane without throwing, every finding explained with real evidence', () => {
    fc.assert(fc.property(run, (envelopes) => {
      const diagnosis = diagnose(envelopes);
      const seqs = new Set(envelopes.map((e) => e.seq));
      expect(diagnosis.verdict.length).toBeGreaterThan(0);
      expect(diagnosis.findings.filter((f) => f.id === 'diagnosis.rule-failed')).toEqual([]);
      for (const finding of diagnosis.findings) {
        expect(FINDING_IDS).toContain(finding.id);
        expect(finding.title.length).toBeGreaterThan(0);
        expect(finding.detail.length).toBeGreaterThan(0);
        for (const seq of finding.evidence) expect(seqs.has(seq)).toBe(true);
      }
    }), { seed: SEED, numRuns: 60 });
  });
});
