import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../shared/diagnosis/diagnose';
import type { ClaudeLaneView } from '../../../shared/diagnosis/views/lane-view';
import { MemorySink } from '../../capture/memory-sink';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import type { ProbeOptions } from '../../probe/probe-lane';
import { runProbe } from '../../probe/run-probe';
import { inspectorProbeLane } from '../inspector/probe-lane';
import { claudeProbeLane } from './probe-lane';

const API_KEY = 'sk-ant-parallax-diagnosis-0123456789';
let seed: RunningFixtureServer;
let emulator: RunningEmulator;
let listFail: RunningEmulator;

beforeAll(async () => {
  seed = await startFixtureServer({ profile: 'seed' });
  [emulator, listFail] = await Promise.all([startEmulator({ allowPrivateNetwork: true }), startEmulator({ allowPrivateNetwork: true, faults: ['list-fail'] })]);
});
afterAll(async () => {
  await Promise.all([emulator.close(), listFail.close()]);
  await seed.close();
});

/** Inspector and Claude lanes through `probe`'s runner, then the diagnosis of what they recorded. */
async function probe(claude: Record<string, unknown>, extra: Partial<ProbeOptions> = {}) {
  const sink = new MemorySink();
  const options: ProbeOptions = { server: seed.url, transport: 'auto', headers: [], capabilities: 'none', lane: { claude: { apiKey: API_KEY, baseUrl: emulator.anthropicBaseUrl, label: 'seed', ...claude } }, ...extra };
  const outcome = await runProbe([inspectorProbeLane, claudeProbeLane], options, sink, new AbortController().signal);
  const diagnosis = diagnose(sink.envelopes);
  const view = diagnosis.views.find((v): v is ClaudeLaneView => v.kind === 'claude');
  return { outcome, diagnosis, view, sink };
}

describe('the Claude lane in the diagnosis', () => {
  it('agrees with the Inspector on the seed: the same 10 tools, no Claude finding', async () => {
    const { outcome, diagnosis, view } = await probe({});
    expect(outcome.report.lanes.claude).toMatchObject({ status: 'ok' });
    expect(outcome.exitCode).toBe(0);
    expect(view?.tools).toHaveLength(10);
    expect(diagnosis.matrix.lanes).toEqual(['inspector', 'claude']);
    expect(diagnosis.matrix.rows.every((r) => r.cells.claude?.state === 'present')).toBe(true);
    expect(diagnosis.findings.filter((f) => f.id.startsWith('claude.'))).toEqual([]);
    expect(diagnosis.verdict).toContain('Inspector and Claude');
  });

  it('names the tools the toolset configuration hides, with the request and the listing as evidence', async () => {
    const { diagnosis, view, sink } = await probe({ allowedTools: ['search_patients'] });
    const finding = diagnosis.findings.find((f) => f.id === 'claude.toolset-disabled');
    expect(finding?.title).toContain('9 tools');
    const bySeq = new Map(sink.envelopes.map((e) => [e.seq, e]));
    expect(finding?.evidence.map((s) => bySeq.get(s)?.http?.phase)).toEqual(['request', 'body']);
    expect(diagnosis.matrix.rows.find((r) => r.name === 'get_lab_results')?.cells.claude?.state).toBe('filtered');
    expect(diagnosis.matrix.rows.find((r) => r.name === 'search_patients')?.cells.claude?.state).toBe('present');
    expect(view?.disabled).toHaveLength(9);
  });

  it('explains a server the connector cannot reach, pointing at the refusal', async () => {
    const { diagnosis, view, sink } = await probe({ baseUrl: listFail.anthropicBaseUrl });
    expect(view?.toolsState).toBe('failed');
    const finding = diagnosis.findings.find((f) => f.id === 'claude.server-unreachable');
    expect(finding?.severity).toBe('error');
    expect(finding?.detail).toContain('loopback');
    const body = sink.envelopes.find((e) => finding?.evidence.includes(e.seq) && e.http?.phase === 'body');
    expect(JSON.parse(body?.raw ?? '{}')).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(diagnosis.verdict).toMatch(/Claude got none/);
  });

  it('tells a refused Anthropic key apart from the server, and reports the headers the connector cannot send', async () => {
    const keyed = await startEmulator({ allowPrivateNetwork: true, apiKey: 'the-only-key-accepted' });
    try {
      const { diagnosis } = await probe({ baseUrl: keyed.anthropicBaseUrl }, { headers: [['X-Team', 'blue']] });
      expect(diagnosis.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['claude.api-key-refused', 'claude.headers-dropped']));
      expect(diagnosis.findings.some((f) => f.id === 'claude.server-unreachable')).toBe(false);
    } finally {
      await keyed.close();
    }
  });

  it('under the documented 2025-11-20 beta says the list is unknown, not empty', async () => {
    const { diagnosis, view } = await probe({ beta: 'mcp-client-2025-11-20' });
    expect(view?.listingUnreported).toBe(true);
    expect(diagnosis.findings.find((f) => f.id === 'claude.listing-unreported')?.fix).toContain('mcp-client-2026-09-15');
    expect(diagnosis.verdict).toContain('beta reports no listing');
  });
});
