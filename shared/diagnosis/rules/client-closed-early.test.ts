import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../capture/envelope';
import { diagnose } from '../diagnose';

let seq = 0;
const ws = (dir: 'out' | 'in', event: Record<string, unknown>, conn = 'socket-1'): Envelope => ({ seq: ++seq, t: seq, lane: 'client', conn, layer: 'ws', dir, raw: JSON.stringify(event), ws: { kind: 'text' } });
const close = (conn = 'socket-1'): Envelope => ({ seq: ++seq, t: seq, lane: 'client', conn, layer: 'ws', dir: 'out', raw: 'bye', ws: { kind: 'close', code: 1000 } });
const gone = (conn = 'socket-1'): Envelope => ({ seq: ++seq, t: seq, lane: 'client', conn, layer: 'meta', dir: 'in', raw: JSON.stringify({ kind: 'client-gone', code: 1006 }) });
const done = (tools: number) => ({ type: 'conversation.item.done', item: { id: 'item_1', type: 'mcp_list_tools', server_label: 's', tools: Array.from({ length: tools }, (_, i) => ({ name: `t${i}`, description: '', input_schema: {} })) } });
const ids = (envelopes: Envelope[]) => diagnose(envelopes).findings.filter((f) => f.id === 'client.closed-before-item-done');

describe('client.closed-before-item-done', () => {
  it('fires when the client closes between .completed and item.done', () => {
    seq = 0;
    const found = ids([ws('in', { type: 'mcp_list_tools.completed', item_id: 'item_1' }), close(), ws('in', done(3))]);
    expect(found).toHaveLength(1);
    expect(found[0]?.detail).toContain('the 3 tools');
    expect(found[0]?.evidence).toEqual([1, 2, 3]);
  });

  it('fires when the client drops the connection without a close frame and item.done never came', () => {
    seq = 0;
    expect(ids([ws('in', { type: 'mcp_list_tools.completed', item_id: 'item_1' }), gone()])[0]?.detail).toContain('never reached it');
  });

  it('stays silent when item.done reached the client before it closed, and on other sockets', () => {
    seq = 0;
    expect(ids([ws('in', { type: 'mcp_list_tools.completed', item_id: 'item_1' }), ws('in', done(2)), close()])).toEqual([]);
    seq = 0;
    expect(ids([ws('in', { type: 'mcp_list_tools.completed', item_id: 'item_1' }, 'a'), close('b'), ws('in', done(2), 'a')])).toEqual([]);
  });

  it('counts an item.done the tap could not deliver as missed', () => {
    seq = 0;
    const envelopes = [ws('in', { type: 'mcp_list_tools.completed', item_id: 'item_1' }), ws('in', done(1))];
    envelopes.push({ seq: ++seq, t: seq, lane: 'client', conn: 'socket-1', layer: 'meta', dir: 'in', raw: JSON.stringify({ kind: 'not-delivered', seq: 2 }) }, close());
    expect(ids(envelopes)).toHaveLength(1);
  });
});
