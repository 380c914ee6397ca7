import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mcpListToolsItemsOf, ResponseObjectSchema, ResponsesStreamEventSchema } from '../../../shared/openai/responses-events';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { startEmulator, type RunningEmulator } from '../emulator';

let emulator: RunningEmulator;
let seed: RunningFixtureServer;
const fixtures: RunningFixtureServer[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  seed = await startFixtureServer({ profile: 'seed' });
});
afterEach(async () => {
  await Promise.allSettled(fixtures.splice(0).map((f) => f.close()));
});
afterAll(async () => {
  await emulator.close();
  await seed.close();
});

const seedTool = (extra: Record<string, unknown> = {}) => ({ type: 'mcp', server_label: 'seed', server_url: seed.url, require_approval: 'never', ...extra });

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${emulator.baseUrl}/responses`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-key', 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { res, text: await res.text() };
}

/** Splits an SSE body into its events' JSON payloads, checking the `event:` line matches `type`. */
interface StreamEvent {
  type: string;
  sequence_number: number;
  item?: { id?: string; type?: string; tools?: unknown[]; output?: string; status?: string; error?: unknown; content?: unknown[] };
  item_id?: string;
  output_index?: number;
  [key: string]: unknown;
}

function sseEvents(text: string): StreamEvent[] {
  return text.split('\n\n').filter((block) => block.trim()).map((block) => {
    const name = /^event: (.+)$/m.exec(block)?.[1];
    const data = JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? 'null') as StreamEvent;
    expect(data.type).toBe(name);
    return data;
  });
}

describe('Responses endpoint', () => {
  it('refuses a request without a key, labelled as the emulator', async () => {
    const res = await fetch(`${emulator.baseUrl}/responses`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-parallax-emulator')).toBe('1');
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining("You didn't provide an API key") } });
  });

  it.each([
    [{ tools: [] }, 400, 'missing_required_parameter', 'model'],
    [{ model: 'gpt-4.1', tools: [{ type: 'mcp', server_label: 'a', server_url: 'https://x.example/mcp', nope: true }] }, 400, 'unknown_parameter', 'tools[0].nope'],
    [{ model: 'gpt-4.1', previous_response_id: 'resp_missing' }, 404, 'previous_response_not_found', 'previous_response_id'],
  ])('answers bad input %j with %i %s', async (body, status, code, param) => {
    const { res, text } = await post(body);
    expect(res.status).toBe(status);
    expect(JSON.parse(text)).toMatchObject({ error: { type: 'invalid_request_error', code, param } });
  });

  it('lists the seed without streaming: mcp_list_tools item with error null, tool config echoed as observed', async () => {
    const { res, text } = await post({ model: 'gpt-4.1', input: 'hello', tools: [seedTool({ authorization: 'secret-token' })] });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-parallax-emulator')).toBe('1');
    const response = ResponseObjectSchema.parse(JSON.parse(text));
    const [list] = mcpListToolsItemsOf(response);
    expect(list?.error).toBeNull();
    expect(list?.tools).toHaveLength(10);
    const port = new URL(seed.url).port;
    expect(response.tools[0]).toEqual({ type: 'mcp', server_label: 'seed', server_url: `http://127.0.0.1:${port}/<redacted>`, require_approval: 'never', headers: null });
    expect(text).not.toContain('secret-token');
  });

  it('answers a failed listing with HTTP 424 external_connector_error', async () => {
    const auth = await startFixtureServer({ profile: 'auth' });
    fixtures.push(auth);
    const { res, text } = await post({ model: 'gpt-4.1', tools: [seedTool({ server_url: auth.url })] });
    expect(res.status).toBe(424);
    expect(JSON.parse(text)).toEqual({ error: { message: "Error retrieving tool list from MCP server: 'seed'. Http status code: 401 (Unauthorized)", type: 'external_connector_error', param: 'tools', code: 'http_error' } });
  });

  it('streams the listing and a call in the documented order, every event numbered', async () => {
    const { res, text } = await post({ model: 'gpt-4.1', stream: true, instructions: 'parallax:call search_patients {"query":"Ada","limit":2}', tools: [seedTool()] });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = sseEvents(text);
    for (const event of events) ResponsesStreamEventSchema.parse(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_e, i) => i));
    const types = events.map((e) => e.type);
    expect(types.filter((t) => !t.includes('arguments.delta'))).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.mcp_list_tools.in_progress', 'response.mcp_list_tools.completed', 'response.output_item.done',
      'response.output_item.added', 'response.mcp_call_arguments.done', 'response.mcp_call.in_progress', 'response.mcp_call.completed', 'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]?.item).toMatchObject({ type: 'mcp_list_tools', tools: [] });
    expect(events[5]?.item?.tools).toHaveLength(10);
    for (const e of events.filter((x) => x.type.startsWith('response.mcp_'))) expect(e).toHaveProperty('item_id');
    const call = events.at(-2)?.item;
    expect(call).toMatchObject({ type: 'mcp_call', status: 'completed', error: null });
    expect(JSON.parse(call?.output ?? 'null')).toMatchObject({ limit: 2 });
  });

  it('asks for approval, then runs the call on the follow-up without listing again', async () => {
    const first = await post({ model: 'gpt-4.1', input: 'parallax:call get_lab_results {"patient_id":"p-7"}', tools: [seedTool({ require_approval: 'always' })] });
    const response = JSON.parse(first.text) as { id: string; output: { type: string; id: string }[] };
    const request = response.output.find((i) => i.type === 'mcp_approval_request');
    expect(request).toMatchObject({ name: 'get_lab_results', arguments: '{"patient_id":"p-7"}' });
    const second = await post({ model: 'gpt-4.1', previous_response_id: response.id, input: [{ type: 'mcp_approval_response', approval_request_id: request?.id, approve: true }], tools: [seedTool({ require_approval: 'always' })] });
    const output = (JSON.parse(second.text) as { output: { type: string }[] }).output;
    expect(output.map((i) => i.type)).toEqual(['mcp_call']);
    expect(output[0]).toMatchObject({ type: 'mcp_call', approval_request_id: request?.id, status: 'completed' });
  });

  it('does not list again when the input already carries an mcp_list_tools item for the label', async () => {
    const listed = { type: 'mcp_list_tools', id: 'mcpl_given', server_label: 'seed', tools: [{ name: 'get_time_elsewhere', input_schema: { type: 'object' } }] };
    const { text } = await post({ model: 'gpt-4.1', input: [listed, { role: 'user', content: 'hi' }], tools: [seedTool()] });
    const output = (JSON.parse(text) as { output: { type: string }[] }).output;
    expect(output.map((i) => i.type)).toEqual(['message']);
  });

  it('public-only fault (header): a loopback server is refused with 424', async () => {
    const { res, text } = await post({ model: 'gpt-4.1', tools: [seedTool()] }, { 'x-parallax-fault': 'public-only' });
    expect(res.status).toBe(424);
    expect(JSON.parse(text).error.message).toBe("Error retrieving tool list from MCP server: 'seed'. Http status code: 424 (Failed Dependency)");
  });

  it('list-fail fault while streaming: mcp_list_tools.failed, the item with its error, then an error event', async () => {
    const { res, text } = await fetch(`${emulator.baseUrl}/responses?parallax_fault=list-fail`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', stream: true, tools: [seedTool()] }),
    }).then(async (r) => ({ res: r, text: await r.text() }));
    expect(res.status).toBe(200);
    const events = sseEvents(text);
    expect(events.map((e) => e.type).slice(-3)).toEqual(['response.mcp_list_tools.failed', 'response.output_item.done', 'error']);
    expect(events.at(-2)?.item?.error).toContain('Http status code: 500');
  });

  it('streams an assistant message as the API does: item in progress with no content, the text part, deltas, then done', async () => {
    const { text } = await post({ model: 'gpt-4.1', stream: true, input: 'hi', tools: [seedTool()] });
    const events = sseEvents(text);
    const message = events.filter((e) => e.output_index === 1);
    expect(message.map((e) => e.type).filter((t) => t !== 'response.output_text.delta')).toEqual([
      'response.output_item.added', 'response.content_part.added', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
    ]);
    expect(message[0]?.item).toMatchObject({ type: 'message', status: 'in_progress', content: [] });
    const id = message[0]?.item?.id;
    for (const e of message.slice(1, -1)) expect(e.item_id).toBe(id);
    const deltas = message.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta as string);
    expect(deltas.length).toBeGreaterThan(1);
    const done = message.find((e) => e.type === 'response.output_text.done');
    expect(deltas.join('')).toBe(done?.text);
    expect(message.at(-1)?.item).toMatchObject({ status: 'completed', content: [{ type: 'output_text', text: done?.text, annotations: [] }] });
    const numbers = events.map((e) => e.sequence_number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('a timed-out call while streaming fails the mcp_call with an http_error object (openai 7.x shape)', async () => {
    const { text } = await post({ model: 'gpt-4.1', stream: true, instructions: 'parallax:call search_patients {"query":"x"}', tools: [seedTool()] }, { 'x-parallax-fault': 'call-timeout' });
    const events = sseEvents(text);
    const failed = events.find((e) => e.type === 'response.mcp_call.failed');
    const item = events.find((e) => e.type === 'response.output_item.done' && e.item?.type === 'mcp_call')?.item;
    expect(failed?.item_id).toBe(item?.id);
    expect(item).toMatchObject({ status: 'failed', error: { type: 'http_error', code: 424, message: expect.stringContaining("Error calling tool 'search_patients' on MCP server 'seed'") } });
  });

  it('call-timeout fault without streaming: HTTP 424', async () => {
    const { res, text } = await post({ model: 'gpt-4.1', instructions: 'parallax:call search_patients {"query":"x"}', tools: [seedTool()] }, { 'x-parallax-fault': 'call-timeout' });
    expect(res.status).toBe(424);
    expect(JSON.parse(text).error).toMatchObject({ type: 'external_connector_error', message: expect.stringContaining("Error calling tool 'search_patients' on MCP server 'seed'") });
  });
});

describe('Responses endpoint through the openai client (baseURL)', () => {
  const client = () => new OpenAI({ apiKey: 'sk-local', baseURL: emulator.baseUrl, maxRetries: 0 });

  it('creates a response without streaming', async () => {
    const response = await client().responses.create({
      model: 'gpt-4.1',
      instructions: 'parallax:call find_providers {"specialty":"cardiology"}',
      input: 'Find me a cardiologist',
      tools: [{ type: 'mcp', server_label: 'seed', server_url: seed.url, require_approval: 'never' }],
    });
    const list = response.output.find((i) => i.type === 'mcp_list_tools');
    expect(list?.type === 'mcp_list_tools' && list.tools.map((t) => t.name)).toContain('find_providers');
    const call = response.output.find((i) => i.type === 'mcp_call');
    expect(call?.type === 'mcp_call' && JSON.parse(call.output ?? 'null')).toEqual({ providers: [{ provider_id: 'dr-42', specialty: 'cardiology' }] });
  });

  it('streams a response', async () => {
    const stream = await client().responses.create({
      model: 'gpt-4.1',
      stream: true,
      input: 'hi',
      tools: [{ type: 'mcp', server_label: 'seed', server_url: seed.url, require_approval: 'never' }],
    });
    const types: string[] = [];
    let tools = 0;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_item.done' && event.item.type === 'mcp_list_tools') tools = event.item.tools.length;
    }
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.mcp_list_tools.completed');
    expect(types.at(-1)).toBe('response.completed');
    expect(tools).toBe(10);
  });

  it('client.responses.stream() assembles the streamed text and the final response', async () => {
    const stream = client().responses.stream({
      model: 'gpt-4.1',
      input: 'hi',
      tools: [{ type: 'mcp', server_label: 'seed', server_url: seed.url, require_approval: 'never' }],
    });
    let streamed = '';
    stream.on('response.output_text.delta', (event) => { streamed += event.delta; });
    const final = await stream.finalResponse();
    expect(streamed).toMatch(/^\[Parallax local emulator\] /);
    expect(final.output_text).toBe(streamed);
    expect(final.output.map((i) => i.type)).toEqual(['mcp_list_tools', 'message']);
  });

  it('surfaces the 424 as an APIError', async () => {
    await expect(client().responses.create({ model: 'gpt-4.1', tools: [{ type: 'mcp', server_label: 'seed', server_url: seed.url }] }, { headers: { 'x-parallax-fault': 'list-fail' } }))
      .rejects.toMatchObject({ status: 424, type: 'external_connector_error', code: 'http_error', param: 'tools' });
  });

  it('takes namespace and tool_search tools and a deferred MCP tool beside each other, as openai 7.x types them, and lists the MCP server', async () => {
    const namespace = { type: 'namespace', name: 'billing', description: 'Billing helpers.', tools: [{ type: 'function', name: 'refund', description: 'Refund an order.', parameters: { type: 'object', properties: {} }, defer_loading: true }] };
    const { res, text } = await post({ model: 'gpt-4.1', input: 'hi', tools: [namespace, { type: 'tool_search', execution: 'server' }, seedTool({ defer_loading: true }), { type: 'web_search' }] });
    expect(res.status).toBe(200);
    const body = ResponseObjectSchema.parse(JSON.parse(text));
    expect(mcpListToolsItemsOf(body)[0]?.tools).toHaveLength(10);
    expect(body.tools.map((t) => t.type)).toEqual(['namespace', 'tool_search', 'mcp', 'web_search']);
  });

  it('refuses a namespace without its description, a tool_search with a bad execution and an unknown tool type, naming the field', async () => {
    const refused = async (tool: Record<string, unknown>) => JSON.parse((await post({ model: 'gpt-4.1', input: 'hi', tools: [tool] })).text) as { error: { code: string; param: string; message: string } };
    expect((await refused({ type: 'namespace', name: 'billing', tools: [] })).error).toMatchObject({ code: 'missing_required_parameter', param: 'tools[0].description' });
    expect((await refused({ type: 'namespace', name: 'b', description: 'd', tools: [{ type: 'mcp', server_label: 'x' }] })).error).toMatchObject({ code: 'invalid_value', param: 'tools[0].tools[0].type' });
    expect((await refused({ type: 'tool_search', execution: 'everywhere' })).error).toMatchObject({ code: 'invalid_value', param: 'tools[0].execution' });
    expect((await refused({ type: 'telepathy' })).error).toMatchObject({ code: 'invalid_value', param: 'tools[0].type', message: expect.stringContaining("'tool_search'") });
    expect((await refused({ type: 'function', name: 'f', colour: 'red' })).error).toMatchObject({ code: 'unknown_parameter', param: 'tools[0].colour' });
  });
});
