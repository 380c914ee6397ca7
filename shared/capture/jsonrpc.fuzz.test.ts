import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyJsonRpc } from './jsonrpc';
import { pairJsonRpc } from './pairing';
import type { Envelope } from './envelope';

const SEED = 1207;

/** Nesting deep enough to overflow a recursive printer, as a hostile server can send it. */
const deeplyNested = fc.integer({ min: 5_000, max: 20_000 }).chain((depth) => fc.constantFrom(
  `${'['.repeat(depth)}${']'.repeat(depth)}`,
  `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
));
const idValue = fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant('null'), fc.constant('true'), fc.constant('{}'), fc.constant('[1]'), fc.double().map(String), deeplyNested);
/** Text shaped like JSON-RPC, with every member optional, mistyped or hostile. */
const messageText = fc.record({
  jsonrpc: fc.option(fc.oneof(fc.constant('"2.0"'), fc.constant('"1.0"'), fc.constant('2'), deeplyNested), { nil: undefined }),
  id: fc.option(idValue, { nil: undefined }),
  method: fc.option(fc.oneof(fc.constantFrom('"tools/list"', '"initialize"', '5', 'null'), fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s))), { nil: undefined }),
  result: fc.option(fc.oneof(fc.constant('{}'), fc.constant('{"tools":[]}'), deeplyNested), { nil: undefined }),
  error: fc.option(fc.constantFrom('{"code":-32601,"message":"x"}', 'null', '{"code":"x"}', '7'), { nil: undefined }),
}).map((fields) => `{${Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `"${k}":${v}`).join(',')}}`);
const rawFrame = fc.oneof(
  messageText,
  fc.array(messageText, { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  fc.json(),
  fc.string({ maxLength: 40 }),
  deeplyNested,
  fc.constantFrom('', '[]', 'null', '"2.0"', '{', '\uFEFF{}', '{"jsonrpc":"2.0","id":1,"result":{},"error":{}}'),
);

describe('JSON-RPC framing under fuzzing', () => {
  it('classifies any text without throwing, and every invalid message says why in a short reason', () => {
    fc.assert(fc.property(rawFrame, (raw) => {
      const messages = classifyJsonRpc(raw);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) {
        if (message.kind !== 'invalid') continue;
        expect(message.reason.length).toBeGreaterThan(0);
        expect(message.reason.length).toBeLessThan(400);
      }
    }), { seed: SEED, numRuns: 500 });
  });

  it('pairs any sequence of frames: every response is paired or an orphan, every bad frame listed', () => {
    const frame = fc.record({ raw: rawFrame, dir: fc.constantFrom('in' as const, 'out' as const), conn: fc.constantFrom('a', 'b') });
    fc.assert(fc.property(fc.array(frame, { maxLength: 30 }), (frames) => {
      const envelopes: Envelope[] = frames.map((f, i) => ({ seq: i + 1, t: i, lane: 'inspector', conn: f.conn, layer: 'jsonrpc', dir: f.dir, raw: f.raw }));
      const result = pairJsonRpc(envelopes);
      const messages = envelopes.flatMap((e) => classifyJsonRpc(e.raw));
      const answered = result.exchanges.filter((e) => e.responseSeq !== undefined).length;
      expect(answered + result.orphanResponses.length).toBe(messages.filter((m) => m.kind === 'response').length);
      expect(result.exchanges.length + result.duplicateRequests.length).toBe(messages.filter((m) => m.kind === 'request').length);
      expect(result.invalid.length).toBe(messages.filter((m) => m.kind === 'invalid').length);
      for (const exchange of result.exchanges) if (exchange.responseSeq !== undefined) expect(exchange.responseSeq).toBeGreaterThan(exchange.requestSeq);
    }), { seed: SEED + 1, numRuns: 120 });
  });
});
