// A three-lane probe against each lane alone: `npm run bench -- probe [--rounds N]`. The local
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
