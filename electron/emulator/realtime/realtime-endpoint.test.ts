import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mcpListToolsItemOf } from '../../../shared/openai/realtime-events';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { startEmulator, type RunningEmulator } from '../emulator';
import { RealtimeTestClient, refusedUpgradeStatus, type ServerEvent } from '../realtime-test-client';

let emulator: RunningEmulator;
let seedSse: RunningFixtureServer;
const fixtures: RunningFixtureServer[] = [];
const clients: RealtimeTestClient[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  seedSse = await startFixtureServer({ profile: 'seed' });
});
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await Promise.allSettled(fixtures.splice(0).map((f) => f.close()));
});
afterAll(async () => {
  await emulator.close();
  await seedSse.close();
});

async function fixture(profile: string, transport?: 'sse' | 'streamable-http') {
  const server = await startFixtureServer({ profile, transport, options: { slowMs: 20 } });
  fixtures.push(server);
  return server;
}

async function open(query = '', options?: Parameters<typeof RealtimeTestClient.open>[1]) {
  const client = await RealtimeTestClient.open(`${emulator.realtimeUrl}?model=gpt-realtime${query}`, options);
  clients.push(client);
  await client.next('session.created');
  return client;
}

function mcpTool(serverUrl: string, extra: Record<string, unknown> = {}) {
  return { type: 'mcp', server_label: 'seed', server_url: serverUrl, require_approval: 'never', ...extra };
}

/** Sends a session.update with one MCP tool and waits for the listing's final event. */
async function importTools(client: RealtimeTestClient, tool: Record<string, unknown>) {
  client.send({ type: 'session.update', session: { type: 'realtime', tools: [tool] } });
  await client.next('session.updated');
  const progress = await client.next('mcp_list_tools.in_progress');
  const outcome = await Promise.race([client.next('mcp_list_tools.completed'), client.next('mcp_list_tools.failed')]);
  return { progress, outcome };
}

const toolsOf = (event: ServerEvent) => (event.item as { tools: { name: string; description: unknown; input_schema: unknown }[] }).tools;

describe('Realtime endpoint: connection', () => {
  it('refuses an upgrade without a key with HTTP 401 and no frame', async () => {
    const refused = await refusedUpgradeStatus(`${emulator.realtimeUrl}?model=gpt-realtime`);
    expect(refused.status).toBe(401);
    expect(refused.headers['x-parallax-emulator']).toBe('1');
    expect(JSON.parse(refused.body)).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_api_key' } });
  });

  it('accepts the browser subprotocol key and answers with the realtime protocol', async () => {
    const client = await open('', { protocols: ['realtime', 'openai-insecure-api-key.sk-test'] });
    expect(client.ws.protocol).toBe('realtime');
    expect(client.events[0]).toMatchObject({ type: 'session.created', session: { type: 'realtime', object: 'realtime.session', model: 'gpt-realtime', tools: [] } });
  });

  it('labels the upgrade as the local emulator', async () => {
    const ws = new WebSocket(`${emulator.realtimeUrl}?model=gpt-realtime`, { headers: { authorization: 'Bearer k' } });
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('upgrade', (res) => resolve(res.headers));
      ws.once('error', reject);
    });
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    });
    expect(headers['x-parallax-emulator']).toBe('1');
  });

  it('refuses an unknown fault profile at the upgrade, naming the known ones', async () => {
    const refused = await refusedUpgradeStatus(`${emulator.realtimeUrl}?model=gpt-realtime&parallax_fault=nope`, { headers: { authorization: 'Bearer k' } });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error).toMatchObject({ code: 'unknown_parallax_fault', message: 'unknown fault profile "nope"; known: beta, slow-list, list-fail, public-only, function-call, call-timeout' });
  });
});

describe('Realtime endpoint: session.update validation', () => {
  it('requires session.type on GA and echoes the client event id', async () => {
    const client = await open();
    client.send({ type: 'session.update', event_id: 'evt_client_1', session: { tools: [mcpTool(seedSse.url)] } });
    const error = await client.next('error');
    expect(error.error).toEqual({ type: 'invalid_request_error', code: 'missing_required_parameter', message: "Missing required parameter: 'session.type'.", param: 'session.type', event_id: 'evt_client_1' });
    expect(client.types()).not.toContain('mcp_list_tools.in_progress');
  });

  it.each([
    [{ type: 'realtime', voice: 'alloy' }, 'unknown_parameter', 'session.voice'],
    [{ type: 'realtime', tools: [{ type: 'mcp', server_url: 'https://x.example/mcp' }] }, 'missing_required_parameter', 'session.tools[0].server_label'],
    [{ type: 'realtime', tools: [{ type: 'mcp', server_label: 'a', server_url: 'https://x.example/mcp', connector_id: 'connector_gmail' }] }, 'invalid_value', 'session.tools[0]'],
    [{ type: 'realtime', tools: [{ type: 'mcp', server_label: 'a' }] }, 'invalid_value', 'session.tools[0]'],
    [{ type: 'realtime', tools: [{ type: 'mcp', server_label: 'a', server_url: 'https://x.example/mcp', authorization: 't', headers: { Authorization: 'Bearer t' } }] }, 'invalid_value', 'session.tools[0].headers'],
    [{ type: 'realtime', tools: [{ type: 'mcp', server_label: 'a', server_url: 'https://x.example/a' }, { type: 'mcp', server_label: 'a', server_url: 'https://x.example/b' }] }, 'invalid_value', 'session.tools[1].server_label'],
    [{ type: 'realtime', tools: [{ type: 'mcp', server_label: 'a', server_url: 'https://x.example/a', bogus: 1 }] }, 'unknown_parameter', 'session.tools[0].bogus'],
  ])('refuses %j with %s at %s before any import', async (session, code, param) => {
    const client = await open();
    client.send({ type: 'session.update', session });
    const error = await client.next('error');
    expect(error.error).toMatchObject({ type: 'invalid_request_error', code, param });
    expect(client.types()).not.toContain('session.updated');
  });
});

describe('Realtime endpoint: MCP import', () => {
  it('imports the seed over legacy SSE in the documented order, tools only at conversation.item.done', async () => {
    const client = await open();
    const { progress, outcome } = await importTools(client, mcpTool(seedSse.url));
    const done = await client.next('conversation.item.done');
    expect(client.types().slice(1)).toEqual(['session.updated', 'conversation.item.added', 'mcp_list_tools.in_progress', 'mcp_list_tools.completed', 'conversation.item.done']);
    const added = client.events[2] as ServerEvent;
    expect(added.item).toMatchObject({ type: 'mcp_list_tools', server_label: 'seed', tools: [] });
    expect(Object.keys(progress).sort()).toEqual(['event_id', 'item_id', 'type']);
    expect(Object.keys(outcome).sort()).toEqual(['event_id', 'item_id', 'type']);
    expect(outcome.type).toBe('mcp_list_tools.completed');
    expect((done.item as { id: string }).id).toBe(progress.item_id);
    const tools = toolsOf(done);
    expect(tools).toHaveLength(10);
    // The shared parser the Realtime lane uses reads the same list.
    expect(mcpListToolsItemOf(done)?.tools).toHaveLength(10);
    expect(mcpListToolsItemOf(added)?.tools).toEqual([]);
    expect(tools.every((t) => typeof t.description === 'string')).toBe(true);
    expect(tools.find((t) => t.name === 'book_appointment')?.input_schema).toHaveProperty('$defs.AppointmentRequest');
  });

  it('imports over Streamable HTTP too, and answers conversation.item.retrieve', async () => {
    const server = await fixture('seed', 'streamable-http');
    const client = await open();
    const { progress } = await importTools(client, mcpTool(server.url));
    await client.next('conversation.item.done');
    client.send({ type: 'conversation.item.retrieve', item_id: progress.item_id });
    const retrieved = await client.next('conversation.item.retrieved');
    expect(toolsOf(retrieved)).toHaveLength(10);
  });

  it('follows nextCursor across pages and applies allowed_tools', async () => {
    const server = await fixture('paginated');
    const client = await open();
    await importTools(client, mcpTool(server.url, { allowed_tools: ['search_patients', 'get_insurance_coverage'] }));
    const done = await client.next('conversation.item.done');
    expect(toolsOf(done).map((t) => t.name)).toEqual(['search_patients', 'get_insurance_coverage']);
  });

  it('fails the listing when allowed_tools names a tool the server lacks', async () => {
    const client = await open();
    const { outcome } = await importTools(client, mcpTool(seedSse.url, { allowed_tools: ['no_such_tool'] }));
    expect(outcome.type).toBe('mcp_list_tools.failed');
    expect((await client.next('error')).error).toMatchObject({ message: expect.stringContaining('no_such_tool') });
  });

  it('sends the bearer from authorization; without it the listing fails with the 401', async () => {
    const server = await fixture('auth');
    const refused = await open();
    const { outcome } = await importTools(refused, mcpTool(server.url));
    expect(outcome.type).toBe('mcp_list_tools.failed');
    expect(toolsOf(await refused.next('conversation.item.done'))).toEqual([]);
    expect((await refused.next('error')).error).toMatchObject({ message: "Error retrieving tool list from MCP server: 'seed'. Http status code: 401 (Unauthorized)" });

    const allowed = await open();
    const ok = await importTools(allowed, mcpTool(server.url, { authorization: server.token }));
    expect(ok.outcome.type).toBe('mcp_list_tools.completed');
  });

  it('fails a malformed list strictly, and lists it when strict validation is off', async () => {
    const server = await fixture('malformed-tool');
    const client = await open();
    expect((await importTools(client, mcpTool(server.url))).outcome.type).toBe('mcp_list_tools.failed');
    const lenient = await startEmulator({ strictToolValidation: false });
    try {
      const other = await RealtimeTestClient.open(`${lenient.realtimeUrl}?model=gpt-realtime`);
      clients.push(other);
      await other.next('session.created');
      await importTools(other, mcpTool(server.url));
      expect(toolsOf(await other.next('conversation.item.done'))).toHaveLength(4);
    } finally {
      await lenient.close();
    }
  });

  it('gives up on a cursor loop', async () => {
    const server = await fixture('cursor-loop');
    const client = await open();
    expect((await importTools(client, mcpTool(server.url))).outcome.type).toBe('mcp_list_tools.failed');
  });

  it('sends description null for a tool without one', async () => {
    const server = await fixture('no-description');
    const client = await open();
    await importTools(client, mcpTool(server.url));
    const tools = toolsOf(await client.next('conversation.item.done'));
    expect(tools.find((t) => t.name === 'undescribed_tool')?.description).toBeNull();
  });

  it('clears tools with tools: [] so a later turn cannot call them', async () => {
    const client = await open();
    await importTools(client, mcpTool(seedSse.url));
    await client.next('conversation.item.done');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [] } });
    expect((await client.next('session.updated')).session).toMatchObject({ tools: [] });
    client.send({ type: 'response.create', response: { instructions: 'parallax:call search_patients {"query":"Ada"}\nparallax:call seed/search_patients {}' } });
    const done = await client.next('response.done');
    expect((done.response as { output: { type: string }[] }).output.map((i) => i.type)).toEqual(['message']);
    expect(JSON.stringify(done.response)).toContain("tool 'search_patients' is not among");
  });

  it('reuses a label-only definition without listing again', async () => {
    const client = await open();
    await importTools(client, mcpTool(seedSse.url));
    await client.next('conversation.item.done');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [{ type: 'mcp', server_label: 'seed' }] } });
    await client.next('session.updated');
    client.send({ type: 'conversation.item.retrieve', item_id: 'item_missing' });
    expect((await client.next('error')).error).toMatchObject({ code: 'item_not_found' });
    expect(client.types().filter((t) => t === 'mcp_list_tools.in_progress')).toHaveLength(1);
  });
});

describe('Realtime endpoint: tool calls', () => {
  const call = 'parallax:call get_insurance_coverage {"patient_id":"p-1","procedure_code":"99213"}';

  it('runs a call named in response.create instructions with the documented events', async () => {
    const client = await open();
    await importTools(client, mcpTool(seedSse.url));
    await client.next('conversation.item.done');
    const before = client.events.length;
    client.send({ type: 'response.create', response: { instructions: call } });
    const done = await client.next('response.done');
    const types = client.events.slice(before).map((e) => e.type);
    expect(types[0]).toBe('response.created');
    expect(types.slice(1, 3)).toEqual(['response.output_item.added', 'conversation.item.added']);
    expect(types).toContain('response.mcp_call_arguments.delta');
    const order = ['response.mcp_call_arguments.done', 'response.mcp_call.in_progress', 'response.mcp_call.completed', 'response.output_item.done', 'conversation.item.done', 'response.done'];
    expect(types.filter((t) => order.includes(t))).toEqual(order);
    const added = client.events[before + 1] as ServerEvent;
    expect(added.item).toMatchObject({ type: 'mcp_call', arguments: '', name: 'get_insurance_coverage' });
    const deltas = client.events.slice(before).filter((e) => e.type === 'response.mcp_call_arguments.delta').map((e) => e.delta).join('');
    expect(deltas).toBe('{"patient_id":"p-1","procedure_code":"99213"}');
    const inProgress = client.events.slice(before).find((e) => e.type === 'response.mcp_call.in_progress');
    expect(inProgress).not.toHaveProperty('response_id');
    const output = (done.response as { output: { type: string; output: string; error: unknown }[] }).output;
    expect(output[0]).toMatchObject({ type: 'mcp_call', error: null });
    expect(JSON.parse(output[0]?.output ?? 'null')).toEqual({ patient_id: 'p-1', procedure_code: '99213', covered: true, copay_usd: 25 });
  });

  it('asks for approval by default and calls after an approving mcp_approval_response', async () => {
    const client = await open();
    await importTools(client, { type: 'mcp', server_label: 'seed', server_url: seedSse.url });
    await client.next('conversation.item.done');
    client.send({ type: 'response.create', response: { instructions: call } });
    const first = await client.next('response.done');
    const request = (first.response as { output: { type: string; id: string; name: string }[] }).output[0];
    expect(request).toMatchObject({ type: 'mcp_approval_request', name: 'get_insurance_coverage' });
    expect(client.types()).not.toContain('response.mcp_call.in_progress');
    client.send({ type: 'conversation.item.create', item: { type: 'mcp_approval_response', approval_request_id: request?.id, approve: true } });
    await client.next('conversation.item.done', (e) => (e.item as { type: string }).type === 'mcp_approval_response');
    client.send({ type: 'response.create' });
    const second = await client.next('response.done');
    expect((second.response as { output: unknown[] }).output[0]).toMatchObject({ type: 'mcp_call', approval_request_id: request?.id, error: null });
  });

  it('lists and calls an MCP tool given per turn in response.tools', async () => {
    const client = await open();
    client.send({ type: 'response.create', response: { instructions: call, tools: [mcpTool(seedSse.url)] } });
    await client.next('mcp_list_tools.completed');
    const done = await client.next('response.done');
    expect((done.response as { output: unknown[] }).output[0]).toMatchObject({ type: 'mcp_call', name: 'get_insurance_coverage', error: null });
    const types = client.types();
    expect(types.indexOf('conversation.item.done')).toBeLessThan(types.indexOf('response.created'));
  });

  it('refuses a bad per-turn MCP tool before the response starts', async () => {
    const client = await open();
    client.send({ type: 'response.create', event_id: 'evt_r', response: { tools: [{ type: 'mcp', server_label: 'x' }] } });
    expect((await client.next('error')).error).toMatchObject({ code: 'invalid_value', param: 'response.tools[0]', event_id: 'evt_r' });
    expect(client.types()).not.toContain('response.created');
  });

  it('says in an assistant message, labelled as the emulator, when a named tool is unknown', async () => {
    const client = await open();
    client.send({ type: 'response.create', response: { instructions: 'parallax:call nothing_here {}' } });
    const done = await client.next('response.done');
    const text = JSON.stringify((done.response as { output: unknown[] }).output);
    expect(text).toContain('[Parallax local emulator]');
    expect(text).toContain("tool 'nothing_here' is not among the 0 MCP tools loaded so far");
  });
});

describe('Realtime endpoint: GA only, as today (the beta interface is retired)', () => {
  const retired = { type: 'invalid_request_error', code: 'beta_api_shape_disabled', message: 'The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.', param: null, event_id: null };

  it.each([
    ['the OpenAI-Beta: realtime=v1 header', { headers: { authorization: 'Bearer k', 'openai-beta': 'realtime=v1' } }],
    ['the openai-beta.realtime-v1 subprotocol', { headers: {}, protocols: ['realtime', 'openai-insecure-api-key.k', 'openai-beta.realtime-v1'] }],
  ])('a client with %s gets beta_api_shape_disabled and a 4000 close, with no session', async (_sign, options) => {
    const client = await RealtimeTestClient.open(`${emulator.realtimeUrl}?model=gpt-realtime`, options);
    clients.push(client);
    const closed = await client.closed;
    expect(closed.code).toBe(4000);
    expect(client.types()).toEqual(['error']);
    expect(client.events[0]?.error).toEqual(retired);
  });

  it('a beta-only client event (transcription_session.update) gets the same error and close', async () => {
    const client = await open();
    client.send({ type: 'transcription_session.update', event_id: 'evt_t', session: {} });
    expect((await client.closed).code).toBe(4000);
    expect(client.events.at(-1)?.error).toEqual(retired);
  });

  it('a typeless session.update (beta shape) is refused with missing_required_parameter and the session stays open', async () => {
    const client = await open();
    client.send({ type: 'session.update', event_id: 'evt_u', session: { tools: [mcpTool(seedSse.url)] } });
    expect((await client.next('error')).error).toMatchObject({ type: 'invalid_request_error', code: 'missing_required_parameter', param: 'session.type', event_id: 'evt_u' });
    client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'still here' } });
    expect((await client.next('session.updated')).session).toMatchObject({ instructions: 'still here' });
  });

  it('the emulator instance can run the retired profile for every connection (--realtime-interface beta-2025)', async () => {
    const old = await startEmulator({ realtimeInterface: 'beta-2025' });
    try {
      const client = await RealtimeTestClient.open(`${old.realtimeUrl}?model=gpt-realtime`, { headers: { authorization: 'Bearer k', 'openai-beta': 'realtime=v1' } });
      clients.push(client);
      expect((await client.next('session.created')).session).toMatchObject({ modalities: ['text', 'audio'] });
    } finally {
      await old.close();
    }
  });
});

describe('Realtime endpoint: fault profiles', () => {
  it('applies faults set on the emulator instance to every connection', async () => {
    const betaEmulator = await startEmulator({ faults: ['beta'] });
    try {
      const client = await RealtimeTestClient.open(`${betaEmulator.realtimeUrl}?model=gpt-realtime`);
      clients.push(client);
      const created = await client.next('session.created');
      expect(created.session).toMatchObject({ object: 'realtime.session', modalities: ['text', 'audio'] });
      expect(created.session).not.toHaveProperty('type');
    } finally {
      await betaEmulator.close();
    }
  });

  it('beta (query): conversation.item.created, never conversation.item.done; tools only by retrieve', async () => {
    const client = await open('&parallax_fault=beta');
    expect(client.events[0]?.session).not.toHaveProperty('type');
    client.send({ type: 'session.update', session: { tools: [mcpTool(seedSse.url)] } });
    await client.next('session.updated');
    const progress = await client.next('mcp_list_tools.in_progress');
    await client.next('mcp_list_tools.completed');
    client.send({ type: 'conversation.item.retrieve', item_id: progress.item_id });
    const retrieved = await client.next('conversation.item.retrieved');
    expect(toolsOf(retrieved)).toHaveLength(10);
    expect(client.types()).toContain('conversation.item.created');
    expect(client.types()).not.toContain('conversation.item.added');
    expect(client.types()).not.toContain('conversation.item.done');
  });

  it('beta-2025 (retired profile, query): the OpenAI-Beta header gets the 2025 beta interface, which accepts a session.update without session.type', async () => {
    const client = await open('&parallax_realtime_interface=beta-2025', { headers: { authorization: 'Bearer k', 'openai-beta': 'realtime=v1' } });
    client.send({ type: 'session.update', session: { instructions: 'hi' } });
    expect((await client.next('session.updated')).session).toMatchObject({ instructions: 'hi', modalities: ['text', 'audio'] });
  });

  it('beta-2025 still gives a GA client (no beta header) the GA interface, as in 2025', async () => {
    const client = await open('&parallax_realtime_interface=beta-2025');
    expect(client.events[0]?.session).toMatchObject({ type: 'realtime' });
  });

  it('refuses an unknown interface profile at the upgrade', async () => {
    const refused = await refusedUpgradeStatus(`${emulator.realtimeUrl}?model=gpt-realtime&parallax_realtime_interface=beta-2024`, { headers: { authorization: 'Bearer k' } });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error).toMatchObject({ code: 'unknown_parallax_realtime_interface', message: expect.stringContaining('known: ga, beta-2025') });
  });

  it('list-fail: mcp_list_tools.failed, an empty item and an error', async () => {
    const client = await open('&parallax_fault=list-fail');
    const { outcome } = await importTools(client, mcpTool(seedSse.url));
    expect(outcome.type).toBe('mcp_list_tools.failed');
    expect(toolsOf(await client.next('conversation.item.done'))).toEqual([]);
    expect((await client.next('error')).error).toMatchObject({ message: "Error retrieving tool list from MCP server: 'seed'. Http status code: 500 (Internal Server Error)" });
  });

  it('public-only (header): refuses a loopback server like the real API', async () => {
    const client = await open('', { headers: { authorization: 'Bearer k', 'x-parallax-fault': 'public-only' } });
    const { outcome } = await importTools(client, mcpTool(seedSse.url));
    expect(outcome.type).toBe('mcp_list_tools.failed');
    expect((await client.next('error')).error).toMatchObject({ message: "Error retrieving tool list from MCP server: 'seed'. Http status code: 424 (Failed Dependency)" });
  });

  it('slow-list: a turn started while listing sees no tools; the listing completes after it', async () => {
    const client = await open('&parallax_fault=slow-list');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcpTool(seedSse.url)] } });
    await client.next('mcp_list_tools.in_progress');
    client.send({ type: 'response.create', response: { instructions: 'parallax:call search_patients {"query":"Ada"}' } });
    const done = await client.next('response.done');
    expect(JSON.stringify(done.response)).toContain("tool 'search_patients' is not among the 0 MCP tools loaded so far");
    await client.next('mcp_list_tools.completed');
    const types = client.types();
    expect(types.indexOf('response.done')).toBeLessThan(types.indexOf('mcp_list_tools.completed'));
    expect(toolsOf(await client.next('conversation.item.done', (e) => (e.item as { type: string }).type === 'mcp_list_tools'))).toHaveLength(10);
  });

  it('call-timeout: the mcp_call fails with an http_error', async () => {
    const client = await open('&parallax_fault=call-timeout');
    await importTools(client, mcpTool(seedSse.url));
    client.send({ type: 'response.create', response: { instructions: 'parallax:call search_patients {"query":"Ada"}' } });
    await client.next('response.mcp_call.failed');
    const done = await client.next('response.done');
    expect((done.response as { output: unknown[] }).output[0]).toMatchObject({ type: 'mcp_call', output: null, error: { type: 'http_error', code: 424 } });
  });
});
