import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnosis/diagnose';
import type { McpLaneView } from '../../shared/diagnosis/views/lane-view';
import { startMcpProxy, type RunningProxy } from '../proxy/mcp-proxy';
import { recordInspector, recordRealtime, startWorld, type World } from './test-support/recorded-runs';

/** The Server lane: the recording proxy in front of the fixture, with OpenAI's (emulated) connector going through it. */
let world: World | undefined;
let proxy: RunningProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await world?.close();
  world = undefined;
});

describe('diagnosis with the Server lane (recording proxy)', () => {
  it('capabilities-gated: the Server lane shows OpenAI\'s connector declaring no capabilities, and the finding cites it', async () => {
    world = await startWorld('capabilities-gated');
    proxy = await startMcpProxy({ target: world.fixture.url, sink: world.sink });
    await recordInspector(world, { capabilities: 'all' });
    await recordRealtime(world, { server: { url: proxy.address } });
    const diagnosis = diagnose(world.sink.envelopes);

    const server = diagnosis.views.find((v): v is McpLaneView => v.lane === 'server' && v.kind === 'mcp');
    const connector = server?.initializes.find((i) => i.clientName === 'openai-mcp');
    expect(connector?.clientCapabilities).toEqual({});
    expect(diagnosis.lanes.server?.tools).toEqual(['echo', 'get_time']);
    expect(diagnosis.matrix.reference).toBe('server');

    const [finding] = diagnosis.findings.filter((f) => f.id === 'mcp.capabilities-gated');
    expect(finding?.detail).toContain(`declared {} here (seq ${connector?.requestSeq})`);
    expect(finding?.evidence).toContain(connector?.requestSeq);
    expect(diagnosis.verdict).toMatch(/^The server offers 2 tools, which Server and Realtime both show, while Inspector shows 5/);
  });

  it('the seed through the proxy: the Server lane\'s tools are what OpenAI\'s lane reports, with no schema differences', async () => {
    world = await startWorld('seed');
    proxy = await startMcpProxy({ target: world.fixture.url, sink: world.sink });
    await recordInspector(world);
    await recordRealtime(world, { server: { url: proxy.address } });
    const diagnosis = diagnose(world.sink.envelopes);
    expect(diagnosis.lanes.server?.tools).toHaveLength(10);
    for (const row of diagnosis.matrix.rows) {
      expect(row.cells.realtime).toMatchObject({ state: 'present', differences: [] });
    }
    // The proxy listens on 127.0.0.1: against real OpenAI it needs a public tunnel, which the warning says.
    expect(diagnosis.findings.map((f) => [f.id, f.severity])).toEqual([['openai.server-unreachable', 'warning']]);
  });
});
