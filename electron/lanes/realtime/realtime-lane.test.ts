import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/capture/envelope';
import { parseServerDescription, type ServerDescriptionInput } from '../../../shared/lanes/server-description';
import { MemorySink } from '../../capture/memory-sink';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator';
import type { EmulatorFrame } from '../../emulator/options';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { runRealtimeLane, type RealtimeLaneOptions } from './realtime-lane';

const API_KEY = 'sk-parallax-test-0123456789abcdef';
let seed: RunningFixtureServer;
let emulator: RunningEmulator;

beforeAll(async () => {
  seed = await startFixtureServer({ profile: 'seed' });
  emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
});
afterAll(async () => {
  await emulator.close();
  await seed.close();
});

const server = (overrides: Partial<ServerDescriptionInput> = {}) => parseServerDescription({ url: seed.url, label: 'seed', ...overrides });
const withFault = (fault: string) => `${emulator.realtimeUrl}?model=gpt-realtime&parallax_fault=${fault}`;

async function run(options: Partial<RealtimeLaneOptions> = {}) {
  const sink = new MemorySink();
  const result = await runRealtimeLane({ server: server(), apiKey: API_KEY, url: `${emulator.realtimeUrl}?model=gpt-realtime`, ...options }, sink);
  return { result, sink, steps: result.steps.map((s) => `${s.name}:${s.status}:${s.detail}`) };
}

const wsFrames = (envelopes: Envelope[]) => envelopes.filter((e) => e.layer === 'ws');
const eventTypes = (envelopes: Envelope[], dir: 'in' | 'out') => wsFrames(envelopes).filter((e) => e.dir === dir && e.ws?.kind === 'text').map((e) => (JSON.parse(e.raw) as { type: string }).type);

describe('Realtime lane against the local emulator', () => {
  it('lists the seed\'s 10 tools from conversation.item.done, records every frame both ways, and never records the key', async () => {
    const frames: EmulatorFrame[] = [];
    const logged = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY, frameLog: (frame) => frames.push(frame) });
    try {
      const { result, sink, steps } = await run({ url: `${logged.realtimeUrl}?model=gpt-realtime` });
      expect(result.status).toBe('ok');
      expect(result.tools.map((t) => t.name)).toHaveLength(10);
      expect(result.listings).toEqual([expect.objectContaining({ serverLabel: 'seed', outcome: 'completed', source: 'conversation.item.done' })]);
      const bySeq = new Map(sink.envelopes.map((e) => [e.seq, e]));
      expect(result.listings[0]?.evidence.map((seq) => (JSON.parse(bySeq.get(seq)?.raw ?? '{}') as { type: string }).type))
        .toEqual(['conversation.item.added', 'mcp_list_tools.in_progress', 'mcp_list_tools.completed', 'conversation.item.done']);
      expect(steps).toEqual([
        expect.stringMatching(/^connect:running:connecting to ws:/), 'connect:ok:connected', 'session-update:running:session.update sent',
        'session-update:ok:session updated', 'list-tools:running:listing', 'list-tools:ok:listed 10 tools',
      ]);

      // Every frame the emulator received or sent, in order and byte for byte, is in the capture.
      const captured = wsFrames(sink.envelopes).map((e) => ({ dir: e.dir, kind: e.ws?.kind, text: e.raw, ...(e.ws?.code !== undefined ? { code: e.ws.code } : {}) }));
      const onEmulator = frames.map((f) => ({ dir: f.dir === 'received' ? 'out' : 'in', kind: f.kind, text: f.text, ...(f.code !== undefined ? { code: f.code } : {}) }));
      expect(new Set(frames.map((f) => f.connection))).toEqual(new Set([1]));
      expect(captured.filter((f) => f.kind === 'text')).toEqual(onEmulator.filter((f) => f.kind === 'text'));
      expect(captured.filter((f) => f.kind === 'text').length).toBeGreaterThan(5);
      // The lane's close frame as the emulator got it, then the emulator's echo as the lane got it.
      expect(onEmulator.filter((f) => f.kind === 'close')).toEqual([{ dir: 'out', kind: 'close', text: 'probe finished', code: 1000 }]);
      expect(captured.filter((f) => f.kind === 'close')).toEqual([{ dir: 'out', kind: 'close', text: 'probe finished', code: 1000 }, { dir: 'in', kind: 'close', text: 'probe finished', code: 1000 }]);

      // The upgrade is an HTTP exchange with the credential redacted.
      const upgrade = sink.envelopes.filter((e) => e.http?.exchange === 'realtime/upgrade');
      expect(upgrade.map((e) => e.http?.phase)).toEqual(['request', 'response', 'end']);
      expect(upgrade[0]).toMatchObject({ redacted: true, http: { method: 'GET', headers: expect.arrayContaining([['Authorization', 'Bearer [redacted]']]) } });
      expect(upgrade[1]?.http?.status).toBe(101);
      expect(JSON.stringify(sink.envelopes)).not.toContain(API_KEY);
      expect(JSON.stringify(result)).not.toContain(API_KEY);

      // The item first appears with tools: [] (what a client counting on .added sees), and the list arrives at .done.
      const types = eventTypes(sink.envelopes, 'in');
      expect(types.indexOf('conversation.item.added')).toBeLessThan(types.indexOf('mcp_list_tools.completed'));
      expect(types.indexOf('mcp_list_tools.completed')).toBeLessThan(types.indexOf('conversation.item.done'));
    } finally {
      await logged.close();
    }
  });

  it('a beta client against today\'s API (the default GA profile) gets beta_api_shape_disabled and the 4000 close', async () => {
    const { result, sink } = await run({ beta: true });
    expect(result.status).toBe('failed');
    expect(result.interface).toBe('beta');
    expect(JSON.stringify(result.error)).toContain('beta_api_shape_disabled');
    expect(wsFrames(sink.envelopes).find((e) => e.dir === 'in' && e.ws?.kind === 'close')?.ws?.code).toBe(4000);
  });

  it('on the retired beta-2025 profile reads the list through conversation.item.retrieve, since conversation.item.done never comes', async () => {
    const { result, sink } = await run({ beta: true, url: `${emulator.realtimeUrl}?model=gpt-realtime&parallax_realtime_interface=beta-2025` });
    expect(result.status).toBe('ok');
    expect(result.interface).toBe('beta');
    expect(result.tools).toHaveLength(10);
    expect(result.listings[0]).toMatchObject({ source: 'conversation.item.retrieved', outcome: 'completed' });
    expect(eventTypes(sink.envelopes, 'out')).toEqual(['session.update', 'conversation.item.retrieve']);
    const update = JSON.parse(wsFrames(sink.envelopes).find((e) => e.dir === 'out')?.raw ?? '{}') as { session: Record<string, unknown> };
    expect(update.session.type).toBeUndefined();
    expect(sink.envelopes.find((e) => e.http?.phase === 'request')?.http?.headers).toContainEqual(['OpenAI-Beta', 'realtime=v1']);
  });

  it('sends a pasted session.update byte for byte and shows the API\'s rejection', async () => {
    const pasted = `{"type":"session.update","session":{"tools":[{"type":"mcp","server_label":"seed","server_url":"${seed.url}"}]}}`;
    const { result, sink, steps } = await run({ sessionUpdate: pasted });
    expect(result.status).toBe('failed');
    expect(result.sessionUpdate).toBe('custom');
    expect(result.error).toMatchObject({ code: 'session-rejected', message: expect.stringContaining("missing_required_parameter session.type") });
    expect(steps.at(-1)).toMatch(/^session-update:failed:session.update rejected/);
    expect(wsFrames(sink.envelopes).find((e) => e.dir === 'out')?.raw).toBe(pasted);
  });

  it('sends even a pasted session.update that is not JSON, and reports the error', async () => {
    const { result } = await run({ sessionUpdate: '{"type": "session.update",' });
    expect(result.error).toMatchObject({ code: 'session-rejected', message: expect.stringContaining('invalid_json') });
  });

  it('reports a failed listing (list-fail) with the API\'s error message', async () => {
    const { result, steps } = await run({ url: withFault('list-fail') });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('list-failed');
    expect(result.listings[0]).toMatchObject({ outcome: 'failed', source: 'conversation.item.done', tools: [] });
    expect(steps.at(-1)).toMatch(/^list-tools:failed:mcp_list_tools.failed for "seed": /);
  });

  it('reports the public-only refusal of a loopback server', async () => {
    const { result } = await run({ url: withFault('public-only') });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/mcp_list_tools.failed.*424/);
  });

  it('times out when the listing does not finish in time (slow-list)', async () => {
    const { result, steps } = await run({ url: withFault('slow-list'), timeouts: { listMs: 300 } });
    expect(result.error?.code).toBe('timeout');
    expect(steps.at(-1)).toMatch(/^list-tools:failed:timed out after 300 ms/);
  });

  it('says why without a key: the upgrade is refused with 401 and no JSON frame', async () => {
    const { result, sink } = await run({ apiKey: null });
    expect(result.error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/HTTP 401.*API key/) });
    expect(wsFrames(sink.envelopes)).toEqual([]);
    expect(sink.envelopes.filter((e) => e.http?.phase === 'body').map((e) => e.raw)).toEqual([expect.stringContaining('invalid_api_key')]);
  });

  it('names a connection failure', async () => {
    const { result } = await run({ url: 'ws://127.0.0.1:1/v1/realtime' });
    expect(result.error).toMatchObject({ code: 'connect-failed', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('skips a stdio server, which OpenAI cannot reach', async () => {
    const { result, sink } = await run({ server: parseServerDescription({ stdio: { command: 'node', args: ['server.js'] }, label: 'local' }) });
    expect(result.status).toBe('skipped');
    expect(result.skipped).toMatch(/stdio/);
    expect(sink.envelopes.some((e) => e.layer === 'http' || e.layer === 'ws')).toBe(false);
  });

  it('calls one tool, answering the approval request automatically, and records the mcp_call', async () => {
    const { result, sink } = await run({ call: { name: 'search_patients', arguments: { query: 'Ada' } } });
    expect(result.status).toBe('ok');
    expect(result.call).toMatchObject({ name: 'search_patients', status: 'completed', approval: { approved: true, by: 'auto' } });
    expect(JSON.parse(result.call?.output ?? '{}')).toMatchObject({ matches: [expect.objectContaining({ patient_id: 'p-001' })] });
    expect(eventTypes(sink.envelopes, 'out')).toEqual(['session.update', 'response.create', 'conversation.item.create', 'response.create']);
  });

  it('records a denied approval from the user', async () => {
    const asked: string[] = [];
    const { result } = await run({ call: { name: 'search_patients', arguments: { query: 'Ada' } }, approve: async (request) => { asked.push(request.name); return false; } });
    expect(asked).toEqual(['search_patients']);
    expect(result.status).toBe('ok');
    expect(result.call).toMatchObject({ status: 'not-called', approval: { approved: false, by: 'user' }, detail: expect.stringContaining('denied') });
  });

  it('records a failed call (call-timeout) without failing the listing', async () => {
    const { result, steps } = await run({ url: withFault('call-timeout'), server: server({ require_approval: 'never' }), call: { name: 'search_patients', arguments: { query: 'Ada' } } });
    expect(result.status).toBe('ok');
    expect(result.call).toMatchObject({ status: 'failed', error: expect.objectContaining({ type: 'http_error' }) });
    expect(steps.at(-1)).toMatch(/^call-tool:failed:search_patients failed: http_error/);
  });
});
