import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { diagnosisReport } from './diagnosis-run';
import { Session } from './session';
import { SessionDiagnosis } from './session-diagnosis';

/** An Inspector lane that lists two tools, and a Realtime lane whose listing came back empty. */
function session(): Session {
  const s = new Session({ source: 'live', title: 't' });
  const sink = s.sink();
  const rpc = (dir: 'in' | 'out', message: object) => sink.record({ lane: 'inspector', conn: 'i', layer: 'jsonrpc', dir, raw: JSON.stringify({ jsonrpc: '2.0', ...message }) });
  rpc('out', { id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
  rpc('in', { id: 1, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'seed', version: '1' } } });
  rpc('out', { id: 2, method: 'tools/list' });
  rpc('in', { id: 2, result: { tools: [{ name: 'get_patient', inputSchema: { type: 'object' } }, { name: 'echo', inputSchema: { type: 'object' } }] } });
  const ws = (dir: 'in' | 'out', event: object) => sink.record({ lane: 'realtime', conn: 'r', layer: 'ws', dir, raw: JSON.stringify(event), ws: { kind: 'text' } });
  ws('out', { type: 'session.update', session: { type: 'realtime', tools: [{ type: 'mcp', server_label: 'seed', server_url: 'http://127.0.0.1:1/mcp' }] } });
  ws('in', { type: 'mcp_list_tools.completed', item_id: 'mcpl_1' });
  ws('in', { type: 'conversation.item.done', item: { id: 'mcpl_1', type: 'mcp_list_tools', server_label: 'seed', tools: [] } });
  return s;
}

describe('SessionDiagnosis', () => {
  it('diagnoses on a worker thread, with the same report as a run on the engine thread', async () => {
    const s = session();
    const diagnosis = new SessionDiagnosis();
    const report = await diagnosis.report(s);
    expect(diagnosis.fallback).toBeUndefined();
    const envelopes = (await s.envelopes(s.store.seqs(0, s.store.total))).filter((e): e is Envelope => e !== undefined);
    expect(report).toEqual(diagnosisReport(envelopes, { sessionId: s.id, frames: s.store.total, skipped: [] }));
    expect(report.frames).toBe(7);
    expect(report.tools.inspector?.map((t) => t.name)).toEqual(['get_patient', 'echo']);
  });

  it('answers a second ask during a run with that run, and runs again once the session grew', async () => {
    const s = session();
    const diagnosis = new SessionDiagnosis();
    const first = diagnosis.report(s);
    expect(diagnosis.report(s)).toBe(first);
    await first;
    s.sink().record({ lane: 'inspector', conn: 'i', layer: 'jsonrpc', dir: 'out', raw: '{"jsonrpc":"2.0","method":"notifications/initialized"}' });
    expect((await diagnosis.report(s)).frames).toBe(8);
  });
});
