import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../capture/envelope';
import { diagnose } from '../diagnose';

let seq = 0;
const next = (e: Omit<Envelope, 'seq' | 't'>): Envelope => ({ ...e, seq: ++seq, t: seq } as Envelope);
const URL_ = 'https://mcp.corp.example.com/sse';
const resolvedTo = (addresses: string[]) => next({ lane: 'realtime', conn: 'realtime', layer: 'meta', dir: 'in', raw: JSON.stringify({ kind: 'server-address', host: 'mcp.corp.example.com', addresses }) });
const sessionUpdate = () => next({ lane: 'realtime', conn: 'socket-1', layer: 'ws', dir: 'out', ws: { kind: 'text' }, raw: JSON.stringify({ type: 'session.update', session: { type: 'realtime', tools: [{ type: 'mcp', server_label: 'corp', server_url: URL_, require_approval: 'never' }] } }) });
const unreachable = (envelopes: Envelope[]) => diagnose(envelopes).findings.filter((f) => f.id === 'openai.server-unreachable');

describe('openai.server-unreachable for a name, from what it resolved to', () => {
  it('names a public-looking host that resolves only to private addresses where the lane ran', () => {
    seq = 0;
    const [finding, ...more] = unreachable([resolvedTo(['10.1.2.3']), sessionUpdate()]);
    expect(more).toEqual([]);
    expect(finding?.title).toBe('OpenAI cannot reach mcp.corp.example.com: a name that resolves only to 10.1.2.3 (a private address (RFC 1918)) where Parallax ran it');
    expect(finding?.evidence).toEqual([1, 2]);
  });

  it('stays silent when any address is public, or nothing was resolved', () => {
    seq = 0;
    expect(unreachable([resolvedTo(['10.1.2.3', '93.184.216.34']), sessionUpdate()])).toEqual([]);
    seq = 0;
    expect(unreachable([sessionUpdate()])).toEqual([]);
  });
});
