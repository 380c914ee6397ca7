import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { compileFilter, parseFilter } from '../../shared/frames/filter';
import { FrameStore } from './frame-store';

const SEED = 5151;

/** Few distinct values, so rows share shapes and the store's per-shape verdicts are exercised. */
const envelope = fc.record({
  seq: fc.integer({ min: 1, max: 60 }),
  lane: fc.constantFrom('inspector' as const, 'playground' as const, 'realtime' as const),
  conn: fc.constantFrom('c1', 'c2'),
  dir: fc.constantFrom('in' as const, 'out' as const),
  raw: fc.constantFrom(
    '{"jsonrpc":"2.0","id":1,"method":"tools/list"}', '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"get_patient"}]}}',
    '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo"}}', '{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"nope"}}',
    '{"jsonrpc":"2.0","method":"notifications/initialized"}', 'not json at all', '{"id":3}',
  ),
}).map((fields): Envelope => ({ t: fields.seq * 10, layer: 'jsonrpc', ...fields }));

const filter = fc.array(fc.constantFrom(
  'lane:realtime', '-lane:inspector', 'dir:in', 'method:tools', 'tool:echo', 'status:error', 'status:ok', 'kind:invalid', 'kind:response',
  'conn:c2', 'seq:5-30', '-seq:7', 'patient', '/"id":\\d,"error"/', '-result', 'list',
), { maxLength: 3 }).map((tokens) => tokens.join(' '));

describe('FrameStore filtered views under fuzzing', () => {
  it('match exactly the rows the plain matcher keeps, in order, whatever the seq order', async () => {
    await fc.assert(fc.asyncProperty(fc.array(envelope, { minLength: 1, maxLength: 40 }), filter, async (envelopes, text) => {
      const bodies = new Map<number, string>();
      const store = new FrameStore(async (seqs) => seqs.map((seq) => bodies.get(seq)));
      for (const env of envelopes) {
        if (!bodies.has(env.seq)) bodies.set(env.seq, env.raw);
        store.append(env);
      }
      const all = (await store.page('', 0, envelopes.length)).rows;
      const matcher = compileFilter(parseFilter(text));
      const expected = all.filter((row) => matcher(row, bodies.get(row.seq))).map((row) => row.seq);
      const page = await store.page(text, 0, envelopes.length);
      expect(page.rows.map((row) => row.seq)).toEqual(expected);
      expect(page.matched).toBe(expected.length);
    }), { seed: SEED, numRuns: 150 });
  });
});
