import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Envelope } from './envelope';
import { checkEnvelope } from './envelope-validator';
import { envelopes } from './test-envelope-arbitrary';

const SEED = 2424;

/** What the zod schema says of a value: the stripped envelope, or that it is invalid. */
function byZod(value: unknown): Envelope | 'invalid' {
  const checked = Envelope.safeParse(value);
  return checked.success ? checked.data : 'invalid';
}

/** What the compiled validator says of the same value, on its own copy (it strips keys in place). */
function byCompiled(value: unknown): Envelope | 'invalid' {
  return checkEnvelope(structuredClone(value)) ?? 'invalid';
}

type Json = Record<string, unknown>;
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const clip = fc.record({
  head: fc.nat(),
  sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
  file: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
}, { requiredKeys: ['head', 'sha256'] });

/** Valid envelopes, some with a clip, as a reader gets them: through JSON text. */
const validEnvelopes = fc.tuple(envelopes, fc.option(clip, { nil: undefined }))
  .map(([envelope, maybeClip]) => asJson(maybeClip ? { ...envelope, clip: maybeClip } : envelope) as Json);

/** Values where the schema's edges are: wrong types, integers past 2^53, fractions, negatives, Infinity (JSON.parse of 1e400). */
const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1, 1.5, -0, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, '', 'text', 'in', 'http', 'base64', 'a'.repeat(64), 'f'.repeat(64), 'F'.repeat(64), true, false, null, [], {}, ['a'], ['a', 'b'], ['a', 'b', 'c'], [['a', 'b']], [['a', 1]], [['a']]),
  fc.jsonValue({ maxDepth: 2 }),
);

const NESTED = ['http', 'ws', 'link', 'clip'] as const;
const knownKeys = Object.keys(Envelope.shape);
const nestedKeys: Record<(typeof NESTED)[number], string[]> = {
  http: ['exchange', 'phase', 'method', 'url', 'status', 'statusText', 'headers', 'elapsed'],
  ws: ['kind', 'code'],
  link: ['exchange', 'carrier'],
  clip: ['head', 'sha256', 'file'],
};

/** One damage to an envelope: a field (top level or nested) set to an edge value, deleted, or an unknown key added. */
const damage = fc.record({
  where: fc.constantFrom<'top' | (typeof NESTED)[number]>('top', ...NESTED),
  key: fc.oneof(fc.constantFrom(...knownKeys, ...Object.values(nestedKeys).flat()), fc.constantFrom('extra', '__proto__', 'constructor', 'toString')),
  action: fc.constantFrom('set', 'delete'),
  value: edgeValue,
});

function damaged(envelope: Json, damages: readonly { where: string; key: string; action: string; value: unknown }[]): Json {
  const copy = structuredClone(envelope);
  for (const { where, key, action, value } of damages) {
    let target: Json = copy;
    if (where !== 'top') {
      const inner = copy[where];
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) target = inner as Json;
      else {
        target = {};
        copy[where] = target;
      }
    }
    if (action === 'delete') Reflect.deleteProperty(target, key);
    else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

describe('the compiled envelope validator', () => {
  it('accepts every valid envelope and returns what zod returns', () => {
    fc.assert(fc.property(validEnvelopes, (envelope) => {
      const zod = byZod(envelope);
      expect(zod).not.toBe('invalid');
      expect(byCompiled(envelope)).toEqual(zod);
    }), { seed: SEED, numRuns: 500 });
  });

  it('agrees with zod on damaged envelopes: the same verdict, and the same envelope when valid', () => {
    let rejected = 0;
    let accepted = 0;
    fc.assert(fc.property(validEnvelopes, fc.array(damage, { minLength: 1, maxLength: 3 }), (envelope, damages) => {
      const value = damaged(envelope, damages);
      const zod = byZod(value);
      if (zod === 'invalid') rejected++;
      else accepted++;
      expect(byCompiled(value)).toEqual(zod);
    }), { seed: SEED, numRuns: 3000 });
    // Both sides of the property were exercised, not only one.
    expect(rejected).toBeGreaterThan(500);
    expect(accepted).toBeGreaterThan(200);
  });

  it('agrees with zod on values that are not envelope-shaped at all', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
      expect(byCompiled(value)).toEqual(byZod(value));
    }), { seed: SEED, numRuns: 300 });
  });

  it('drops unknown keys at every level, as zod does', () => {
    const value = { seq: 1, t: 2, lane: 'server', conn: 'c', layer: 'http', dir: 'in', raw: '', extra: 1, http: { exchange: 'x', phase: 'end', more: true }, link: { other: 'y' } };
    expect(checkEnvelope(structuredClone(value))).toEqual({ seq: 1, t: 2, lane: 'server', conn: 'c', layer: 'http', dir: 'in', raw: '', http: { exchange: 'x', phase: 'end' }, link: {} });
    expect(byCompiled(value)).toEqual(byZod(value));
  });
});
