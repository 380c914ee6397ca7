import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSessionUpdate, mcpToolConfigFor, parseServerDescription } from '../../shared/lanes/server-description';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { startEmulator, type RunningEmulator } from './emulator';
import { RealtimeTestClient, type ServerEvent } from './realtime-test-client';
import { openAiValidator, type ShapeCheck } from './test-support/openai-wire-schemas';

/**
 * Every event and body the emulator sends, in the scenarios it exists for, checked at run time
 * against JSON Schema generated from `openai` 7.x's own declaration files (the emulator's code is
 * type-checked against the same types at compile time). A shape the real API's types do not
 * allow, or a field they do not have, fails here with its path.
 */
let emulator: RunningEmulator;
let seed: RunningFixtureServer;
let realtimeEvent: ShapeCheck;
let responsesEvent: ShapeCheck;
let responseBody: ShapeCheck;
let realtimeClientEvent: ShapeCheck;

beforeAll(async () => {
  realtimeEvent = openAiValidator('realtime', 'RealtimeServerEvent');
  responsesEvent = openAiValidator('responses', 'ResponseStreamEvent');
  responseBody = openAiValidator('responses', 'Response');
  realtimeClientEvent = openAiValidator('realtime', 'RealtimeClientEvent');
  emulator = await startEmulator();
  seed = await startFixtureServer({ profile: 'seed' });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await seed?.close();
});

const mcp = (extra: Record<string, unknown> = {}) => ({ type: 'mcp', server_label: 'seed', server_url: seed.url, require_approval: 'never', ...extra });
const CALL = 'parallax:call search_patients {"query":"Ada","limit":2}';

function expectShapes(events: readonly unknown[], check: ShapeCheck): void {
  for (const event of events) {
    const problem = check(event);
    expect(problem === null ? 'ok' : `${(event as { type?: string }).type ?? 'body'}: ${problem}`).toBe('ok');
  }
}

async function realtimeSession(query: string, script: (client: RealtimeTestClient) => Promise<void>): Promise<ServerEvent[]> {
  const client = await RealtimeTestClient.open(`${emulator.realtimeUrl}?model=gpt-realtime${query}`);
  try {
    await client.next('session.created');
    await script(client);
    return client.events;
  } finally {
    await client.close();
  }
}

describe('the generated checks', () => {
  it('refuse what the types refuse: a field they lack, a field they require, an event type they do not have', () => {
    expect(realtimeEvent({ type: 'mcp_list_tools.completed', event_id: 'event_1', item_id: 'item_1' })).toBeNull();
    expect(realtimeEvent({ type: 'mcp_list_tools.completed', event_id: 'event_1', item_id: 'item_1', tools: [] })).toContain('must NOT have additional properties');
    expect(realtimeEvent({ type: 'mcp_list_tools.completed', event_id: 'event_1' })).toContain('item_id');
    expect(realtimeEvent({ type: 'made.up' })).toContain('is not one of RealtimeServerEvent');
    expect(responseBody({ id: 'resp_1', object: 'response' })).not.toBeNull();
  });
});

describe('what Parallax sends matches openai 7.x RealtimeClientEvent', () => {
  it('the Realtime lane\'s generated GA session.update', () => {
    const plan = mcpToolConfigFor(parseServerDescription({ url: 'https://mcp.example.com/sse', label: 'seed', authorization: 'token', allowed_tools: ['a'], require_approval: 'never' }));
    if (!plan.ok) throw new Error(plan.reason);
    expect(realtimeClientEvent(defaultSessionUpdate(plan.config, { beta: false, eventId: 'event_1' }))).toBeNull();
  });
});

describe('Realtime server events match openai 7.x RealtimeServerEvent', () => {
  it('a listing, a call, a retrieve and an assistant message', async () => {
    const events = await realtimeSession('', async (client) => {
      client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcp()] } });
      const done = await client.next('conversation.item.done', (e) => (e.item as { type?: string }).type === 'mcp_list_tools');
      client.send({ type: 'conversation.item.retrieve', item_id: (done.item as { id: string }).id });
      await client.next('conversation.item.retrieved');
      client.send({ type: 'response.create', response: { instructions: `${CALL}\nparallax:call nothing_here {}` } });
      await client.next('response.done');
    });
    expect(events.map((e) => e.type)).toContain('response.mcp_call.completed');
    expectShapes(events, realtimeEvent);
  });

  it('errors: a typeless update, an unknown field, a bad event', async () => {
    const events = await realtimeSession('', async (client) => {
      client.send({ type: 'session.update', session: { tools: [mcp()] } });
      await client.next('error');
      client.send({ type: 'session.update', session: { type: 'realtime', modalities: ['text'] } });
      await client.next('error');
      client.send({ type: 'no.such.event' });
      await client.next('error');
    });
    expect(events.filter((e) => e.type === 'error')).toHaveLength(3);
    expectShapes(events, realtimeEvent);
  });

  it('faults: a failed listing, a call that times out, a function_call for an MCP tool', async () => {
    for (const fault of ['list-fail', 'call-timeout', 'function-call']) {
      const events = await realtimeSession(`&parallax_fault=${fault}`, async (client) => {
        client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcp()] } });
        await client.next(fault === 'list-fail' ? 'mcp_list_tools.failed' : 'conversation.item.done');
        if (fault === 'list-fail') return;
        client.send({ type: 'response.create', response: { instructions: CALL } });
        await client.next('response.done');
      });
      expectShapes(events, realtimeEvent);
    }
  });
});

async function post(body: Record<string, unknown>, fault?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${emulator.baseUrl}/responses`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-key', 'content-type': 'application/json', ...(fault ? { 'x-parallax-fault': fault } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

const sseData = (text: string) => text.split('\n\n').filter((b) => b.trim()).map((b) => JSON.parse(/^data: (.+)$/m.exec(b)?.[1] ?? 'null') as unknown);

describe('Responses bodies and stream events match openai 7.x Response and ResponseStreamEvent', () => {
  it('a streamed listing, call and message; the same without streaming', async () => {
    const streamed = await post({ model: 'gpt-4.1', stream: true, instructions: `${CALL}\nparallax:call nothing_here {}`, tools: [mcp()] });
    const events = sseData(streamed.text);
    expect(events.map((e) => (e as { type: string }).type)).toContain('response.output_text.delta');
    expectShapes(events, responsesEvent);
    const whole = await post({ model: 'gpt-4.1', instructions: CALL, tools: [mcp()] });
    expect(whole.status).toBe(200);
    expectShapes([JSON.parse(whole.text)], responseBody);
  });

  it('an approval request, and a function_call under the fault', async () => {
    const approval = await post({ model: 'gpt-4.1', input: CALL, tools: [mcp({ require_approval: 'always' })] });
    expectShapes([JSON.parse(approval.text)], responseBody);
    const streamed = await post({ model: 'gpt-4.1', stream: true, instructions: CALL, tools: [mcp()] }, 'function-call');
    const events = sseData(streamed.text);
    expect(events.map((e) => (e as { type: string }).type)).toContain('response.function_call_arguments.done');
    expectShapes(events, responsesEvent);
  });
});
