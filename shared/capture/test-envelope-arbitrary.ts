import fc from 'fast-check';
import { Direction, Envelope, HttpMeta, LaneId, Layer, WsMeta } from './envelope';

/**
 * fast-check arbitraries for envelopes of every shape the schema allows, for property tests of
 * the capture writer and readers. Lives beside the code it serves; not imported by anything
 * outside tests.
 */

/** Text with what JSON has to escape or encode: quotes, backslashes, controls, U+2028, astral and lone surrogates. */
export const awkwardText = (maxLength: number) => fc.string({
  maxLength,
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('a', 'z', ' ', '{', '"', '\\', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', 'é', '\u2028', '\u{1F600}', '\uD800', '\uDFFF') },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)) },
  ),
});

/** A finite number that survives JSON: no -0, which JSON writes as 0. */
const jsonNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
).map((n) => (Object.is(n, -0) ? 0 : n));

/** An optional field: absent, present and undefined (as a spread leaves it), or set. */
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

const http = fc.record({
  exchange: awkwardText(8),
  phase: fc.constantFrom(...HttpMeta.shape.phase.options),
  method: optional(fc.constantFrom('GET', 'POST', 'DELETE')),
  url: optional(awkwardText(30)),
  status: optional(fc.integer({ min: 100, max: 599 })),
  statusText: optional(awkwardText(10)),
  headers: optional(fc.array(fc.tuple(awkwardText(10), awkwardText(20)), { maxLength: 4 })),
  elapsed: optional(jsonNumber),
}, { requiredKeys: ['exchange', 'phase'] });

/** What a lane hands a sink: every field but seq and t, each optional one absent, undefined or set. */
export const envelopeFields: fc.Arbitrary<Omit<Envelope, 'seq' | 't'>> = fc.record({
  lane: fc.constantFrom(...LaneId.options),
  conn: awkwardText(6),
  layer: fc.constantFrom(...Layer.options),
  dir: fc.constantFrom(...Direction.options),
  raw: fc.oneof({ weight: 3, arbitrary: awkwardText(200) }, { weight: 1, arbitrary: fc.base64String({ maxLength: 80 }) }),
  encoding: optional(fc.constantFrom(...Envelope.shape.encoding.unwrap().options)),
  size: optional(fc.nat()),
  http: optional(http),
  ws: optional(fc.record({ kind: fc.constantFrom(...WsMeta.shape.kind.options), code: optional(fc.integer({ min: 1000, max: 4999 })) }, { requiredKeys: ['kind'] })),
  link: optional(fc.record({ exchange: optional(awkwardText(8)), carrier: optional(fc.integer({ min: 1, max: 1_000_000 })) }, { requiredKeys: [] })),
  incomplete: optional(fc.boolean()),
  truncated: optional(fc.boolean()),
  redacted: optional(fc.boolean()),
  large: optional(fc.boolean()),
}, { requiredKeys: ['lane', 'conn', 'layer', 'dir', 'raw'] });

/** A whole envelope, as a reader gets it. */
export const envelopes: fc.Arbitrary<Envelope> = fc.tuple(envelopeFields, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), jsonNumber)
  .map(([fields, seq, t]) => ({ ...fields, seq, t }));
