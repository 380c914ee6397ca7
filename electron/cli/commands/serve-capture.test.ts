import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureEra } from '../../../shared/lanes/fixture-eras';
import { UNMATCHED_CODE } from '../../../shared/replay/replay-book';
import { startEmulator } from '../../emulator/emulator';
import { RealtimeTestClient } from '../../emulator/realtime-test-client';
import { startFixtureServer, type FixtureHttpTransport } from '../../fixtures/fixture-server';
import { probeInto, runCli, type CliResult } from '../test-support/cli-run';
import { diffCommand } from './diff';
import { serveCaptureCommand } from './serve-capture';

let dir: string;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-serve-test-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
afterEach(async () => { await Promise.all(cleanups.splice(0).map((c) => c())); });

/** `parallax serve-capture` running in-process until the test stops it; resolves with its printed URLs. */
async function serve(capture: string, ...flags: string[]): Promise<{ urls: string[]; lines: string[]; stop(): Promise<CliResult> }> {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => { stop = resolve; });
  const lines: string[] = [];
  const errors: string[] = [];
  let code: Promise<number> | undefined;
  const printed = new Promise<void>((resolve, reject) => {
    code = serveCaptureCommand.run([capture, ...flags], {
      out: (t) => { lines.push(t); if (t.startsWith('Stop with')) resolve(); },
      err: (t) => errors.push(t),
      stopped,
    });
    code.then(() => reject(new Error(`serve-capture ended early: ${errors.join('\n')}`)), reject);
  });
  await printed;
  let ended: Promise<CliResult> | undefined;
  const end = () => (ended ??= (async () => { stop(); return { code: await (code as Promise<number>), out: lines.join('\n'), err: errors.join('\n') }; })());
  cleanups.push(async () => { await end(); });
  return { urls: lines.flatMap((l) => /^\s+(http:\S+)\s+\((legacy SSE|Streamable HTTP)\)/.exec(l)?.[1] ?? []), lines, stop: end };
}

async function probeFixture(profile: string, transport: FixtureHttpTransport, name: string, era: FixtureEra = 'legacy', ...probeFlags: string[]): Promise<string> {
  const server = await startFixtureServer({ profile, transport, era });
  cleanups.push(() => server.close());
  const path = join(dir, `${name}.parallax`);
  expect((await probeInto(server.url, path, ...probeFlags)).code).toBe(0);
  return path;
}

/**
 * A capture of the seed fixture (legacy SSE) probed through the local emulator by the given lanes,
 * with a key in the environment for the probe's OpenAI lanes; the emulator is gone afterwards, so
 * whatever serves the capture serves it alone.
 */
async function probeThroughEmulator(name: string, lanes: string[]): Promise<string> {
  const saved = process.env.OPENAI_API_KEY;
  process.env.OPENAI_API_KEY = 'sk-replay-test';
  cleanups.push(async () => { if (saved === undefined) delete process.env.OPENAI_API_KEY; else process.env.OPENAI_API_KEY = saved; });
  const emulator = await startEmulator({ allowPrivateNetwork: true });
  const fixture = await startFixtureServer({ profile: 'seed', transport: 'sse' });
  cleanups.push(() => fixture.close());
  const path = join(dir, `${name}.parallax`);
  try {
    expect((await probeInto(fixture.url, path, ...lanes, '--openai-base-url', emulator.baseUrl, '--realtime-url', emulator.realtimeUrl)).code).toBe(0);
  } finally {
    await emulator.close();
  }
  return path;
}

/** The capture's wire envelopes of one layer, parsed. */
async function envelopes(path: string, layer: string): Promise<{ dir: string; raw: string; http?: { phase?: string; headers?: [string, string][]; status?: number } }[]> {
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').slice(1);
  return lines.map((l) => JSON.parse(l) as { layer: string; dir: string; raw: string }).filter((e) => e.layer === layer);
}

describe('parallax serve-capture', () => {
  for (const [profile, transport] of [['seed', 'sse'], ['seed', 'streamable-http'], ['paginated', 'streamable-http']] as const) {
    it(`round trip over ${transport} (${profile}): probe, serve the capture, probe the served capture, diff shows no difference`, async () => {
      const recorded = await probeFixture(profile, transport, `${profile}-${transport}`);
      const served = await serve(recorded, '--pace', 'fast');
      expect(served.urls).toEqual([expect.stringMatching(transport === 'sse' ? /\/sse$/ : /\/mcp$/)]);
      const replayed = join(dir, `${profile}-${transport}-replayed.parallax`);
      expect((await probeInto(served.urls[0] as string, replayed)).code).toBe(0);
      const diff = await runCli(diffCommand, [recorded, replayed]);
      expect(diff.out).toMatch(/^No difference/);
      expect(diff.code).toBe(0);
      const ended = await served.stop();
      expect(ended.code).toBe(0);
      expect(ended.err).toContain('tools/list: answered from seq');
    });
  }

  it('plays the recorded OpenAI side back too: probe through the emulator, serve the capture, probe again against it alone, and diff shows no difference', async () => {
    const lanes = ['--lanes', 'inspector,playground,realtime'];
    const recorded = await probeThroughEmulator('hosted', lanes);

    const served = await serve(recorded, '--pace', 'fast');
    const printed = served.lines.join('\n');
    const responses = /(http:\S+\/v1)\s+\(OpenAI Responses/.exec(printed)?.[1];
    const realtime = /(ws:\S+\/v1\/realtime)\s+\(OpenAI Realtime/.exec(printed)?.[1];
    expect(responses).toBeDefined();
    expect(realtime).toBeDefined();
    const replayed = join(dir, 'hosted-replayed.parallax');
    expect((await probeInto(served.urls[0] as string, replayed, ...lanes, '--openai-base-url', responses as string, '--realtime-url', realtime as string)).code).toBe(0);
    const diff = await runCli(diffCommand, [recorded, replayed]);
    expect(diff.out).toMatch(/^No difference/);
    const ended = await served.stop();
    expect(ended.err).toContain('realtime session.update:');
    expect(ended.err).toContain('responses: answered from seq');
    expect(ended.code).toBe(0);
  });

  it('answers a Realtime event the capture has no answer for with an error event naming the capture, and keeps the socket open', async () => {
    const recorded = await probeThroughEmulator('hosted-unmatched', ['--lanes', 'inspector,realtime']);
    const served = await serve(recorded, '--pace', 'fast');
    const url = /(ws:\S+\/v1\/realtime)/.exec(served.lines.join('\n'))?.[1] as string;
    const client = await RealtimeTestClient.open(`${url}?model=gpt-realtime`);
    await client.next('session.created');
    client.send({ type: 'input_audio_buffer.clear', event_id: 'evt_mine' });
    const error = await client.next('error');
    expect(error.error).toMatchObject({ code: 'parallax_unmatched', event_id: 'evt_mine', message: expect.stringContaining('hosted-unmatched.parallax') });
    client.send({ type: 'session.update', session: { type: 'realtime', tools: [] } });
    await client.next('session.updated');
    await client.close();
    expect((await served.stop()).code).toBe(1);
  });

  it('serves a 2026-07-28 capture statelessly: server/discover and tools/list answered without a session, the diff shows no difference', async () => {
    const recorded = await probeFixture('paginated', 'streamable-http', 'modern', 'modern', '--protocol', '2026-07-28');
    const sent = (await envelopes(recorded, 'jsonrpc')).filter((e) => e.dir === 'out').map((e) => (JSON.parse(e.raw) as { method?: string }).method);
    expect(sent).toContain('server/discover');
    expect(sent).not.toContain('initialize');
    const served = await serve(recorded, '--pace', 'fast');
    const replayed = join(dir, 'modern-replayed.parallax');
    const again = await probeInto(served.urls[0] as string, replayed, '--protocol', '2026-07-28');
    expect(again.code, again.out + again.err).toBe(0);
    const diff = await runCli(diffCommand, [recorded, replayed]);
    expect(diff.out).toMatch(/^No difference/);
    // No answer from the served capture opens a session.
    const answers = (await envelopes(replayed, 'http')).filter((e) => e.http?.phase === 'response');
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer.http?.headers?.map(([name]) => name.toLowerCase())).not.toContain('mcp-session-id');
    const ended = await served.stop();
    expect(ended.code, ended.err).toBe(0);
    expect(ended.err).toContain('server/discover: answered from seq');
    // The recorded subscriptions/listen stream replays its acknowledgement, addressed to the new subscription.
    expect(ended.err).toContain('subscriptions/listen: streaming 1 recorded notification(s)');
    const heard = (await envelopes(replayed, 'jsonrpc')).filter((e) => e.dir === 'in').map((e) => JSON.parse(e.raw) as { method?: string; params?: { _meta?: Record<string, unknown> } });
    const listen = (await envelopes(replayed, 'jsonrpc')).map((e) => JSON.parse(e.raw) as { id?: unknown; method?: string }).find((m) => m.method === 'subscriptions/listen');
    expect(heard.find((m) => m.method === 'notifications/subscriptions/acknowledged')?.params?._meta?.['io.modelcontextprotocol/subscriptionId']).toBe(listen?.id);
  });

  it('serves a capture over stdio (--stdio) to a client that runs it as a command', async () => {
    const recorded = await probeFixture('seed', 'streamable-http', 'for-stdio');
    const cli = fileURLToPath(new URL('../parallax.ts', import.meta.url));
    const command = `stdio:${process.execPath} --import tsx ${cli} serve-capture ${recorded} --stdio --pace fast`;
    const replayed = join(dir, 'stdio-replayed.parallax');
    const again = await probeInto(command, replayed);
    expect(again.code, again.out + again.err).toBe(0);
    expect((JSON.parse(again.out) as { lanes: { inspector: { tools: unknown[] } } }).lanes.inspector.tools).toHaveLength(10);
  });

  it('round trip over stdio: probe a stdio server, serve the capture over stdio, probe that, and diff shows no difference', async () => {
    const cli = fileURLToPath(new URL('../parallax.ts', import.meta.url));
    const recorded = join(dir, 'stdio-recorded.parallax');
    expect((await probeInto(`stdio:${process.execPath} --import tsx ${cli} fixture-server --profile seed --transport stdio`, recorded)).code).toBe(0);
    const replayed = join(dir, 'stdio-round-trip.parallax');
    expect((await probeInto(`stdio:${process.execPath} --import tsx ${cli} serve-capture ${recorded} --stdio --pace fast`, replayed)).code).toBe(0);
    // A stdio server's time to its tool list includes its start-up (here tsx compiling the CLI, and the
    // replay reading the capture first), which is not what the round trip is about.
    const diff = await runCli(diffCommand, [recorded, replayed, '--timing-threshold-ms', '60000']);
    expect(diff.out).toMatch(/^No difference/);
  });

  it('a request the capture cannot answer gets a JSON-RPC error naming the capture and the request, is logged, and the server keeps serving', async () => {
    const recorded = await probeFixture('seed', 'streamable-http', 'unmatched');
    const served = await serve(recorded, '--pace', 'fast');
    const client = new Client({ name: 'replay-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(served.urls[0] as string)));
    cleanups.push(() => client.close());
    const call = client.callTool({ name: 'search_patients', arguments: { query: 'Ada' } });
    await expect(call).rejects.toMatchObject({ code: UNMATCHED_CODE, message: expect.stringContaining(`${recorded} has no answer to tools/call {"name":"search_patients","arguments":{"query":"Ada"}}`) });
    expect((await client.listTools()).tools).toHaveLength(10);
    await client.close();
    const ended = await served.stop();
    expect(ended.code).toBe(1);
    expect(ended.err).toContain('serve-capture: unmatched: parallax serve-capture:');
  });

  it('--pace original keeps the recorded delay; fast drops it', async () => {
    const recorded = await probeFixture('seed', 'streamable-http', 'pace');
    // The same capture with the tools/list answer recorded 3 s after its request.
    const lines = (await import('node:fs/promises')).readFile(recorded, 'utf8').then((t) => t.trimEnd().split('\n'));
    const all = await lines;
    let listRequestT: number | undefined;
    const slowed = all.map((line, i) => {
      if (i === 0) return line;
      const e = JSON.parse(line) as { t: number; layer: string; dir: string; raw: string };
      if (e.layer === 'jsonrpc' && e.dir === 'out' && e.raw.includes('"tools/list"')) listRequestT = e.t;
      if (e.layer === 'jsonrpc' && e.dir === 'in' && e.raw.includes('"tools":[') && listRequestT !== undefined) return JSON.stringify({ ...e, t: listRequestT + 3000 });
      return line;
    });
    const slow = join(dir, 'slow.parallax');
    await writeFile(slow, `${slowed.join('\n')}\n`);
    const timeList = async (pace: string): Promise<number> => {
      const served = await serve(slow, '--pace', pace);
      const client = new Client({ name: 'pace-test', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(served.urls[0] as string)));
      const started = performance.now();
      await client.listTools();
      const took = performance.now() - started;
      await client.close();
      await served.stop();
      return took;
    };
    expect(await timeList('original')).toBeGreaterThanOrEqual(2900);
    expect(await timeList('fast')).toBeLessThan(2900);
    expect(await timeList('2')).toBeGreaterThanOrEqual(1400);
  });

  it('bad input: no capture, an unreadable file, a bad --pace, a capture with nothing to serve', async () => {
    await expect(runCli(serveCaptureCommand, [])).rejects.toThrow(/which capture/);
    await expect(runCli(serveCaptureCommand, ['x.parallax', '--pace', 'warp'])).rejects.toThrow(/--pace must be original, fast or a positive speed factor/);
    const missing = await runCli(serveCaptureCommand, [join(dir, 'absent.parallax')]);
    expect(missing.code).toBe(2);
    const empty = join(dir, 'empty.parallax');
    await writeFile(empty, `${JSON.stringify({ format: 'mcp-parallax-capture', version: 1, app: { name: 'MCP Parallax', version: '0' }, createdAt: new Date().toISOString(), lanes: [] })}\n`);
    const nothing = await runCli(serveCaptureCommand, [empty]);
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('holds no answered MCP request');
  });
});
