import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Envelope, LaneId, Layer } from '../capture/envelope';
import { diagnose } from './diagnose';

/** Damaged or hostile frames must never throw out of diagnose: they are skipped with a reason. */
const rawText = fc.oneof(
  fc.string(),
  fc.json(),
  fc.constantFrom(
    '{"type":"conversation.item.done","item":{"type":"mcp_list_tools","tools":"nope"}}',
    '{"type":"mcp_list_tools.completed"}',
    '{"type":"error","error":null}',
    '{"jsonrpc":"2.0","id":1,"result":{"tools":[null,1,{"name":5}]}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":{}}}',
    'event: response.output_item.done\ndata: {"item":{"type":"mcp_list_tools","id":1}}\n\n',
    '{"model":"x","tools":[{"type":"mcp","server_label":"a","server_url":"http://[::1"}]}',
  ),
);

const envelopeArb = fc.record({
  lane: fc.constantFrom(...LaneId.options),
  layer: fc.constantFrom(...Layer.options),
  dir: fc.constantFrom('in' as const, 'out' as const),
  raw: rawText,
  phase: fc.constantFrom('request' as const, 'response' as const, 'body' as const, 'end' as const),
  status: fc.constantFrom(101, 200, 401, 404, 405, 424),
});

describe('diagnose on damaged input', () => {
  it('never throws, whatever the frames hold', () => {
    fc.assert(fc.property(fc.array(envelopeArb, { maxLength: 40 }), (items) => {
      const envelopes = items.map((item, index) => Envelope.parse({
        seq: index + 1, t: index, lane: item.lane, conn: 'c', layer: item.layer, dir: item.dir, raw: item.raw,
        ...(item.layer === 'http' ? { http: { exchange: 'x', phase: item.phase, status: item.status, method: 'POST', url: 'http://127.0.0.1/mcp' } } : {}),
        ...(item.layer === 'sse' ? { link: { exchange: 'x' } } : {}),
        ...(item.layer === 'ws' ? { ws: { kind: 'text' } } : {}),
      }));
      const diagnosis = diagnose(envelopes);
      expect(typeof diagnosis.verdict).toBe('string');
      expect(diagnosis.findings.filter((f) => f.id === 'diagnosis.rule-failed')).toEqual([]);
    }), { numRuns: 300 });
  });

  it('an unreadable Realtime frame becomes capture.unreadable-frames', () => {
    const envelopes = [Envelope.parse({ seq: 1, t: 1, lane: 'client', conn: 'c', layer: 'ws', dir: 'in', raw: 'not json', ws: { kind: 'text' } })];
    const finding = diagnose(envelopes).findings.find((f) => f.id === 'capture.unreadable-frames');
    expect(finding).toMatchObject({ severity: 'info', evidence: [1] });
  });
});
