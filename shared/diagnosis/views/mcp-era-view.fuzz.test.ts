import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Envelope, LaneId } from '../../capture/envelope';
import { awkwardText } from '../../capture/test-envelope-arbitrary';
import { eraFieldsOf } from '../../frames/era-fields';
import { valueNestingDepth } from '../../json/nesting-depth';
import { isKnownRevision, KNOWN_REVISIONS } from '../../lanes/protocol-revision';
import { buildEraView, META_KEYS } from './mcp-era-view';

const SEED = 20260728;
const MCP_LANES: readonly LaneId[] = ['inspector', 'era', 'server'];
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Nesting deep enough to overflow a recursive printer, as a hostile client can send it: generated
 * as a stand-in string and spliced into the frame's text, since the test's own JSON.stringify and
 * comparisons would overflow on the value itself.
 */
const DEEP = '\u0000deep:';
const deep = fc.integer({ min: 5_000, max: 20_000 }).map((depth) => `${DEEP}${depth}`);
const deepDepth = (value: unknown): number | undefined => (typeof value === 'string' && value.startsWith(DEEP) ? Number(value.slice(DEEP.length)) : undefined);
/** The value as the parser sees it, for type checks: a deep stand-in is an array. */
const onWire = (value: unknown): unknown => (deepDepth(value) === undefined ? value : []);
const wireText = (message: unknown): string => JSON.stringify(message).replace(/"\\u0000deep:(\d+)"/g, (_, n: string) => `${'['.repeat(Number(n))}${']'.repeat(Number(n))}`);
/** What a request may put under a _meta key: a revision, a near miss, any JSON, or nesting too deep to print. */
const metaValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...KNOWN_REVISIONS, '2026-07-29', '2026-7-28', ' 2026-07-28', '', 20260728, null, true, {}, []) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: awkwardText(12) },
  { weight: 1, arbitrary: deep },
);
/** `params._meta`: absent, an object with any of the three keys and others, or not an object at all. */
const meta = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.record({
    [META_KEYS.protocolVersion]: metaValue, [META_KEYS.clientCapabilities]: metaValue, [META_KEYS.clientInfo]: metaValue,
    progressToken: fc.integer(), 'io.modelcontextprotocol/other': metaValue,
  }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom<unknown>(null, 'x', 0, false, [], [{}]), deep) },
);
const request = fc.record({
  id: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom('a', 'b')),
  method: fc.constantFrom('tools/list', 'tools/call', 'server/discover', 'initialize', 'resources/read'),
  meta,
  params: fc.constantFrom('object', 'absent', 'array', 'null'),
});
const header = fc.tuple(fc.constantFrom('MCP-Protocol-Version', 'mcp-protocol-version', 'Mcp-Method', 'MCP-NAME', 'mcp-session-id', 'content-type'), fc.oneof(fc.constantFrom(...KNOWN_REVISIONS, 'tools/list'), awkwardText(8)));
const frame = fc.record({
  lane: fc.constantFrom<LaneId>('inspector', 'era', 'server', 'playground'),
  dir: fc.constantFrom('out' as const, 'in' as const),
  request,
  headers: fc.option(fc.array(header, { maxLength: 4 }), { nil: undefined }),
});

type Frame = { lane: LaneId; dir: 'out' | 'in'; request: { id: number | string; method: string; meta: unknown; params: string }; headers: [string, string][] | undefined };

function messageOf(r: Frame['request']): Record<string, unknown> {
  const params = r.params === 'object' ? { name: 'x', ...(r.meta !== undefined ? { _meta: r.meta } : {}) } : r.params === 'array' ? [r.meta] : r.params === 'null' ? null : undefined;
  return { jsonrpc: '2.0', id: r.id, method: r.method, ...(params !== undefined ? { params } : {}) };
}

/** Each frame as its jsonrpc envelope, after the HTTP request that carried it when it has headers. */
function envelopesOf(frames: readonly Frame[]): { envelopes: Envelope[]; jsonSeqs: number[] } {
  const envelopes: Envelope[] = [];
  const jsonSeqs: number[] = [];
  frames.forEach((f, i) => {
    const exchange = `x${i}`;
    if (f.headers) envelopes.push({ seq: envelopes.length + 1, t: i, lane: f.lane, conn: 'c', layer: 'http', dir: 'out', raw: '', http: { exchange, phase: 'request', method: 'POST', headers: f.headers } });
    envelopes.push({ seq: envelopes.length + 1, t: i, lane: f.lane, conn: 'c', layer: 'jsonrpc', dir: f.dir, raw: wireText(messageOf(f.request)), ...(f.headers ? { link: { exchange } } : {}) });
    jsonSeqs.push(envelopes.length);
  });
  return { envelopes, jsonSeqs };
}

const firstHeader = (headers: [string, string][] | undefined, name: string) => headers?.find(([key]) => key.toLowerCase() === name)?.[1];
const metaOf = (r: Frame['request']): unknown => (r.params === 'object' ? onWire(r.meta) : undefined);

describe('the MCP era view reading per-request _meta under fuzzing', () => {
  it('reads every request, its _meta and the headers of the HTTP request that carried it, exactly', () => {
    fc.assert(fc.property(fc.array(frame, { minLength: 1, maxLength: 8 }), (frames) => {
      const { envelopes, jsonSeqs } = envelopesOf(frames);
      const view = buildEraView(envelopes);
      const expected = frames.map((f, i) => ({ f, seq: jsonSeqs[i] as number })).filter(({ f }) => MCP_LANES.includes(f.lane));
      expect(view.requests.map((r) => r.seq)).toEqual(expected.map((e) => e.seq));
      view.requests.forEach((r, i) => {
        const { f } = expected[i] as { f: Frame };
        const m = metaOf(f.request);
        expect(r).toMatchObject({ lane: f.lane, dir: f.dir, method: f.request.method });
        expect(r.hasMeta).toBe(isRecord(m));
        if (m !== undefined && !isRecord(m)) expect(r.metaMalformed).toMatch(m === null ? /is null, not an object/ : Array.isArray(m) ? /is an array, not an object/ : new RegExp(`is a ${typeof m}, not an object`));
        else expect(r.metaMalformed).toBeUndefined();
        if (isRecord(m) && META_KEYS.protocolVersion in m) {
          const sent = m[META_KEYS.protocolVersion];
          const depth = deepDepth(sent);
          if (depth === undefined) expect(r.metaVersion).toEqual(sent);
          else expect(Array.isArray(r.metaVersion) && valueNestingDepth(r.metaVersion)).toBe(depth);
        }
        else expect('metaVersion' in r).toBe(false);
        expect(r.headerVersion).toBe(firstHeader(f.headers, 'mcp-protocol-version'));
        expect(r.headerMethod).toBe(firstHeader(f.headers, 'mcp-method'));
        expect(r.headerName).toBe(firstHeader(f.headers, 'mcp-name'));
        expect(r.httpSeq).toBe(f.headers ? r.seq - 1 : undefined);
      });
    }), { seed: SEED, numRuns: 120 });
  });

  it('explains each _meta key a frame carries, flagging exactly the versions no revision names', () => {
    fc.assert(fc.property(frame, (f) => {
      const { envelopes } = envelopesOf([{ ...f, dir: 'out' }]);
      const envelope = envelopes[envelopes.length - 1] as Envelope;
      const fields = eraFieldsOf(envelope, f.headers ? envelopes[0] : undefined);
      const m = metaOf(f.request);
      const metaFields = fields.filter((field) => field.name.startsWith('_meta[') || field.name === 'params._meta');
      if (m === undefined) expect(metaFields).toEqual([]);
      else if (!isRecord(m)) expect(metaFields).toEqual([expect.objectContaining({ name: 'params._meta', problem: 'must be an object' })]);
      else {
        expect(metaFields.map((field) => field.name)).toEqual(Object.values(META_KEYS).filter((key) => key in m).map((key) => `_meta["${key}"]`));
        const version = metaFields.find((field) => field.name.includes('protocolVersion'));
        if (version) {
          const value = onWire(m[META_KEYS.protocolVersion]);
          expect(version.problem === undefined).toBe(typeof value === 'string' && isKnownRevision(value));
        }
      }
      for (const field of fields) expect(field.value.length).toBeLessThanOrEqual(400);
      // The header that contradicts a string _meta version is flagged; one that agrees is not.
      const sent = firstHeader(f.headers, 'mcp-protocol-version');
      const bodyVersion = isRecord(m) ? onWire(m[META_KEYS.protocolVersion]) : undefined;
      const headerField = fields.find((field) => field.name === 'MCP-Protocol-Version');
      expect(headerField?.value).toBe(sent);
      if (headerField) expect(headerField.problem !== undefined).toBe(typeof bodyVersion === 'string' && bodyVersion !== sent);
    }), { seed: SEED + 1, numRuns: 200 });
  });

  it('never throws on frames that are not JSON-RPC, are cut, or nest too deep', () => {
    const raw = fc.oneof(
      frame.map((f) => wireText(messageOf(f.request))).chain((text) => fc.nat({ max: text.length }).map((cut) => text.slice(0, cut))),
      fc.json({ maxDepth: 3 }),
      awkwardText(40),
      fc.integer({ min: 5_000, max: 20_000 }).map((d) => `{"jsonrpc":"2.0","id":1,"method":"x","params":{"_meta":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}}`),
    );
    fc.assert(fc.property(fc.array(fc.tuple(raw, fc.constantFrom('jsonrpc' as const, 'sse' as const, 'http' as const)), { minLength: 1, maxLength: 6 }), (frames) => {
      const envelopes: Envelope[] = frames.map(([text, layer], i) => ({ seq: i + 1, t: i, lane: 'inspector', conn: 'c', layer, dir: 'out', raw: layer === 'sse' ? `data: ${text}\n\n` : text }));
      buildEraView(envelopes);
      for (const envelope of envelopes) eraFieldsOf(envelope, envelope);
    }), { seed: SEED + 2, numRuns: 80 });
  });
});
