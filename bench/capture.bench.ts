// Capture journal and loader at scale: `npm run bench -- capture [--records N]` (default
// 1,000,000, the target). Prints throughput, load time, memory held by the indexes and
// paging latency, and reports the headline figures (ingest and load against a bare JSON.parse of
// the same lines, peak memory during load against the file size). Numbers, not pass/fail.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { formatMiB, formatMs, formatRate, reportFigure } from './figures';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { openCapture } from '../electron/capture/capture-loader';
import { CaptureJournal } from '../electron/capture/journal';
import type { CommandIo } from '../electron/cli/command';
import { diagnoseCommand } from '../electron/cli/commands/diagnose';
import { traffic } from './traffic';

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== 'capture'), options: { records: { type: 'string' } } });
const records = Number(values.records ?? 1_000_000);

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')}/s`;
async function timed<T>(label: string, run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  console.log(`${label}: ${ms.toFixed(0)} ms`);
  return [result, ms];
}

/** The baseline: read the file in the loader's chunk size, cut it into lines and JSON.parse each one, keeping nothing. */
async function parseLines(file: string): Promise<number> {
  let parsed = 0;
  let rest: Buffer = Buffer.alloc(0);
  let sink = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    const buffer = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      const value = JSON.parse(buffer.toString('utf8', start, end)) as { seq?: number };
      sink += value.seq ?? 0;
      parsed++;
      start = end + 1;
    }
    rest = buffer.subarray(start);
  }
  if (sink < 0) console.log(sink); // keeps the parse from being optimised away
  return parsed - 1; // the header line is not an envelope
}

const dir = await mkdtemp(join(tmpdir(), 'parallax-bench-'));
try {
  const path = join(dir, 'bench.parallax');
  // Making the traffic costs time too; it is measured alone and taken out of the journal's time.
  const [, generateMs] = await timed(`generate ${records.toLocaleString('en')} inputs (subtracted from the journal time)`, async () => {
    let n = 0;
    for (const input of traffic(records)) n += input.raw.length;
    return n;
  });
  const [, writeMs] = await timed(`journal: record ${records.toLocaleString('en')} envelopes and close`, async () => {
    const journal = await CaptureJournal.create(path, { app: { name: 'bench', version: '0' }, createdAt: new Date().toISOString(), lanes: [] });
    let n = 0;
    for (const input of traffic(records)) {
      journal.record(input);
      // Yield now and then, as a live capture does, so timed flushes run.
      if (++n % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await journal.close();
  });
  const size = (await stat(path)).size;
  console.log(`  ${mib(size)} on disk, ${rate(records, writeMs)}, ${(size / records).toFixed(0)} bytes per envelope`);

  const [parsed, parseMs] = await timed('baseline: bare JSON.parse of the same lines, streamed from the file', () => parseLines(path));
  console.log(`  ${rate(parsed, parseMs)}`);
  const parseRate = parsed / (parseMs / 1000);
  const ingestRate = records / (Math.max(1, writeMs - generateMs) / 1000);
  reportFigure({
    name: `capture ingest, journal append (${records.toLocaleString('en')} envelopes)`, measured: formatRate(ingestRate, 'env'),
    baseline: `JSON.parse ${formatRate(parseRate, 'lines')}`, ratio: ingestRate / parseRate, target: 'ratio >= 0.5', met: ingestRate / parseRate >= 0.5,
  });

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const [capture, loadMs] = await timed('loader: stream, validate, index and pair', () => openCapture(path));
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const loadRate = capture.count / (loadMs / 1000);
  reportFigure({
    name: `capture load + index + pairing (${capture.count.toLocaleString('en')} envelopes)`, measured: formatRate(loadRate, 'env'),
    baseline: `JSON.parse ${formatRate(parseRate, 'lines')}`, ratio: loadRate / parseRate, target: 'ratio >= 0.8', met: loadRate / parseRate >= 0.8,
  });
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('load-peak.ts', import.meta.url)), path], { encoding: 'utf8' });
  if (child.status === 0) {
    const { before, peak } = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { before: number; peak: number };
    const growth = peak - before;
    console.log(`  same load in a fresh process: RSS ${formatMiB(before)} before, peak ${formatMiB(peak)}`);
    reportFigure({ name: 'peak memory during load (RSS growth)', measured: formatMiB(growth), baseline: `file ${formatMiB(size)}`, ratio: growth / size, target: 'ratio <= 1.5', met: growth / size <= 1.5 });
  } else {
    console.log(`  peak-memory child failed: ${child.stderr}`);
  }
  console.log(`  ${rate(capture.count, loadMs)}, ${mib(size / (loadMs / 1000))}/s; heap held after load ${mib(heapAfter - heapBefore)}${global.gc ? '' : ' (run node with --expose-gc for an exact figure)'}; rss ${mib(process.memoryUsage().rss)}`);
  console.log(`  ${capture.pairing.exchanges.length.toLocaleString('en')} JSON-RPC exchanges paired, ${capture.skipped.length} skipped`);

  // What `parallax diagnose` of this file costs a CI job, load included, against the same floor.
  global.gc?.();
  const [, diagnoseMs] = await timed('parallax diagnose (in process: load, every envelope, diagnosis, report)', async () => {
    const io: CommandIo = { out: () => undefined, err: (text) => console.log(`  diagnose said: ${text}`), stopped: new Promise(() => undefined) };
    return diagnoseCommand.run([path], io);
  });
  reportFigure({
    name: `parallax diagnose, load included (${capture.count.toLocaleString('en')} envelopes)`, measured: formatMs(diagnoseMs),
    baseline: `JSON.parse ${formatMs(parseMs)}`, ratio: diagnoseMs / parseMs, target: 'ratio <= 2', met: diagnoseMs / parseMs <= 2,
  });

  const middle = Math.floor(capture.count / 2);
  const pages = 200;
  const [, pageMs] = await timed(`reader: ${pages} random pages of 100 envelopes`, async () => {
    for (let i = 0; i < pages; i++) {
      const from = 1 + Math.floor(Math.random() * (capture.count - 100));
      await capture.readPage(from, from + 99);
    }
  });
  console.log(`  ${(pageMs / pages).toFixed(2)} ms per page`);
  await timed('reader: one envelope by seq, from the middle', () => capture.readEnvelope(middle));
  await timed('index: records of method tools/list', async () => capture.index.recordsOfMethod('tools/list').length);
  await timed('index: records of JSON-RPC id (first query builds the id map)', async () => capture.index.recordsOfRpcId('inspector', 'i', 7).length);
  await timed('index: records of JSON-RPC id (later queries)', async () => capture.index.recordsOfRpcId('inspector', 'i', 9).length);
  await capture.close();

  const gzPath = `${path}.gz`;
  await timed('gzip the capture (for the next step)', () => pipeline(createReadStream(path), createGzip(), createWriteStream(gzPath)));
  console.log(`  ${mib((await stat(gzPath)).size)} compressed`);
  const [gz, gzMs] = await timed('loader: same capture gzip-compressed (decompress to a temp file while indexing)', () => openCapture(gzPath));
  console.log(`  ${rate(gz.count, gzMs)}`);
  await gz.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
