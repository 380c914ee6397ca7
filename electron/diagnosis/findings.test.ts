import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { diagnose, type Diagnosis } from '../../shared/diagnosis/diagnose';
import { MemorySink } from '../capture/memory-sink';
import { runInspectorLane } from '../lanes/inspector/inspector-lane';
import { parseServerTarget } from '../lanes/inspector/server-target';
import { paginatedServer, startStreamableServer } from '../lanes/inspector/test-support/mcp-servers';
import { startMcpProxy, type RunningProxy } from '../proxy/mcp-proxy';
import { initializeOffering, listOnePage } from './test-support/one-page-client';
import { mcpTool, recordInspector, recordPlayground, recordRealtime, recordResponses, realtimeUrl, startWorld, type World } from './test-support/recorded-runs';
import { ScriptedRealtimeClient } from './test-support/scripted-client';

/**
 * Each finding fired by a real run against the fixture or emulator profile that causes it.
 * (The clean seed run, where every one stays silent, is in seed-scenario.test.ts.)
 */
let world: World | undefined;
let proxy: RunningProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await world?.close();
  world = undefined;
});

const findingsOf = (diagnosis: Diagnosis, id: string) => diagnosis.findings.filter((f) => f.id === id);
const envelope = (w: World, seq: number): Envelope => w.sink.envelopes.find((e) => e.seq === seq) as Envelope;
const rawsOf = (w: World, seqs: number[]) => seqs.map((s) => envelope(w, s).raw).join('\n');

describe('Realtime interface findings', () => {
  it('realtime.beta-retired: a client with OpenAI-Beta: realtime=v1 against today\'s API is refused with beta_api_shape_disabled and a 4000 close', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    const client = await ScriptedRealtimeClient.open(realtimeUrl(world), world.sink, { beta: true });
    await client.waitFor('error');
    await client.close();
    const diagnosis = diagnose(world.sink.envelopes);
    const [retired] = findingsOf(diagnosis, 'realtime.beta-retired');
    expect(retired).toMatchObject({ severity: 'error', lanes: ['client'] });
    expect(retired?.title).toContain('retired');
    expect(retired?.fix).toContain('5.23.1');
    expect(rawsOf(world, retired?.evidence ?? [])).toContain('beta_api_shape_disabled');
    expect(findingsOf(diagnosis, 'realtime.beta-interface')).toEqual([]);
    expect(diagnosis.lanes.client).toMatchObject({ status: 'failed', tools: [] });
  });

  it('realtime.beta-interface and realtime.tools-on-item-done (retired beta-2025 profile): a client with OpenAI-Beta: realtime=v1 gets mcp_list_tools.completed and never conversation.item.done', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    const client = await ScriptedRealtimeClient.open(`${realtimeUrl(world)}&parallax_realtime_interface=beta-2025`, world.sink, { beta: true });
    await client.waitFor('session.created');
    client.send({ type: 'session.update', session: { tools: [mcpTool(world)] } });
    await client.waitFor('mcp_list_tools.completed');
    await client.close();
    const diagnosis = diagnose(world.sink.envelopes);

    const [beta] = findingsOf(diagnosis, 'realtime.beta-interface');
    expect(beta).toMatchObject({ severity: 'error', lanes: ['client'] });
    expect(beta?.detail).toContain('retired in May 2026');
    expect(rawsOf(world, beta?.evidence ?? [])).toContain('mcp_list_tools.completed');
    expect(beta?.evidence.some((s) => envelope(world as World, s).http?.headers?.some(([k, v]) => k === 'OpenAI-Beta' && v === 'realtime=v1'))).toBe(true);
    const [location] = findingsOf(diagnosis, 'realtime.tools-on-item-done');
    expect(location).toMatchObject({ severity: 'warning', lanes: ['client'] });
    expect(location?.title).toContain('mcp_list_tools.completed');
    expect(diagnosis.lanes.client).toMatchObject({ status: 'failed', tools: [] });
    expect(diagnosis.differs).toBe(true);
  });

  it('realtime.session-update-rejected: a beta-only session field on GA is an unknown_parameter', async () => {
    world = await startWorld('seed');
    const client = await ScriptedRealtimeClient.open(realtimeUrl(world), world.sink);
    await client.waitFor('session.created');
    client.send({ type: 'session.update', session: { type: 'realtime', modalities: ['text'], tools: [mcpTool(world)] } });
    await client.waitFor('error');
    await client.close();
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'realtime.session-update-rejected');
    expect(finding?.title).toContain('unknown_parameter on session.modalities');
    expect(rawsOf(world, finding?.evidence ?? [])).toContain('"unknown_parameter"');
  });

  it('realtime.turn-before-listing: response.create while the listing is still in progress (emulator slow-list)', async () => {
    world = await startWorld('seed', { emulator: { slowListMs: 5_000 } });
    const client = await ScriptedRealtimeClient.open(realtimeUrl(world, 'slow-list'), world.sink);
    await client.waitFor('session.created');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcpTool(world)] } });
    await client.waitFor('mcp_list_tools.in_progress');
    client.send({ type: 'response.create' });
    await client.waitFor('response.done');
    await client.waitFor('conversation.item.done', (e) => (e.item as { type?: string }).type === 'mcp_list_tools');
    await client.close();
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'realtime.turn-before-listing');
    expect(finding).toMatchObject({ severity: 'warning', lanes: ['client'] });
    expect(rawsOf(world, finding?.evidence ?? [])).toMatch(/mcp_list_tools\.in_progress[^]*response\.create/);
  });

  it('openai.duplicate-tool-names: the same server under two labels imports every name twice', async () => {
    world = await startWorld('seed');
    const client = await ScriptedRealtimeClient.open(realtimeUrl(world), world.sink);
    await client.waitFor('session.created');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcpTool(world, { server_label: 'health_a' }), mcpTool(world, { server_label: 'health_b' })] } });
    const done = (label: string) => client.waitFor('conversation.item.done', (e) => (e.item as { server_label?: string }).server_label === label);
    await Promise.all([done('health_a'), done('health_b')]);
    await client.close();
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'openai.duplicate-tool-names');
    expect(finding?.title).toContain('health_a, health_b');
    expect(finding?.detail).toContain('`search_patients`');
  });
});

describe('reachability, transport and auth findings', () => {
  it('openai.server-unreachable and responses.424: OpenAI (emulated with public-only) cannot reach 127.0.0.1', async () => {
    world = await startWorld('seed', { emulator: { faults: ['public-only'] } });
    await recordInspector(world);
    await recordRealtime(world);
    await recordPlayground(world);
    const diagnosis = diagnose(world.sink.envelopes);
    const unreachable = findingsOf(diagnosis, 'openai.server-unreachable');
    expect(unreachable.map((f) => [f.severity, f.lanes])).toEqual([['error', ['playground', 'realtime']]]);
    expect(unreachable[0]?.title).toMatch(/^OpenAI cannot reach 127\.0\.0\.1:\d+: a loopback address/);
    const [failed] = findingsOf(diagnosis, 'responses.424');
    expect(failed?.title).toContain("Error retrieving tool list from MCP server: 'seed'");
    expect(rawsOf(world, failed?.evidence ?? [])).toContain('"type":"error"');
    expect(diagnosis.verdict).toMatch(/^The server offers 10 tools, which Inspector shows; Playground got none, Realtime got none; OpenAI cannot reach 127\.0\.0\.1:\d+ \(a loopback address \(127\.0\.0\.0\/8\)\); the Responses API reports/);
  });

  it('mcp.transport-mismatch: /mcp on a legacy-SSE server answers 404 to POST and to GET', async () => {
    world = await startWorld('seed');
    await recordInspector(world, { url: world.fixture.url.replace(/\/sse$/, '/mcp'), connectTimeoutMs: 10_000 });
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'mcp.transport-mismatch');
    expect(finding).toMatchObject({ severity: 'error', lanes: ['inspector'] });
    expect(finding?.detail).toContain('The URL ends in /mcp');
    expect(finding?.fix).toContain('/sse');
  });

  it('mcp.transport-fallback: the Inspector needed the SSE fallback (405) while OpenAI\'s listing failed (emulator list-fail)', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    await recordRealtime(world, { fault: 'list-fail' });
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'mcp.transport-fallback');
    expect(finding?.detail).toContain('405');
    expect(finding?.detail).toMatch(/may be why/);
  });

  it('mcp.unauthorized and openai.mcp-unauthorized: the auth fixture answers 401 with WWW-Authenticate to both', async () => {
    world = await startWorld('auth');
    await recordInspector(world);
    await recordRealtime(world);
    const diagnosis = diagnose(world.sink.envelopes);
    const [direct] = findingsOf(diagnosis, 'mcp.unauthorized');
    expect(direct?.title).toContain('HTTP 401 (WWW-Authenticate: Bearer realm="parallax-fixture"');
    expect(envelope(world, direct?.evidence.at(-1) as number).http?.status).toBe(401);
    const [hosted] = findingsOf(diagnosis, 'openai.mcp-unauthorized');
    expect(hosted).toMatchObject({ lanes: ['realtime'] });
    expect(hosted?.detail).toContain('carries no authorization');
    expect(findingsOf(diagnosis, 'mcp.transport-mismatch')).toEqual([]);
    // The 401's JSON body is a refusal, not a broken JSON-RPC frame.
    expect(findingsOf(diagnosis, 'mcp.invalid-frames')).toEqual([]);
    // The emulator reached the server: the 401 is the failure, the address only a warning about real OpenAI.
    expect(findingsOf(diagnosis, 'openai.server-unreachable').map((f) => [f.severity, f.headline])).toEqual([['warning', undefined]]);
  });

  it('openai.api-key-refused: no OpenAI key is OpenAI refusing the lanes, not the MCP server refusing OpenAI', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    expect((await recordPlayground(world, { apiKey: null })).status).toBe('failed');
    expect((await recordRealtime(world, { apiKey: null })).status).toBe('failed');
    const diagnosis = diagnose(world.sink.envelopes);
    const refused = findingsOf(diagnosis, 'openai.api-key-refused');
    expect(refused.map((f) => [f.lanes, f.title])).toEqual([
      [['playground'], 'OpenAI refused the API key for Playground (HTTP 401)'],
      [['realtime'], 'OpenAI refused the API key for Realtime (HTTP 401)'],
    ]);
    expect(rawsOf(world, refused[0]?.evidence ?? [])).toContain("You didn't provide an API key");
    expect(findingsOf(diagnosis, 'openai.mcp-unauthorized')).toEqual([]);
    expect(diagnosis.verdict).toContain('OpenAI refused the API key (HTTP 401), so its hosted client never ran');
  });

  it('openai.function-call-for-mcp-tool: under the emulator\'s function-call fault the model asks for the MCP tool as a function, in both OpenAI lanes', async () => {
    world = await startWorld('seed', { emulator: { faults: ['function-call'] } });
    await recordInspector(world);
    const call = { name: 'search_patients', arguments: { query: 'Ada' } };
    await recordPlayground(world, { call });
    await recordRealtime(world, { call });
    const diagnosis = diagnose(world.sink.envelopes);
    const found = findingsOf(diagnosis, 'openai.function-call-for-mcp-tool');
    expect(found.map((f) => [f.severity, f.lanes])).toEqual([['error', ['playground']], ['error', ['realtime']]]);
    expect(found[0]?.title).toBe('The model asked for MCP tool `search_patients` with function_call on Playground, so OpenAI never called the server');
    for (const f of found) expect(rawsOf(world, f.evidence)).toContain('"type":"function_call"');
    // Nothing reached the server: the only tools/call on the wire would be the Inspector's, and it made none.
    expect(world.sink.envelopes.some((e) => e.layer === 'jsonrpc' && e.raw.includes('"tools/call"'))).toBe(false);
  });

  it('realtime.session-update-rejected: a GA update with beta field names is refused on the first, and the finding names every one with its GA field', async () => {
    world = await startWorld('seed');
    const client = await ScriptedRealtimeClient.open(realtimeUrl(world), world.sink);
    await client.waitFor('session.created');
    client.send({ type: 'session.update', session: { type: 'realtime', modalities: ['text'], voice: 'alloy', turn_detection: null, temperature: 0.7, tools: [mcpTool(world)] } });
    await client.waitFor('error');
    await client.close();
    const [rejected] = findingsOf(diagnose(world.sink.envelopes), 'realtime.session-update-rejected');
    expect(rejected?.title).toBe('The API rejected a session.update: unknown_parameter on session.modalities (beta-interface field names)');
    expect(rejected?.fix).toBe('Rename to the GA fields: modalities -> output_modalities; voice -> audio.output.voice; turn_detection -> audio.input.turn_detection; temperature (no GA field; drop it).');
    expect(rawsOf(world, rejected?.evidence ?? [])).toContain('unknown_parameter');
  });

  it('the hosted lanes record what the server\'s host name resolved to, for the reachability finding', async () => {
    world = await startWorld('seed');
    await recordPlayground(world, { server: { url: world.fixture.url.replace('127.0.0.1', 'localhost') } });
    const meta = world.sink.envelopes.map((e) => (e.layer === 'meta' ? JSON.parse(e.raw) as { kind?: string; host?: string; addresses?: string[] } : {})).find((m) => m.kind === 'server-address');
    expect(meta?.host).toBe('localhost');
    expect(meta?.addresses?.every((a) => a === '::1' || a.startsWith('127.'))).toBe(true);
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'openai.server-unreachable');
    expect(finding?.title).toMatch(/^OpenAI cannot reach localhost:\d+: localhost is this machine/);
  });

  it('mcp.host-rejected: DNS-rebinding protection refuses the Host header; neither lane calls it an auth problem', async () => {
    world = await startWorld('seed', { transport: 'streamable-http', fixture: { allowedHosts: ['mcp.example.com'] } });
    await recordInspector(world);
    await recordPlayground(world);
    const diagnosis = diagnose(world.sink.envelopes);
    const [finding, ...more] = findingsOf(diagnosis, 'mcp.host-rejected');
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', lanes: ['inspector', 'playground'] });
    expect(finding?.title).toMatch(/^The server refuses the Host header 127\.0\.0\.1:\d+ \(DNS-rebinding protection\)$/);
    expect(finding?.detail).toContain('Invalid Host header: 127.0.0.1:');
    expect(rawsOf(world, finding?.evidence ?? [])).toContain('Invalid Host header');
    expect(findingsOf(diagnosis, 'mcp.unauthorized')).toEqual([]);
    expect(findingsOf(diagnosis, 'openai.mcp-unauthorized')).toEqual([]);
    expect(diagnosis.verdict).toContain('DNS-rebinding protection refuses the Host header');
  });

  it('openai.authorization-twice: authorization and headers.Authorization together are rejected before import', async () => {
    world = await startWorld('auth');
    const client = await ScriptedRealtimeClient.open(realtimeUrl(world), world.sink);
    await client.waitFor('session.created');
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [mcpTool(world, { authorization: world.fixture.token, headers: { Authorization: `Bearer ${world.fixture.token}` } })] } });
    await client.waitFor('error');
    await client.close();
    const diagnosis = diagnose(world.sink.envelopes);
    const [finding] = findingsOf(diagnosis, 'openai.authorization-twice');
    expect(finding).toMatchObject({ severity: 'error', lanes: ['client'] });
    expect(rawsOf(world, finding?.evidence ?? [])).toMatch(/session\.update[^]*"error"/);
    expect(findingsOf(diagnosis, 'realtime.session-update-rejected')).toEqual([]);
  });
});

describe('server-side list findings', () => {
  it('mcp.paginated: the paginated fixture lists 10 tools over 3 pages; both clients follow them', async () => {
    world = await startWorld('paginated');
    await recordInspector(world);
    await recordRealtime(world);
    const diagnosis = diagnose(world.sink.envelopes);
    const [finding] = findingsOf(diagnosis, 'mcp.paginated');
    expect(finding?.title).toBe('The server lists its 10 tools over 3 pages');
    expect(finding?.evidence).toHaveLength(6);
    expect(diagnosis.lanes.realtime?.tools).toHaveLength(10);
  });

  it('mcp.one-page-read: an SDK client calling listTools() once, seen through the recording proxy, stops after the first page', async () => {
    world = await startWorld('paginated');
    proxy = await startMcpProxy({ target: world.fixture.url, sink: world.sink });
    await recordInspector(world);
    expect(await listOnePage(proxy.address)).toBe(4);
    const diagnosis = diagnose(world.sink.envelopes);
    const readers = findingsOf(diagnosis, 'mcp.one-page-read');
    expect(readers.map((f) => f.lanes)).toEqual([['server']]);
    expect(readers[0]?.detail).toContain('nextCursor "4"');
    expect(diagnosis.lanes.server?.tools).toHaveLength(4);
  });

  it('mcp.cursor-loop: the cursor-loop fixture hands back the same nextCursor', async () => {
    world = await startWorld('cursor-loop');
    await recordInspector(world);
    await recordRealtime(world);
    const diagnosis = diagnose(world.sink.envelopes);
    const [finding] = findingsOf(diagnosis, 'mcp.cursor-loop');
    expect(finding?.title).toBe('tools/list pagination loops: nextCursor "again" comes back again');
    // The looping pages repeat the same tools; that is the loop, not a malformed tool.
    expect(findingsOf(diagnosis, 'tools.malformed')).toEqual([]);
    expect(diagnosis.lanes.realtime?.status).toBe('failed');
  });

  it('tools.malformed: one inputSchema without type "object", named with its path; strict OpenAI import fails', async () => {
    world = await startWorld('malformed-tool');
    await recordInspector(world);
    await recordRealtime(world);
    const diagnosis = diagnose(world.sink.envelopes);
    const [finding] = findingsOf(diagnosis, 'tools.malformed');
    expect(finding?.title).toBe('Tool `broken_schema_tool` is malformed at /inputSchema/type: strict clients drop the whole list for it');
    expect(finding?.lanes).toEqual(['inspector', 'realtime']);
    expect(rawsOf(world, finding?.evidence ?? [])).toContain('broken_schema_tool');
    const row = diagnosis.matrix.rows.find((r) => r.name === 'broken_schema_tool');
    expect(row?.cells.inspector?.state).toBe('invalid');
    expect(row?.cells.realtime?.state).toBe('not-loaded');
    // The emulator reached the server; its failure is the strict validation, not the address.
    expect(findingsOf(diagnosis, 'openai.server-unreachable').map((f) => [f.severity, f.headline])).toEqual([['warning', undefined]]);
  });

  it('tools.openai-schema-risk: the hostile fixture\'s HTML tool name and megabyte description', async () => {
    world = await startWorld('hostile');
    await recordInspector(world);
    const risks = findingsOf(diagnose(world.sink.envelopes), 'tools.openai-schema-risk');
    expect(risks.find((f) => f.title.includes('`<script>'))?.detail).toContain('^[a-zA-Z0-9_-]{1,64}$');
    expect(risks.find((f) => f.title.includes('`huge_description`'))?.detail).toContain('1000000 characters');
    expect(risks.every((f) => /may/.test(f.detail))).toBe(true);
  });

  it('tools.too-many: an SDK server listing 130 tools on one page', async () => {
    const tools = Array.from({ length: 130 }, (_, i) => ({ name: `tool_${i}`, description: `Tool ${i}.`, inputSchema: { type: 'object', properties: {} } }));
    const server = await startStreamableServer(() => paginatedServer([tools]));
    try {
      const sink = new MemorySink();
      await runInspectorLane({ target: parseServerTarget(server.url) }, sink);
      const diagnosis = diagnose(sink.envelopes);
      const [finding] = findingsOf(diagnosis, 'tools.too-many');
      expect(finding?.title).toBe('The server offers 130 tools; OpenAI documents 128 per request');
      expect(finding?.detail).toMatch(/may be cut or refused/);
      expect(sink.envelopes.find((e) => e.seq === finding?.evidence[0])?.raw).toContain('"tool_129"');
    } finally {
      await server.close();
    }
  });

  it('mcp.capabilities-gated: tools offered only to clients declaring roots/sampling/elicitation', async () => {
    world = await startWorld('capabilities-gated');
    await recordInspector(world, { capabilities: 'all' });
    await recordRealtime(world);
    const diagnosis = diagnose(world.sink.envelopes);
    const [finding] = findingsOf(diagnosis, 'mcp.capabilities-gated');
    expect(finding?.title).toBe('3 tools may be offered only to clients that declare roots/sampling/elicitation/tasks: `list_client_roots`, `summarise_with_client_llm`, `ask_user_confirmation`');
    expect(diagnosis.lanes.realtime?.tools).toEqual(['echo', 'get_time']);
  });

  it('mcp.list-changed-lost: a tool announced by tools/list_changed never reaches OpenAI\'s one-time import', async () => {
    world = await startWorld('list-changed');
    await recordInspector(world);
    await recordRealtime(world);
    const diagnosis = diagnose(world.sink.envelopes);
    const [finding] = findingsOf(diagnosis, 'mcp.list-changed-lost');
    expect(finding?.title).toContain('`late_tool`');
    expect(rawsOf(world, finding?.evidence ?? [])).toContain('notifications/tools/list_changed');
    expect(diagnosis.matrix.rows.find((r) => r.name === 'late_tool')?.cells.realtime?.state).toBe('absent');
  });

  it('mcp.protocol-version-downgraded: a client offering 2026-07-28 gets the server\'s 2025-11-25', async () => {
    world = await startWorld('seed', { transport: 'streamable-http' });
    proxy = await startMcpProxy({ target: world.fixture.url, sink: world.sink });
    expect(await initializeOffering(proxy.address, '2026-07-28')).toBe('2025-11-25');
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'mcp.protocol-version-downgraded');
    expect(finding).toMatchObject({ severity: 'info', lanes: ['server'], title: "The server answered protocol 2025-11-25 to Server's 2026-07-28" });
    expect(rawsOf(world, finding?.evidence ?? [])).toMatch(/"protocolVersion":"2026-07-28"[^]*"protocolVersion":"2025-11-25"/);
  });

  it('mcp.invalid-frames: the hostile fixture writes garbage frames before its tools/list answer', async () => {
    world = await startWorld('hostile');
    await recordInspector(world);
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'mcp.invalid-frames');
    expect(finding).toMatchObject({ severity: 'warning', lanes: ['inspector'] });
    expect(rawsOf(world, finding?.evidence ?? [])).toContain('not json at all <html>');
  });
});

describe('OpenAI configuration findings', () => {
  it('openai.allowed-tools-unknown: allowed_tools names a tool the server does not have, and the import fails', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    await recordRealtime(world, { server: { allowed_tools: ['search_patients', 'no_such_tool'] } });
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'openai.allowed-tools-unknown');
    expect(finding).toMatchObject({ severity: 'error', lanes: ['realtime'] });
    expect(finding?.title).toContain('`no_such_tool`');
    expect(finding?.detail).toContain('the listing did fail');
  });

  it('openai.allowed-tools-filter: allowed_tools keeps two of the ten tools; the matrix marks the rest filtered', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    await recordRealtime(world, { server: { allowed_tools: ['search_patients', 'get_patient_record'] } });
    const diagnosis = diagnose(world.sink.envelopes);
    expect(findingsOf(diagnosis, 'openai.allowed-tools-filter')[0]?.title).toBe('allowed_tools hides 8 tools from Realtime');
    expect(diagnosis.matrix.rows.filter((r) => r.cells.realtime?.state === 'filtered')).toHaveLength(8);
  });

  it('responses.424: without streaming the Responses API answers HTTP 424 external_connector_error (emulator list-fail)', async () => {
    world = await startWorld('seed');
    expect(await recordResponses(world, { model: 'gpt-4.1', input: 'hi', tools: [mcpTool(world)] }, { fault: 'list-fail' })).toBe(424);
    const [failed] = findingsOf(diagnose(world.sink.envelopes), 'responses.424');
    expect(failed?.title).toMatch(/^The Responses API answered 424: Error retrieving tool list from MCP server: 'seed'/);
    expect(rawsOf(world, failed?.evidence ?? [])).toContain('external_connector_error');
  });

  it('openai.approval-unanswered: require_approval defaults to always and nobody answers the request', async () => {
    world = await startWorld('seed');
    await recordResponses(world, {
      model: 'gpt-4.1', stream: true, input: 'parallax:call search_patients {"query":"Ada"}',
      tools: [{ type: 'mcp', server_label: 'seed', server_url: world.fixture.url }],
    });
    const [finding] = findingsOf(diagnose(world.sink.envelopes), 'openai.approval-unanswered');
    expect(finding?.title).toBe('Playground never answered the approval request for `search_patients`');
    expect(rawsOf(world, finding?.evidence ?? [])).toContain('mcp_approval_request');
  });
});
