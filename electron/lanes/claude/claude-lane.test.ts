import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_CLIENT_BETA_DOCUMENTED } from '../../../shared/anthropic/mcp-connector-request';
import { parseServerDescription, type ServerDescriptionInput } from '../../../shared/lanes/server-description';
import { MemorySink } from '../../capture/memory-sink';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { runClaudeLane, type ClaudeLaneOptions } from './claude-lane';

const API_KEY = 'sk-ant-parallax-test-0123456789abcdef';
let seed: RunningFixtureServer;
let auth: RunningFixtureServer;
let emulator: RunningEmulator;
let listFail: RunningEmulator;
let publicOnly: RunningEmulator;

beforeAll(async () => {
  [seed, auth] = await Promise.all([startFixtureServer({ profile: 'seed' }), startFixtureServer({ profile: 'auth', transport: 'streamable-http' })]);
  [emulator, listFail, publicOnly] = await Promise.all([
    startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY }),
    startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY, faults: ['list-fail'] }),
    startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY, faults: ['public-only'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([emulator, listFail, publicOnly].map((e) => e.close()));
  await Promise.all([seed.close(), auth.close()]);
});

const server = (overrides: Partial<ServerDescriptionInput> = {}) => parseServerDescription({ url: seed.url, label: 'seed', ...overrides });

async function run(options: Partial<ClaudeLaneOptions> = {}) {
  const sink = new MemorySink();
  const result = await runClaudeLane({ server: server(), apiKey: API_KEY, baseUrl: emulator.anthropicBaseUrl, ...options }, sink);
  return { result, sink, steps: result.steps.map((s) => `${s.name}:${s.status}:${s.detail}`) };
}

describe('Claude lane against the local emulator', () => {
  it('lists the seed\'s 10 tools from the mcp_tool_listing block, recording the exchange without the key', async () => {
    const { result, sink, steps } = await run();
    expect(result.status).toBe('ok');
    expect(result.tools.map((t) => t.name)).toContain('search_patients');
    expect(result.tools).toHaveLength(10);
    expect(result.listings).toEqual([expect.objectContaining({ serverName: 'seed' })]);
    expect(steps).toEqual([expect.stringMatching(/^request:running:POST http.*\/v1\/messages$/), 'list-tools:ok:listed 10 tools']);
    const request = sink.envelopes.find((e) => e.http?.phase === 'request');
    expect(request).toMatchObject({ lane: 'claude', redacted: true, http: { method: 'POST', url: `${emulator.anthropicBaseUrl}/v1/messages` } });
    expect(request?.http?.headers).toContainEqual(['x-api-key', '[redacted]']);
    expect(request?.http?.headers).toContainEqual(['anthropic-beta', 'mcp-client-2026-09-15']);
    expect(JSON.parse(request?.raw ?? '{}')).toMatchObject({ mcp_servers: [{ type: 'url', url: seed.url, name: 'seed' }], tools: [{ type: 'mcp_toolset', mcp_server_name: 'seed' }] });
    const body = sink.envelopes.find((e) => e.seq === result.listings[0]?.evidence[0]);
    expect(body?.http?.phase).toBe('body');
    expect(JSON.parse(body?.raw ?? '{}')).toMatchObject({ type: 'message', content: expect.arrayContaining([expect.objectContaining({ type: 'mcp_tool_listing', mcp_server_name: 'seed' })]) });
    expect(JSON.stringify(sink.envelopes)).not.toContain(API_KEY);
  });

  it('keeps tools the toolset configuration disables apart from the ones the model is offered', async () => {
    const { result, sink } = await run({ server: server({ allowed_tools: ['search_patients', 'echo_missing'] }) });
    expect(result.status).toBe('ok');
    expect(result.tools.map((t) => t.name)).toEqual(['search_patients']);
    expect(result.listings[0]?.tools.filter((t) => !t.enabled)).toHaveLength(9);
    const request = JSON.parse(sink.envelopes.find((e) => e.http?.phase === 'request')?.raw ?? '{}') as { tools: unknown[] };
    expect(request.tools).toEqual([{ type: 'mcp_toolset', mcp_server_name: 'seed', default_config: { enabled: false }, configs: { search_patients: { enabled: true }, echo_missing: { enabled: true } } }]);
  });

  it('calls a tool through mcp_tool_use / mcp_tool_result', async () => {
    const { result } = await run({ call: { name: 'search_patients', arguments: { query: 'Ada' } } });
    expect(result.call).toMatchObject({ name: 'search_patients', status: 'completed' });
    expect(result.call?.output).toContain('Match for Ada');
    expect(result.messageIds).toHaveLength(2);
  });

  it('refuses a tool the configuration disabled without calling it', async () => {
    const { result } = await run({ server: server({ allowed_tools: ['echo'] }), call: { name: 'search_patients', arguments: {} } });
    expect(result.call).toMatchObject({ status: 'not-called' });
    expect(result.call?.detail).toContain('not among the 0 tools');
  });

  it('under the documented 2025-11-20 beta the API reports no listing: the lane says the list is unknown', async () => {
    const { result, steps } = await run({ beta: MCP_CLIENT_BETA_DOCUMENTED });
    expect(result.status).toBe('ok');
    expect(result.listingUnreported).toBe(true);
    expect(result.tools).toEqual([]);
    expect(steps.at(-1)).toContain('reports no tool listing');
  });

  it('reports the reported wording for a server the connector cannot reach, and for a refused token', async () => {
    const unreachable = await run({ baseUrl: listFail.anthropicBaseUrl });
    expect(unreachable.result.status).toBe('failed');
    expect(unreachable.result.httpStatus).toBe(400);
    expect(unreachable.result.error?.message).toBe('HTTP 400 invalid_request_error: Failed to connect to MCP server \'seed\'. Check that the URL is publicly reachable over HTTPS.');
    const local = await run({ baseUrl: publicOnly.anthropicBaseUrl });
    expect(local.result.error?.message).toContain('Failed to connect to MCP server');
    const token = await run({ server: server({ url: auth.url, label: 'auth', authorization: 'wrong-token-123456' }) });
    expect(token.result.error?.message).toBe('HTTP 400 invalid_request_error: Invalid authorization token for MCP server \'auth\'. Please check your token and try again.');
    const good = await run({ server: server({ url: auth.url, label: 'auth', authorization: auth.token }) });
    expect(good.result.status).toBe('ok');
    expect(JSON.stringify(good.sink.envelopes)).not.toContain(auth.token);
    expect(good.sink.envelopes.find((e) => e.http?.phase === 'request')?.raw).toContain('"authorization_token":"[redacted]"');
  });

  it('shows the 401 without a key, and records custom headers as dropped', async () => {
    const { result } = await run({ apiKey: null, server: server({ headers: [['X-Team', 'blue']] }) });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'unauthorized', message: 'HTTP 401 authentication_error: x-api-key header is required' });
    expect(result.droppedHeaders).toEqual(['X-Team']);
  });

  it('falls back to legacy SSE for a server that has no Streamable HTTP endpoint, and calls through it', async () => {
    const sse = await startFixtureServer({ profile: 'seed', transport: 'sse' });
    try {
      const { result } = await run({ server: server({ url: sse.url }), call: { name: 'search_patients', arguments: { query: 'Ada' } } });
      expect(result.status).toBe('ok');
      expect(result.tools).toHaveLength(10);
      expect(result.call?.output).toContain('Match for Ada');
    } finally {
      await sse.close();
    }
  });

  it('skips a stdio server with the reason', async () => {
    const { result } = await run({ server: parseServerDescription({ stdio: { command: 'node', args: ['x.js'] }, label: 'local' }) });
    expect(result.status).toBe('skipped');
    expect(result.skipped).toContain('Local STDIO servers cannot be connected directly');
  });
});
