// `npm run bench -- limits`: a real `parallax probe --lanes inspector`, in a process of its own,
// against servers that send more than any client should hold (electron/lanes/inspector/
// test-support/hostile-server.ts): a 400 MiB and a 1 GiB tools/list answer over HTTP, an SSE
// event that never ends, the same over stdio, and an answer nested far beyond json-depth. Each probe must end on its own, with the
// default limits, under MEMORY_CEILING_BYTES of peak resident memory; the figures print its peak,
// its time, the capture it left and the limit finding it reported.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { approximateBytes, MEMORY_CEILING_BYTES } from '../shared/capture/limits';
import { hostileStdioServer } from '../electron/lanes/inspector/test-support/hostile-server';
import { formatMiB, formatMs, reportFigure } from './figures';

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
  const child = spawn(process.execPath, ['--import', 'tsx', hostileScript, 'http', kind, ...(size ? [size] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => { lines.close(); resolve(line.trim()); });
    child.once('exit', (code) => reject(new Error(`the hostile server exited with code ${code} before listening`)));
  });
  return { url, close: async () => { child.kill('SIGTERM'); await exited; } };
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

const scratch = mkdtempSync(join(tmpdir(), 'parallax-bench-limits-'));
try {
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
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
