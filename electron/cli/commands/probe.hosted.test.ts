import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProbeReport } from '../../../shared/lanes/probe-report';
import { openCapture } from '../../capture/capture-loader';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator';
import type { FaultName } from '../../emulator/faults';
import type { FixtureEra } from '../../../shared/lanes/fixture-eras';
import type { KnownRevision } from '../../../shared/lanes/protocol-revision';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { UsageError, type CommandIo } from '../command';
import { probeCommand } from './probe';

const API_KEY = 'sk-parallax-probe-test-5a5a5a5a5a';
let dir: string;
let savedKey: string | undefined;
const emulators = new Map<string, RunningEmulator>();
const fixtures: RunningFixtureServer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-probe-hosted-'));
  savedKey = process.env.OPENAI_API_KEY;
  process.env.OPENAI_API_KEY = API_KEY;
});
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});
afterAll(async () => {
  if (savedKey === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = savedKey;
  await Promise.all([...emulators.values()].map((e) => e.close()));
  await rm(dir, { recursive: true, force: true });
});

/** One emulator per fault set (and hosted era), with the faults on the instance so both hosted lanes meet them. */
async function emulator(...faults: FaultName[]): Promise<RunningEmulator> {
  return emulatorWith({}, ...faults);
}

async function emulatorWith(options: { hostedEra?: KnownRevision }, ...faults: FaultName[]): Promise<RunningEmulator> {
  const name = `${faults.join(',')}@${options.hostedEra ?? ''}`;
  let running = emulators.get(name);
  if (!running) {
    running = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY, faults, slowListMs: 300, ...options });
    emulators.set(name, running);
  }
  return running;
}

async function fixture(profile: string, era?: FixtureEra): Promise<RunningFixtureServer> {
  const running = await startFixtureServer({ profile, ...(era ? { era, transport: 'streamable-http' as const } : {}) });
  fixtures.push(running);
  return running;
}

let counter = 0;
async function probe(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped: new Promise(() => undefined) };
  const capture = join(dir, `probe-${++counter}.parallax`);
  const code = await probeCommand.run([...argv, '--out', capture], io);
  return { code, out, err, capture };
}

async function probeJson(...argv: string[]) {
  const result = await probe(...argv, '--json');
  return { ...result, report: ProbeReport.parse(JSON.parse(result.out[0] ?? '{}')) };
}

type Expected = [status: 'ok' | 'failed' | 'skipped', tools: number, error?: RegExp];
function expectLanes(report: ProbeReport, expected: Partial<Record<'inspector' | 'playground' | 'realtime', Expected>>) {
  for (const [lane, [status, tools, error]] of Object.entries(expected)) {
    const summary = report.lanes[lane as keyof typeof expected];
    expect({ lane, status: summary?.status, tools: summary?.tools.length }).toEqual({ lane, status, tools });
    if (error) expect(summary?.error, lane).toMatch(error);
  }
}

describe('parallax probe with the hosted lanes against the local emulator', () => {
  it('shows the seed\'s 10 tools in all three lanes, exits 0, and keeps the key out of the capture and output', async () => {
    const [seed, openai] = [await fixture('seed'), await emulator()];
    const { code, report, capture, out, err } = await probeJson('--server', seed.url, '--label', 'seed', '--openai-base-url', openai.baseUrl);
    expectLanes(report, { inspector: ['ok', 10], playground: ['ok', 10], realtime: ['ok', 10] });
    expect(new Set([report.lanes.playground?.tools.join(), report.lanes.realtime?.tools.join()])).toEqual(new Set([report.lanes.inspector?.tools.join()]));
    expect(code).toBe(0);

    const text = await readFile(capture, 'utf8');
    expect(text).not.toContain(API_KEY);
    expect([...out, ...err].join('\n')).not.toContain(API_KEY);
    const loaded = await openCapture(capture);
    try {
      expect(loaded.header.lanes.map((l) => l.lane)).toEqual(['inspector', 'playground', 'realtime']);
      const envelopes = await loaded.readSeqRange(1, loaded.count);
      expect(new Set(envelopes.map((e) => e.lane))).toEqual(new Set(['inspector', 'playground', 'realtime']));
      expect(envelopes.filter((e) => e.lane === 'realtime' && e.layer === 'ws').length).toBeGreaterThan(5);
      expect(envelopes.filter((e) => e.lane === 'playground' && e.layer === 'sse').length).toBeGreaterThan(5);
    } finally {
      await loaded.close();
    }
  });

  it('prints each lane\'s tool list in plain output', async () => {
    const [seed, openai] = [await fixture('seed'), await emulator()];
    const { code, out } = await probe('--server', seed.url, '--openai-base-url', openai.baseUrl, '--lanes', 'playground,realtime');
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^playground: ok, 10 tool\(s\)$/m);
    expect(text).toMatch(/^realtime: ok, 10 tool\(s\)$/m);
    expect(text.match(/^ {2}- search_patients$/gm)).toHaveLength(2);
  });

  it('skips the OpenAI lanes without a key and without a custom base URL, saying why', async () => {
    const seed = await fixture('seed');
    delete process.env.OPENAI_API_KEY;
    try {
      const { code, report } = await probeJson('--server', seed.url);
      expectLanes(report, { inspector: ['ok', 10], playground: ['skipped', 0, /no OpenAI API key/], realtime: ['skipped', 0, /no OpenAI API key/] });
      expect(code).toBe(0);
    } finally {
      process.env.OPENAI_API_KEY = API_KEY;
    }
  });

  it('skips the OpenAI lanes for a stdio server, which OpenAI cannot reach', async () => {
    const openai = await emulator();
    const { report } = await probeJson('--server', 'stdio:node -e "setTimeout(()=>{},10)"', '--lanes', 'playground,realtime', '--openai-base-url', openai.baseUrl);
    expect(report.lanes.playground).toMatchObject({ status: 'skipped', error: expect.stringMatching(/stdio/) });
    expect(report.lanes.realtime).toMatchObject({ status: 'skipped', error: expect.stringMatching(/stdio/) });
  });

  it('refuses an unreadable --session-update file as bad usage (exit 2)', async () => {
    await expect(probe('--server', 'http://127.0.0.1:9/mcp', '--session-update', join(dir, 'missing.json'))).rejects.toThrow(new UsageError(`--session-update: cannot read ${join(dir, 'missing.json')}: ENOENT: no such file or directory, open '${join(dir, 'missing.json')}'`));
  });

  it('refuses a token given both as --bearer-token and as an Authorization header', async () => {
    await expect(probe('--server', 'http://127.0.0.1:9/mcp', '--bearer-token', 'a', '--header', 'Authorization: Bearer b')).rejects.toThrow(/either as "authorization" or as an Authorization header/);
  });

  it('sends a pasted session.update file as is and shows its rejection in the Realtime lane', async () => {
    const [seed, openai] = [await fixture('seed'), await emulator()];
    const file = join(dir, 'session-update.json');
    await writeFile(file, JSON.stringify({ type: 'session.update', session: { tools: [{ type: 'mcp', server_label: 'seed', server_url: seed.url }] } }));
    const { code, report } = await probeJson('--server', seed.url, '--openai-base-url', openai.baseUrl, '--session-update', file);
    expectLanes(report, { inspector: ['ok', 10], playground: ['ok', 10], realtime: ['failed', 0, /session.update rejected: missing_required_parameter session.type/] });
    expect(code).toBe(1);
  });

  describe('each fixture shows its expected lane statuses', () => {
    const cases: [profile: string, expected: Record<'inspector' | 'playground' | 'realtime', Expected>, extra?: (f: RunningFixtureServer) => string[]][] = [
      ['paginated', { inspector: ['ok', 10], playground: ['ok', 10], realtime: ['ok', 10] }],
      ['cursor-loop', { inspector: ['ok', 4], playground: ['failed', 0, /mcp_list_tools.failed/], realtime: ['failed', 0, /mcp_list_tools.failed/] }],
      ['malformed-tool', { inspector: ['ok', 4], playground: ['failed', 0, /mcp_list_tools.failed/], realtime: ['failed', 0, /mcp_list_tools.failed/] }],
      ['no-description', { inspector: ['ok', 10], playground: ['ok', 10], realtime: ['ok', 10] }],
      ['capabilities-gated', { inspector: ['ok', 2], playground: ['ok', 2], realtime: ['ok', 2] }],
      ['auth', { inspector: ['failed', 0, /401/], playground: ['failed', 0, /401 \(Unauthorized\)/], realtime: ['failed', 0, /401 \(Unauthorized\)/] }],
      ['auth', { inspector: ['ok', 10], playground: ['ok', 10], realtime: ['ok', 10] }, (f) => ['--bearer-token', f.token]],
      ['list-changed', { inspector: ['ok', 3], playground: ['ok', 2], realtime: ['ok', 2] }],
      ['hostile', { inspector: ['ok', 5], playground: ['ok', 5], realtime: ['ok', 5] }],
      ['slow', { inspector: ['ok', 10], playground: ['ok', 10], realtime: ['ok', 10] }],
    ];
    it.each(cases)('%s', async (profile, expected, extra) => {
      const [server, openai] = [await fixture(profile), await emulator()];
      const { report } = await probeJson('--server', server.url, '--openai-base-url', openai.baseUrl, ...(extra?.(server) ?? []));
      expectLanes(report, expected);
    });
  });

  describe('the hosted era: which MCP revision the emulated hosted client speaks', () => {
    const cases: [era: FixtureEra, hostedEra: KnownRevision, expected: Record<'inspector' | 'playground' | 'realtime', Expected>][] = [
      ['modern', '2025-06-18', { inspector: ['ok', 10], playground: ['failed', 0, /400 \(Bad Request\)/], realtime: ['failed', 0, /400 \(Bad Request\)/] }],
      ['modern', '2026-07-28', { inspector: ['ok', 10], playground: ['ok', 10], realtime: ['ok', 10] }],
      ['dual', '2025-06-18', { inspector: ['ok', 10], playground: ['ok', 10], realtime: ['ok', 10] }],
      ['legacy', '2026-07-28', { inspector: ['ok', 10], playground: ['failed', 0, /mcp_list_tools.failed|Http status code/], realtime: ['failed', 0, /mcp_list_tools.failed|Http status code/] }],
    ];
    it.each(cases)('a %s server, hosted client on %s', async (era, hostedEra, expected) => {
      const [server, openai] = [await fixture('seed', era), await emulatorWith({ hostedEra })];
      const { report } = await probeJson('--server', server.url, '--openai-base-url', openai.baseUrl, '--protocol', 'auto');
      expectLanes(report, expected);
    });
  });

  describe('each emulator fault profile shows its expected lane statuses', () => {
    it('beta: a GA client on a beta connection is refused (session.type), and --beta lists through conversation.item.retrieve', async () => {
      const [seed, openai] = [await fixture('seed'), await emulator('beta')];
      const ga = await probeJson('--server', seed.url, '--openai-base-url', openai.baseUrl, '--lanes', 'playground,realtime');
      expectLanes(ga.report, { playground: ['ok', 10], realtime: ['failed', 0, /unknown_parameter session.type/] });
      const beta = await probeJson('--server', seed.url, '--openai-base-url', openai.baseUrl, '--lanes', 'realtime', '--beta');
      expect(beta.report.lanes.realtime).toMatchObject({ status: 'ok', tools: expect.arrayContaining(['search_patients']) });
      expect(beta.report.lanes.realtime?.tools).toHaveLength(10);
    });

    it.each([
      ['list-fail', /mcp_list_tools.failed.*500/],
      ['public-only', /mcp_list_tools.failed.*424/],
    ] as const)('%s: both hosted lanes fail the listing with the connector\'s message', async (fault, error) => {
      const [seed, openai] = [await fixture('seed'), await emulator(fault)];
      const { code, report } = await probeJson('--server', seed.url, '--openai-base-url', openai.baseUrl);
      expectLanes(report, { inspector: ['ok', 10], playground: ['failed', 0, error], realtime: ['failed', 0, error] });
      expect(code).toBe(1);
    });

    it('slow-list: the listing still completes once the emulator lets it', async () => {
      const [seed, openai] = [await fixture('seed'), await emulator('slow-list')];
      const { report } = await probeJson('--server', seed.url, '--openai-base-url', openai.baseUrl, '--lanes', 'playground,realtime');
      expect(report.lanes.playground).toMatchObject({ status: 'ok' });
      expect(report.lanes.realtime).toMatchObject({ status: 'ok' });
    });

    it('call-timeout: the hosted calls fail while the Inspector\'s succeeds; the lists still agree', async () => {
      const [seed, openai] = [await fixture('seed'), await emulator('call-timeout')];
      const { code, out } = await probe('--server', seed.url, '--openai-base-url', openai.baseUrl, '--call', 'search_patients', '--arguments', '{"query":"Ada"}', '--require-approval', 'never');
      const text = out.join('\n');
      expect(text).toMatch(/^ {2}call search_patients: ok$/m);
      expect(text.match(/^ {2}call search_patients: failed - search_patients failed: /gm)).toHaveLength(2);
      expect(text).toMatch(/^inspector: ok, 10 tool\(s\)$/m);
      expect(text).toMatch(/^playground: ok, 10 tool\(s\)$/m);
      // The lists agree, but a failed tool call is an error finding: exit 1, as design.md's exit rule says.
      expect(code).toBe(1);
    });
  });
});
