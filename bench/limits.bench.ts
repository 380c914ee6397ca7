// `npm run bench -- limits [--only hostile|soak] [--soak-seconds S] [--soak-rate N]`.
//
// hostile: a real `parallax probe --lanes inspector`, in a process of its own, against servers
// that send more than any client should hold (electron/lanes/inspector/test-support/
// hostile-server.ts): a 400 MiB and a 1 GiB tools/list answer over HTTP, an SSE event that never
// ends, the same over stdio, and an answer nested far beyond json-depth. Each probe must end on
// its own, with the default limits, under MEMORY_CEILING_BYTES of peak resident memory; the
// figures print its peak, its time, the capture it left and the limit finding it reported.
//
// soak (bench/soak.ts): a real `parallax proxy` and `parallax tap-realtime`, each a process of
// its own, record steady traffic from local upstreams (--soak-rate messages/s each, default 200)
// for --soak-seconds (default 60; 3600 for an hour) while their RSS is sampled from outside. The
// figures are the RSS slope over the second half (MiB/hour) and the peak against the ceiling;
// the capture's growth rate is printed. Without --only, both run, hostile first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { approximateBytes, MEMORY_CEILING_BYTES } from '../shared/capture/limits';
import { hostileStdioServer } from '../electron/lanes/inspector/test-support/hostile-server';
import { startChild } from './child';
import { formatMiB, formatMs, reportFigure } from './figures';
import { runSoak } from './soak';

const root = fileURLToPath(new URL('..', import.meta.url));
const hostileScript = join(root, 'electron/lanes/inspector/test-support/hostile-server.ts');
const cli = join(root, 'electron/cli/parallax.ts');
const preload = join(root, 'bench/peak-rss-on-exit.ts');
/** Beyond this a probe has not ended on its own: it is killed and the case is reported as missed. */
const HARD_STOP_MS = 120_000;

interface Case {
  name: string;
  transport: 'streamable-http' | 'stdio';
  kind: 'huge' | 'endless' | 'deep';
  size?: string;
}

const CASES: Case[] = [
  { name: 'HTTP, 400 MiB tools/list answer', transport: 'streamable-http', kind: 'huge', size: '400MiB' },
  { name: 'HTTP, 1 GiB tools/list answer', transport: 'streamable-http', kind: 'huge', size: '1GiB' },
  { name: 'HTTP, endless SSE event', transport: 'streamable-http', kind: 'endless' },
  { name: 'stdio, 1 GiB tools/list line', transport: 'stdio', kind: 'huge', size: '1GiB' },
  { name: 'stdio, endless line', transport: 'stdio', kind: 'endless' },
  { name: 'HTTP, inputSchema nested 200,000 levels', transport: 'streamable-http', kind: 'deep', size: '100000' },
];

async function startHttpServer(kind: string, size?: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = await startChild([hostileScript, 'http', kind, ...(size ? [size] : [])], /^(https?:\/\/\S+)/);
  return { url: server.ready[1] ?? '', close: async () => { await server.stop(); } };
}

interface Run { exit: string; ms: number; peak?: number; stdout: string }

async function runProbe(server: string, transport: string, capture: string, peakFile: string): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', preload, cli, 'probe', '--server', server, '--lanes', 'inspector', '--transport', transport, '--out', capture], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARALLAX_PEAK_RSS_FILE: peakFile },
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
  child.stderr.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
  const killer = setTimeout(() => child.kill('SIGKILL'), HARD_STOP_MS);
  const exit = await new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit ${code}`)));
  clearTimeout(killer);
  const peak = existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8')) : undefined;
  return { exit, ms: performance.now() - started, ...(peak !== undefined ? { peak } : {}), stdout };
}

const { values } = parseArgs({ args: process.argv.slice(2), options: { only: { type: 'string' }, 'soak-seconds': { type: 'string' }, 'soak-rate': { type: 'string' } }, strict: true });
if (values.only !== undefined && values.only !== 'hostile' && values.only !== 'soak') throw new Error(`--only takes hostile or soak, got ${JSON.stringify(values.only)}`);
const soakSeconds = Number(values['soak-seconds'] ?? 60);
const soakRate = Number(values['soak-rate'] ?? 200);
if (!(soakSeconds >= 10) || !(soakRate > 0)) throw new Error('--soak-seconds takes a number of seconds, at least 10, and --soak-rate a positive number of messages per second');

async function runHostile(scratch: string): Promise<void> {
  console.log(`ceiling: ${formatMiB(MEMORY_CEILING_BYTES)} peak resident memory per probe, default limits, hard stop after ${formatMs(HARD_STOP_MS)}`);
  for (const [index, c] of CASES.entries()) {
    const capture = join(scratch, `case-${index}.parallax`);
    const peakFile = join(scratch, `case-${index}.peak`);
    const http = c.transport === 'stdio' ? undefined : await startHttpServer(c.kind, c.size);
    let run: Run;
    try {
      run = await runProbe(http ? http.url : hostileStdioServer(c.kind, c.size), c.transport, capture, peakFile);
    } finally {
      await http?.close();
    }
    const captureBytes = existsSync(capture) ? statSync(capture).size : 0;
    const finding = /exceeded [a-z-]+ \([^)]*\) with [\d.]+ [A-Za-z]+: [^;\n]*/.exec(run.stdout)?.[0];
    const ended = !run.exit.startsWith('killed') && run.peak !== undefined;
    console.log(`${c.name}: ${run.exit} after ${formatMs(run.ms)}, peak ${run.peak === undefined ? 'not reported' : formatMiB(run.peak)}, capture ${approximateBytes(captureBytes)}`);
    console.log(`  finding: ${finding ?? '(none naming a limit)'}`);
    if (!finding) console.log(run.stdout.split('\n').slice(-12).map((line) => `  | ${line}`).join('\n'));
    const peak = run.peak ?? Number.NaN;
    reportFigure({
      name: `probe peak memory, ${c.name}`, measured: run.peak === undefined ? run.exit : formatMiB(peak), baseline: `ceiling ${formatMiB(MEMORY_CEILING_BYTES)}`,
      ratio: peak / MEMORY_CEILING_BYTES, target: 'ratio <= 1, ended on its own, a finding names the limit',
      met: ended && peak <= MEMORY_CEILING_BYTES && finding !== undefined,
    });
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'parallax-bench-limits-'));
try {
  if (values.only !== 'soak') await runHostile(scratch);
  if (values.only !== 'hostile') await runSoak({ cli, preload, scratch, seconds: soakSeconds, rate: soakRate });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
