// A three-lane probe against each lane alone: `npm run bench -- probe [--rounds N]`; then what
// `--protocol auto` costs over a pinned revision (see measureNegotiation). The local
// OpenAI emulator and a fixture server on loopback, each in a process of its own as remote
// servers would be; every round times each lane alone and then all three together, interleaved so
// machine load drifts over both alike. The figure is the median three-lane time over the slowest
// lane's median time alone. Two servers: `slow` answers tools/list after a delay, as a distant
// server does (the lanes mostly wait, so they can overlap); `seed` answers at once, so the lanes
// are mostly CPU work: the engine's and the servers' process share the machine's cores.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { probeOptionsFrom } from '../electron/engine/probe-session';
import { probeLanes } from '../electron/probe/lanes';
import { runProbe } from '../electron/probe/run-probe';
import type { LaneId } from '../shared/capture/envelope';
import { ProbeSetup } from '../shared/lanes/probe-setup';
import { MemorySink } from '../electron/capture/memory-sink';
import { runInspectorLane } from '../electron/lanes/inspector/inspector-lane';
import { parseServerTarget } from '../electron/lanes/inspector/server-target';
import { startDualEraServer } from '../electron/lanes/inspector/test-support/modern-server';
import type { ProtocolRequest } from '../shared/lanes/protocol-revision';
import { formatMs, quantile, reportFigure } from './figures';

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== 'probe'), options: { rounds: { type: 'string' } } });
const rounds = Number(values.rounds ?? 6);
const LANES: LaneId[] = ['inspector', 'playground', 'realtime'];

interface Remote<T> { urls: T; close(): Promise<void> }

async function startRemote<T>(...args: string[]): Promise<Remote<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./remote-demo.ts', import.meta.url).pathname, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => { lines.close(); resolve(line); });
    child.once('exit', (code) => reject(new Error(`the ${args[0]} process exited with code ${code} before starting`)));
  });
  return { urls: JSON.parse(first) as T, close: async () => { child.stdin.end(); await exited; } };
}

async function startRemoteDemo(profile: string) {
  const fixture = await startRemote<{ mcpServerUrl: string }>('fixture', profile);
  const emulator = await startRemote<{ openaiBaseUrl: string; realtimeUrl: string }>('emulator');
  return {
    ...fixture.urls, ...emulator.urls, serverLabel: profile, apiKey: 'parallax-local-emulator',
    close: async () => { await Promise.all([fixture.close(), emulator.close()]); },
  };
}

async function measure(profile: string, rounds: number): Promise<void> {
  const demo = await startRemoteDemo(profile);
  try {
    const setup = ProbeSetup.parse({
      server: demo.mcpServerUrl, label: demo.serverLabel, lanes: LANES,
      openai: { baseUrl: demo.openaiBaseUrl, realtimeUrl: demo.realtimeUrl },
    });
    const options = probeOptionsFrom(setup, demo.apiKey);
    const timeLanes = async (ids: LaneId[]): Promise<number> => {
      const lanes = probeLanes.filter((lane) => ids.includes(lane.id));
      const started = performance.now();
      const outcome = await runProbe(lanes, options, new MemorySink(), new AbortController().signal);
      const ms = performance.now() - started;
      const failed = Object.entries(outcome.report.lanes).filter(([, s]) => s.status !== 'ok');
      if (failed.length) throw new Error(`lanes did not finish ok: ${failed.map(([id, s]) => `${id}: ${s.status} ${s.error ?? ''}`).join('; ')}`);
      return ms;
    };
    await timeLanes(LANES); // warm-up
    const alone = Object.fromEntries(LANES.map((id) => [id, [] as number[]])) as Record<LaneId, number[]>;
    const together: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const id of LANES) alone[id].push(await timeLanes([id]));
      together.push(await timeLanes(LANES));
    }
    const medians = LANES.map((id) => [id, quantile(alone[id], 0.5)] as const);
    for (const [id, ms] of medians) console.log(`${profile}: ${id} alone: median ${formatMs(ms)} (${alone[id].map((t) => t.toFixed(0)).join(', ')} ms)`);
    const all = quantile(together, 0.5);
    console.log(`${profile}: three lanes together: median ${formatMs(all)} (${together.map((t) => t.toFixed(0)).join(', ')} ms)`);
    const [slowestId, slowest] = medians.reduce((a, b) => (b[1] > a[1] ? b : a));
    reportFigure({
      name: `three-lane probe, ${profile} server (${rounds} rounds)`, measured: formatMs(all), baseline: `${slowestId} alone ${formatMs(slowest)}`,
      ratio: all / slowest, target: 'ratio <= 1.2', met: all / slowest <= 1.2,
    });
  } finally {
    await demo.close();
  }
}

await measure('slow', Math.max(1, Math.ceil(rounds / 2)));
await measure('seed', rounds);
await measureNegotiation(rounds * 3);

/**
 * What `--protocol auto` costs over a pinned revision against a server that speaks both eras: the
 * HTTP round trips each Inspector run makes (from the capture) and its median time, interleaved.
 */
async function measureNegotiation(rounds: number): Promise<void> {
  const server = await startDualEraServer(['echo', 'add']);
  try {
    const run = async (protocol: ProtocolRequest) => {
      const sink = new MemorySink();
      const started = performance.now();
      const result = await runInspectorLane({ target: parseServerTarget(server.url), protocol }, sink);
      const ms = performance.now() - started;
      if (result.status !== 'ok') throw new Error(`--protocol ${protocol} did not list the tools: ${result.error?.message ?? '?'}`);
      const posts = sink.envelopes.filter((e) => e.http?.phase === 'request' && e.http.method === 'POST').length;
      return { ms, posts, revision: result.negotiation?.revision ?? '?' };
    };
    const modes: ProtocolRequest[] = ['2026-07-28', 'auto', 'legacy'];
    for (const mode of modes) await run(mode); // warm-up
    const samples = Object.fromEntries(modes.map((m) => [m, [] as { ms: number; posts: number; revision: string }[]])) as Record<string, { ms: number; posts: number; revision: string }[]>;
    for (let round = 0; round < rounds; round++) for (const mode of modes) samples[mode]?.push(await run(mode));
    const summary = (mode: string) => {
      const runs = samples[mode] ?? [];
      return { ms: quantile(runs.map((r) => r.ms), 0.5), posts: Math.max(...runs.map((r) => r.posts)), revision: runs[0]?.revision ?? '?' };
    };
    for (const mode of modes) {
      const s = summary(mode);
      console.log(`dual-era server: --protocol ${mode}: ${s.revision}, ${s.posts} POSTs, median ${formatMs(s.ms)}`);
    }
    const auto = summary('auto');
    const pinned = summary('2026-07-28');
    reportFigure({
      name: `--protocol auto vs pinned 2026-07-28, dual-era server (${rounds} rounds)`, measured: `${auto.posts} POSTs, ${formatMs(auto.ms)}`,
      baseline: `pinned ${pinned.posts} POSTs, ${formatMs(pinned.ms)}`, ratio: auto.posts / pinned.posts,
      target: 'at most one extra round trip', met: auto.posts - pinned.posts <= 1,
    });
  } finally {
    await server.close();
  }
}
