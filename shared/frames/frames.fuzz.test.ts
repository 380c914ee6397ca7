import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Envelope, LaneId, Layer } from '../capture/envelope';
import { compileFilter, FILTER_FIELDS, parseFilter } from './filter';
import { FrameSummary, summarizeEnvelope } from './summary';

const SEED = 4242;

const deeplyNested = fc.integer({ min: 5_000, max: 20_000 }).map((depth) => `{"jsonrpc":"2.0","id":${'['.repeat(depth)}${']'.repeat(depth)}}`);
const raw = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.json(),
  deeplyNested,
  fc.constantFrom(
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":{"x":1}}}',
    '{"type":"conversation.item.done","item":{"type":"mcp_call","name":"<img src=x onerror=alert(1)>"}}',
    'event: \ndata: {"type":5}\n\n', ':\r\r', '[{"jsonrpc":"2.0","method":"a"},7]', '{"kind":"step","level":"error","detail":{}}',
  ),
);
const envelope = fc.record({
  lane: fc.constantFrom(...LaneId.options),
  layer: fc.constantFrom(...Layer.options),
  dir: fc.constantFrom('in' as const, 'out' as const),
  raw,
  http: fc.option(fc.record({
    exchange: fc.string({ maxLength: 4 }),
    phase: fc.constantFrom('request' as const, 'response' as const, 'body' as const, 'end' as const, 'error' as const),
    url: fc.option(fc.oneof(fc.webUrl(), fc.string({ maxLength: 10 })), { nil: undefined }),
    status: fc.option(fc.integer({ min: -1, max: 999 }), { nil: undefined }),
  }, { requiredKeys: ['exchange', 'phase'] }), { nil: undefined }),
  ws: fc.option(fc.record({ kind: fc.constantFrom('text' as const, 'binary' as const, 'close' as const), code: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }) }, { requiredKeys: ['kind'] }), { nil: undefined }),
  incomplete: fc.option(fc.boolean(), { nil: undefined }),
}).map((fields): Envelope => Envelope.parse(JSON.parse(JSON.stringify({ seq: 1, t: 1, conn: 'c', ...fields }))));

/** Filter input as a user (or a paste of hostile text) may type it. */
const filterToken = fc.oneof(
  fc.constantFrom(...FILTER_FIELDS).chain((field) => fc.tuple(fc.boolean(), fc.string({ maxLength: 8 })).map(([neg, value]) => `${neg ? '-' : ''}${field}:${value}`)),
  fc.constantFrom('/(/', '/a/zz', '/[/', '-/x/i', 'seq:5-', 'seq:-', 'seq:99999999999999999999-1', 'status:4xx', 'kind:invalid', '"unterminated', 'nope:x', '-', ':', 'lane:', '""'),
  fc.string({ maxLength: 10 }),
);
const filterText = fc.array(filterToken, { maxLength: 6 }).map((tokens) => tokens.join(' '));

describe('frame summaries and the filter language under fuzzing', () => {
  it('summarises any envelope into a valid row without throwing', () => {
    fc.assert(fc.property(envelope, (env) => {
      expect(FrameSummary.safeParse(summarizeEnvelope(env)).success).toBe(true);
    }), { seed: SEED, numRuns: 500 });
  });

  it('parses any filter text; every rejected token is named in a message, and the matcher never throws', () => {
    fc.assert(fc.property(filterText, envelope, fc.option(fc.string({ maxLength: 30 }), { nil: undefined }), (text, env, body) => {
      const parsed = parseFilter(text);
      for (const error of parsed.errors) expect(error).toMatch(/\S{3}/);
      const matches = compileFilter(parsed)(summarizeEnvelope(env), body);
      expect(typeof matches).toBe('boolean');
    }), { seed: SEED + 1, numRuns: 500 });
  });

  it('an empty filter keeps every row', () => {
    fc.assert(fc.property(envelope, (env) => {
      expect(compileFilter(parseFilter(''))(summarizeEnvelope(env))).toBe(true);
    }), { seed: SEED + 2, numRuns: 100 });
  });
});
