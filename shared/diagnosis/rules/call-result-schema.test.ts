import { describe, expect, it } from 'vitest';
import type { Envelope, LaneId } from '../../capture/envelope';
import { diagnose } from '../diagnose';

let seq = 0;
const next = (e: Omit<Envelope, 'seq' | 't'>): Envelope => ({ ...e, seq: ++seq, t: seq } as Envelope);
const rpc = (lane: LaneId, dir: 'out' | 'in', body: Record<string, unknown>) => next({ lane, conn: `${lane}-1`, layer: 'jsonrpc', dir, raw: JSON.stringify({ jsonrpc: '2.0', ...body }) });
const call = (result: Record<string, unknown>) => [
  rpc('inspector', 'out', { id: 3, method: 'tools/call', params: { name: 'generate_health_summary', arguments: { patient_id: 'p-1' } } }),
  rpc('inspector', 'in', { id: 3, result }),
];
const realtimeFailed = () => next({
  lane: 'realtime', conn: 'socket-1', layer: 'ws', dir: 'in', ws: { kind: 'text' },
  raw: JSON.stringify({ type: 'conversation.item.done', item: { id: 'item_1', type: 'mcp_call', server_label: 's', name: 'generate_health_summary', arguments: '{"patient_id":"p-1"}', error: { type: 'protocol_error', code: -32602, message: 'Invalid content' } } }),
});
const found = (envelopes: Envelope[]) => diagnose(envelopes).findings.filter((f) => f.id === 'mcp.call-result-invalid');

describe('mcp.call-result-invalid', () => {
  it('names the path where a tools/call result breaks CallToolResult, with the call as evidence', () => {
    seq = 0;
    const [finding, ...more] = found(call({ content: [{ type: 'html', html: '<b>fine</b>' }] }));
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', lanes: ['inspector'], evidence: [1, 2] });
    expect(finding?.title).toBe('The server\'s result for `generate_health_summary` breaks the MCP schema (/content/0)');
    expect(finding?.headline).toBeUndefined();
  });

  it('is an error with a headline when an OpenAI lane failed the same call', () => {
    seq = 0;
    const [finding] = found([...call({ content: [{ type: 'text' }] }), realtimeFailed()]);
    expect(finding).toMatchObject({ severity: 'error', lanes: ['inspector', 'realtime'] });
    expect(finding?.detail).toContain('Here Realtime did fail it.');
    expect(finding?.headline).toContain('Realtime failed the call');
  });

  it('stays silent on a spec result', () => {
    seq = 0;
    expect(found(call({ content: [{ type: 'text', text: 'ok' }], structuredContent: { ok: true } }))).toEqual([]);
  });
});
