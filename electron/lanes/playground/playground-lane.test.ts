import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerDescription, type ServerDescriptionInput } from '../../../shared/lanes/server-description';
import { MemorySink } from '../../capture/memory-sink';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { listen, type RunningServer } from '../inspector/test-support/http-server';
import { runPlaygroundLane, type PlaygroundLaneOptions } from './playground-lane';

const API_KEY = 'sk-parallax-test-fedcba9876543210';
let seed: RunningFixtureServer;
let emulator: RunningEmulator;
const faulty = new Map<string, RunningEmulator>();

beforeAll(async () => {
  seed = await startFixtureServer({ profile: 'seed' });
  emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
  // The Responses endpoint takes faults from a header or the instance; one instance per fault keeps the lane's request untouched.
  for (const fault of ['list-fail', 'public-only', 'call-timeout'] as const) faulty.set(fault, await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY, faults: [fault] }));
});
afterAll(async () => {
  await Promise.all([emulator, ...faulty.values()].map((e) => e.close()));
  await seed.close();
});

const server = (overrides: Partial<ServerDescriptionInput> = {}) => parseServerDescription({ url: seed.url, label: 'seed', ...overrides });

async function run(options: Partial<PlaygroundLaneOptions> = {}) {
  const sink = new MemorySink();
  const result = await runPlaygroundLane({ server: server(), apiKey: API_KEY, baseUrl: emulator.baseUrl, ...options }, sink);
  return { result, sink, steps: result.steps.map((s) => `${s.name}:${s.status}:${s.detail}`) };
}

describe('Playground lane against the local emulator', () => {
  it('lists the seed\'s 10 tools from the mcp_list_tools output item, recording the streamed events byte for byte without the key', async () => {
    const { result, sink, steps } = await run();
    expect(result.status).toBe('ok');
    expect(result.tools).toHaveLength(10);
    expect(result.listings).toEqual([expect.objectContaining({ serverLabel: 'seed', outcome: 'completed', source: 'response.output_item.done' })]);
    expect(steps).toEqual([expect.stringMatching(/^request:running:POST http/), 'list-tools:running:listing', 'list-tools:ok:listed 10 tools']);
    // The evidence points at the streamed events that carried the listing.
    const bySeq = new Map(sink.envelopes.map((e) => [e.seq, e]));
    const evidence = result.listings[0]?.evidence.map((seq) => bySeq.get(seq)) ?? [];
    expect(evidence.map((e) => e?.layer)).toEqual(['sse', 'sse', 'sse']);
    expect(evidence.map((e) => /^event: (\S+)/.exec(e?.raw ?? '')?.[1])).toEqual(['response.output_item.added', 'response.mcp_list_tools.completed', 'response.output_item.done']);

    const request = sink.envelopes.find((e) => e.http?.phase === 'request');
    expect(request).toMatchObject({ lane: 'playground', redacted: true, http: { method: 'POST', url: `${emulator.baseUrl}/responses` } });
    expect(request?.http?.headers).toContainEqual(['authorization', 'Bearer [redacted]']);
    expect(JSON.parse(request?.raw ?? '{}')).toMatchObject({ stream: true, tools: [{ type: 'mcp', server_label: 'seed', server_url: seed.url }] });
    const sse = sink.envelopes.filter((e) => e.layer === 'sse');
    expect(sse.length).toBeGreaterThan(5);
    expect(sse.every((e) => /^event: [\w.]+\ndata: \{.*\}\n\n$/s.test(e.raw))).toBe(true);
    expect(sink.envelopes.some((e) => e.layer === 'jsonrpc')).toBe(false);
    expect(JSON.stringify(sink.envelopes)).not.toContain(API_KEY);
  });

  it('turns a failed listing into a clear status (list-fail)', async () => {
    const { result, steps } = await run({ baseUrl: faulty.get('list-fail')?.baseUrl });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('list-failed');
    expect(steps.at(-1)).toMatch(/^list-tools:failed:mcp_list_tools.failed for "seed": /);
  });

  it('reports the public-only refusal with its 424 wording', async () => {
    const { result } = await run({ baseUrl: faulty.get('public-only')?.baseUrl });
    expect(result.error?.message).toMatch(/424/);
  });

  it('parses an HTTP 424 body (a non-streaming error) into the status', async () => {
    const body = JSON.stringify({ error: { message: "Error retrieving tool list from MCP server: 'seed'. Http status code: 401 (Unauthorized)", type: 'external_connector_error', param: 'tools', code: 'http_error' } });
    const api: RunningServer = await listen((_req, res) => {
      res.writeHead(424, { 'content-type': 'application/json' }).end(body);
    });
    try {
      const { result, sink } = await run({ baseUrl: `${api.origin}/v1` });
      expect(result.httpStatus).toBe(424);
      expect(result.error).toEqual({ code: 'list-failed', message: "HTTP 424 external_connector_error, http_error: Error retrieving tool list from MCP server: 'seed'. Http status code: 401 (Unauthorized)", evidence: expect.any(Array) });
      expect(sink.envelopes.filter((e) => e.http?.phase === 'body').map((e) => e.raw)).toEqual([body]);
    } finally {
      await api.close();
    }
  });

  it('names a server that does not speak the Responses API', async () => {
    const api: RunningServer = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end('event: hello\ndata: not json\n\n');
    });
    try {
      const { result, sink } = await run({ baseUrl: `${api.origin}/v1` });
      expect(result.status).toBe('failed');
      expect(result.error).toMatchObject({ code: 'protocol', message: 'the event stream ended without response.completed' });
      expect(sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as { kind: string }).some((m) => m.kind === 'invalid-event')).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('reads a listing that fails mid-stream the way the API streams it (item error, then response.failed)', async () => {
    const events = [
      { type: 'response.created', response: { id: 'resp_1', object: 'response', output: [], tools: [] } },
      { type: 'response.output_item.added', output_index: 0, item: { id: 'mcpl_1', type: 'mcp_list_tools', server_label: 'seed', tools: [] } },
      { type: 'response.mcp_list_tools.in_progress', output_index: 0, item_id: 'mcpl_1' },
      { type: 'response.mcp_list_tools.failed', output_index: 0, item_id: 'mcpl_1' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'mcpl_1', type: 'mcp_list_tools', server_label: 'seed', tools: [], error: "Error retrieving tool list from MCP server: 'seed'. Http status code: 404 (Not Found)" } },
      { type: 'response.failed', response: { id: 'resp_1', object: 'response', status: 'failed', error: { code: 'server_error', message: 'The MCP server could not be listed.' }, output: [], tools: [] } },
    ];
    const api: RunningServer = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(events.map((e, i) => `event: ${e.type}\ndata: ${JSON.stringify({ ...e, sequence_number: i })}\n\n`).join(''));
    });
    try {
      const { result } = await run({ baseUrl: `${api.origin}/v1` });
      expect(result.responseIds).toEqual(['resp_1']);
      expect(result.listings).toEqual([expect.objectContaining({ itemId: 'mcpl_1', outcome: 'failed', source: 'response.output_item.done' })]);
      expect(result.error).toMatchObject({ code: 'list-failed', message: `mcp_list_tools.failed for "seed": Error retrieving tool list from MCP server: 'seed'. Http status code: 404 (Not Found)` });
    } finally {
      await api.close();
    }
  });

  it('says why without a key (HTTP 401)', async () => {
    const { result } = await run({ apiKey: null });
    expect(result.error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/^HTTP 401.*API key/) });
  });

  it('skips a stdio server', async () => {
    const { result } = await run({ server: parseServerDescription({ stdio: { command: 'node', args: [] }, label: 'local' }) });
    expect(result).toMatchObject({ status: 'skipped', skipped: expect.stringMatching(/stdio/) });
  });

  it('calls one tool after an automatic approval and records the mcp_call', async () => {
    const { result, steps } = await run({ call: { name: 'get_patient_record', arguments: { patient_id: 'p-7' } } });
    expect(result.status).toBe('ok');
    expect(result.responseIds).toHaveLength(3);
    expect(result.call).toMatchObject({ status: 'completed', approval: { approved: true, by: 'auto' } });
    expect(JSON.parse(result.call?.output ?? '{}')).toMatchObject({ patient_id: 'p-7' });
    expect(steps.slice(-3)).toEqual(['approval:running:approval requested for get_patient_record', 'approval:ok:approved automatically', 'call-tool:ok:get_patient_record returned']);
  });

  it('records a failed call (call-timeout) without failing the listing', async () => {
    const { result } = await run({ baseUrl: faulty.get('call-timeout')?.baseUrl, server: server({ require_approval: 'never' }), call: { name: 'get_patient_record', arguments: { patient_id: 'p-7' } } });
    expect(result.status).toBe('ok');
    expect(result.call).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^get_patient_record failed: /) });
  });
});
