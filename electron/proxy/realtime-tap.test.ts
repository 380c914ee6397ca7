import { OpenAIRealtimeWebSocket, RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { diagnose } from '../../shared/diagnosis/diagnose';
import { MemorySink } from '../capture/memory-sink';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { startRealtimeTap, type RunningTap } from './realtime-tap';
import { startLateItemDoneRelay } from './test-support/late-item-done-relay';
import { SampleRealtimeClient } from './test-support/sample-realtime-client';

const KEY = 'sk-tap-test-0123456789abcdef';
const SEED_TOOLS = ['book_appointment', 'cancel_appointment', 'check_drug_interactions', 'find_providers', 'get_insurance_coverage', 'get_lab_results', 'get_patient_record', 'list_appointments', 'refill_prescription', 'search_patients'];

interface World {
  fixture: RunningFixtureServer;
  emulator: RunningEmulator;
  tap: RunningTap;
  sink: MemorySink;
}

const running: { close(): Promise<void> }[] = [];
const sessions: RealtimeSession[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.close();
  for (const thing of running.splice(0).reverse()) await thing.close();
});

async function world(): Promise<World> {
  const fixture = await startFixtureServer({ profile: 'seed' });
  running.push(fixture);
  const emulator = await startEmulator();
  running.push(emulator);
  const sink = new MemorySink();
  const tap = await startRealtimeTap({ upstream: emulator.realtimeUrl, sink });
  running.push(tap);
  return { fixture, emulator, tap, sink };
}

const wsFrames = (envelopes: Envelope[], dir: 'out' | 'in') => envelopes.filter((e) => e.layer === 'ws' && e.dir === dir && e.ws?.kind === 'text').map((e) => JSON.parse(e.raw) as { type: string });
const mcpTool = (url: string, extra: Record<string, unknown> = {}) => ({ type: 'mcp', server_label: 'seed', server_url: url, require_approval: 'never', ...extra });
const findingIds = (w: World) => diagnose(w.sink.envelopes).findings.filter((f) => f.lanes.includes('client')).map((f) => f.id);

describe('tap-realtime', () => {
  it('@openai/agents-realtime reads all seed tools through the tap, and every frame both ways is recorded with the key redacted', async () => {
    const w = await world();
    const url = `${w.tap.realtimeUrl}?model=gpt-realtime`;
    const agent = new RealtimeAgent({ name: 'tap-test', instructions: 'test', tools: [{ type: 'hosted_tool', name: 'hosted_mcp', providerData: mcpTool(w.fixture.url) }] });
    const transport = new OpenAIRealtimeWebSocket({ url });
    const received: string[] = [];
    transport.on('*', (event: { type: string }) => received.push(event.type));
    const session = new RealtimeSession(agent, { transport, model: 'gpt-realtime' });
    sessions.push(session);
    const changed = new Promise<{ name: string }[]>((resolve) => session.on('mcp_tools_changed', (tools) => resolve(tools)));
    await session.connect({ apiKey: KEY, url });
    expect((await changed).map((t) => t.name).sort()).toEqual(SEED_TOOLS);
    session.close();
    await w.tap.close();

    const envelopes = w.sink.envelopes;
    expect(envelopes.every((e) => e.lane === 'client')).toBe(true);
    // What the client received is exactly what the tap recorded from the upstream, in order.
    expect(wsFrames(envelopes, 'in').map((e) => e.type).slice(0, received.length)).toEqual(received);
    expect(wsFrames(envelopes, 'out').map((e) => e.type)).toContain('session.update');
    expect(JSON.stringify(envelopes)).not.toContain(KEY);
    expect(envelopes.find((e) => e.http?.phase === 'request')?.redacted).toBe(true);
    expect(envelopes.find((e) => e.http?.phase === 'response')?.http?.status).toBe(101);
    const diagnosis = diagnose(envelopes);
    expect(diagnosis.lanes.client?.tools.sort()).toEqual(SEED_TOOLS);
    // The client was given the tools before it closed: nothing to say about when it closed.
    expect(diagnosis.findings.map((f) => f.id)).not.toContain('client.closed-before-item-done');
  });

  it('a beta-header client is refused by today\'s GA-only API, and the tap records why (realtime.beta-retired)', async () => {
    const w = await world();
    const client = await SampleRealtimeClient.open(`${w.tap.realtimeUrl}?model=gpt-realtime`, { Authorization: `Bearer ${KEY}`, 'OpenAI-Beta': 'realtime=v1' });
    const refusal = await client.next('error');
    expect(JSON.stringify(refusal)).toContain('beta_api_shape_disabled');
    await client.close();
    await w.tap.close();
    expect(findingIds(w)).toContain('realtime.beta-retired');
  });

  it('a client that omits session.type gets the session.type finding', async () => {
    const w = await world();
    const client = await SampleRealtimeClient.open(`${w.tap.realtimeUrl}?model=gpt-realtime`, { Authorization: `Bearer ${KEY}` });
    await client.next('session.created');
    client.send({ type: 'session.update', session: { instructions: 'You are a helpful health-care assistant.', tools: [mcpTool(w.fixture.url)] } });
    await client.next('error');
    await client.close();
    await w.tap.close();
    expect(findingIds(w)).toContain('realtime.session-type-missing');
    // The client got exactly the recorded text, message for message.
    expect(w.sink.envelopes.filter((e) => e.layer === 'ws' && e.dir === 'in' && e.ws?.kind === 'text').map((e) => e.raw)).toEqual(client.raw);
  });

  it('a client that counts tools at mcp_list_tools.completed and closes gets the closed-before-item-done finding', async () => {
    const fixture = await startFixtureServer({ profile: 'seed' });
    running.push(fixture);
    const emulator = await startEmulator();
    running.push(emulator);
    const relay = await startLateItemDoneRelay(emulator.realtimeUrl);
    running.push(relay);
    const sink = new MemorySink();
    const tap = await startRealtimeTap({ upstream: relay.url, sink });
    running.push(tap);
    const client = await SampleRealtimeClient.open(`${tap.realtimeUrl}?model=gpt-realtime`, { Authorization: `Bearer ${KEY}` });
    await client.next('session.created');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcpTool(fixture.url)] } });
    const completed = await client.next('mcp_list_tools.completed');
    expect(Object.keys(completed).sort()).toEqual(['event_id', 'item_id', 'type']); // what it counts: "0 tools"
    await client.close();
    await tap.close();
    const finding = diagnose(sink.envelopes).findings.find((f) => f.id === 'client.closed-before-item-done');
    expect(finding?.severity).toBe('error');
    expect(finding?.detail).toContain('never reached it');
  });

  it('a client that starts a response before listing finished gets the turn-timing finding', async () => {
    const w = await world();
    const client = await SampleRealtimeClient.open(`${w.tap.realtimeUrl}?model=gpt-realtime&parallax_fault=slow-list`, { Authorization: `Bearer ${KEY}` });
    await client.next('session.created');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcpTool(w.fixture.url)] } });
    await client.next('mcp_list_tools.in_progress');
    client.send({ type: 'response.create' });
    await client.next('response.done');
    await client.next('conversation.item.done');
    await client.close();
    await w.tap.close();
    expect(findingIds(w)).toContain('realtime.turn-before-listing');
  });

  it('a client that never answers an approval request gets the approval finding', async () => {
    const w = await world();
    const client = await SampleRealtimeClient.open(`${w.tap.realtimeUrl}?model=gpt-realtime`, { Authorization: `Bearer ${KEY}` });
    await client.next('session.created');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcpTool(w.fixture.url, { require_approval: 'always' })] } });
    await client.next('conversation.item.done');
    client.send({ type: 'response.create', response: { instructions: 'parallax:call get_patient_record {"patient_id":"p-1"}' } });
    await client.next('response.done');
    await client.close();
    await w.tap.close();
    expect(findingIds(w)).toContain('openai.approval-unanswered');
    expect(findingIds(w)).not.toContain('client.closed-before-item-done');
  });

  it('passes a refused upgrade to the client as the upstream sent it, and records it', async () => {
    const w = await world();
    const refused = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${w.tap.realtimeUrl}?model=gpt-realtime`);
      socket.on('unexpected-response', (_req, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('opened without a key')));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(401);
    await w.tap.close();
    const body = w.sink.envelopes.find((e) => e.http?.phase === 'body');
    expect(body?.raw).toContain('invalid_api_key');
  });

  it('passes POST /v1/responses through, streamed, and records it in the client lane', async () => {
    const w = await world();
    const request = (base: string) => fetch(`${base}/responses`, {
      method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', input: 'hello', stream: true, tools: [mcpTool(w.fixture.url)] }),
    });
    const viaTap = await request(w.tap.baseUrl);
    expect(viaTap.status).toBe(200);
    expect(viaTap.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await viaTap.text();
    expect(text).toContain('response.mcp_list_tools.completed');
    await w.tap.close();
    const sse = w.sink.envelopes.filter((e) => e.layer === 'sse');
    expect(sse.map((e) => e.raw).join('')).toBe(text);
    expect(JSON.stringify(w.sink.envelopes)).not.toContain(KEY);
  });

  it('answers 502 naming the upstream when it cannot be reached, and records why', async () => {
    const emulator = await startEmulator();
    const gone = emulator.realtimeUrl;
    await emulator.close();
    const sink = new MemorySink();
    const tap = await startRealtimeTap({ upstream: gone, sink });
    running.push(tap);
    const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const socket = new WebSocket(`${tap.realtimeUrl}?model=gpt-realtime`, { headers: { Authorization: `Bearer ${KEY}` } });
      socket.on('unexpected-response', (_req, response) => {
        let body = '';
        response.on('data', (c: Buffer) => { body += c.toString('utf8'); });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      socket.on('open', () => reject(new Error('opened with no upstream')));
      socket.on('error', () => undefined);
    });
    expect(refused.status).toBe(502);
    expect(refused.body).toContain('cannot reach the Realtime upstream');
    await tap.close();
    expect(sink.envelopes.find((e) => e.http?.phase === 'error')?.raw).toMatch(/ECONNREFUSED/);
  });

  it('refuses an upstream that is not a URL with a clear error', async () => {
    await expect(startRealtimeTap({ upstream: 'nope', sink: new MemorySink() })).rejects.toThrow(/not a URL/);
  });
});
