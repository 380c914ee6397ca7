import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeInLineOrder, parseEnvelopeLine, RAW_KEY, serializeEnvelope } from './capture-lines';
import { CAPTURE_VERSION, Envelope } from './envelope';
import { envelopes } from './test-envelope-arbitrary';

const SEED = 4242;
const schemaKeys = Object.keys(Envelope.shape);
/** Where each key goes on a line: the schema's order, raw moved last. */
const lineKeys = [...schemaKeys.filter((key) => key !== 'raw'), 'raw'];

/** The reference the writer must match: JSON.stringify of the schema's fields in line order. */
function referenceLine(envelope: Envelope): string {
  const record = envelope as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(lineKeys.map((key) => [key, record[key]])));
}

describe('envelope lines under fuzzing', () => {
  it('are exactly JSON.stringify of the schema fields in order, raw last, and parse back to the same envelope', () => {
    fc.assert(fc.property(envelopes, (envelope) => {
      const line = serializeEnvelope(envelope);
      expect(line).toBe(referenceLine(envelope));
      expect(line.endsWith(`,${RAW_KEY.slice(0, -1)}${JSON.stringify(envelope.raw)}}`)).toBe(true);
      expect(line).not.toContain('\n');
      expect(parseEnvelopeLine(line, CAPTURE_VERSION)).toEqual({ ok: true, envelope });
    }), { seed: SEED, numRuns: 400 });
  });

  it('builds envelopes with only the fields that are set, in line order', () => {
    fc.assert(fc.property(envelopes, (envelope) => {
      const built = envelopeInLineOrder(envelope, envelope.seq, envelope.t);
      expect(built).toEqual(envelope);
      const keys = Object.keys(built);
      expect(keys).toEqual(lineKeys.filter((key) => (envelope as Record<string, unknown>)[key] !== undefined));
      expect(Object.values(built)).not.toContain(undefined);
    }), { seed: SEED + 1, numRuns: 400 });
  });
});

describe('envelope line writer', () => {
  it('writes every field of the schema', () => {
    // Required<Envelope>: a field added to the schema fails to compile here until it is added, and
    // then fails this test until envelopeInLineOrder writes it.
    const full: Required<Envelope> = {
      seq: 7, t: 1.5, lane: 'realtime', conn: 'r', layer: 'ws', dir: 'in', raw: 'x', encoding: 'base64', size: 1,
      http: { exchange: 'e', phase: 'body' }, ws: { kind: 'binary' }, link: { carrier: 2 },
      incomplete: true, truncated: false, redacted: true, large: false, clip: { head: 0, sha256: '0'.repeat(64) },
    };
    expect(Object.keys(envelopeInLineOrder(full, full.seq, full.t))).toEqual(lineKeys);
    expect(Object.keys(full).sort()).toEqual([...schemaKeys].sort());
  });

  it('leaves out keys the schema does not have, as readers would drop them', () => {
    const fields = { lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'out', raw: '{}', note: 'not a field' } as const;
    expect(envelopeInLineOrder(fields, 1, 2)).toEqual({ seq: 1, t: 2, lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'out', raw: '{}' });
    expect(serializeEnvelope({ ...fields, seq: 1, t: 2 })).toBe('{"seq":1,"t":2,"lane":"inspector","conn":"c","layer":"jsonrpc","dir":"out","raw":"{}"}');
  });
});
