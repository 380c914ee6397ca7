// Added latency of the recording proxies under load: `npm run bench -- proxy-rate [--frames N]`.
// Frames go out at 2,000 per second, paced by the clock, the same traffic once direct and once
// through the proxy (recording into a real journal); each frame's latency is its receive time
// minus its send time, in one process and one clock. Reports the added median and 99th
// percentile per frame against the direct figures of the same run.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';
import { CaptureJournal } from '../electron/capture/journal';
import { startMcpProxy } from '../electron/proxy/mcp-proxy';
import { startRealtimeTap } from '../electron/proxy/realtime-tap';
import { formatMs, quantile, reportFigure } from './figures';

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== 'proxy-rate'), options: { frames: { type: 'string' } } });
/** Frames per segment; each path runs SEGMENTS segments. */
const frames = Number(values.frames ?? 2_000);
const SEGMENTS = 3;
const RATE = 2_000;

/** Calls send(i) for i in [0, frames) at RATE per second, catching up after a late tick rather than drifting. */
async function paced(send: (i: number) => void): Promise<void> {
  const started = performance.now();
  let i = 0;
  while (i < frames) {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE) + 1;
    while (i < Math.min(due, frames)) send(i++);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// WebSocket: an echo upstream; the tap relays both ways, so a round trip crosses it twice.
async function wsLatencies(url: string): Promise<number[]> {
  const socket = new WebSocket(url, { headers: { Authorization: 'Bearer sk-bench' }, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
  const sentAt = new Float64Array(frames);
  const latencies: number[] = [];
  const done = new Promise<void>((resolve) => socket.on('message', (data) => {
    const { n } = JSON.parse(String(data)) as { n: number };
    latencies.push(performance.now() - (sentAt[n] ?? 0));
    if (latencies.length === frames) resolve();
  }));
  await paced((n) => {
    sentAt[n] = performance.now();
    socket.send(JSON.stringify({ type: 'response.output_audio_transcript.delta', event_id: `ev_${n}`, delta: 'hello there', n }));
  });
  await done;
  socket.close();
  return latencies;
}

// SSE: the server writes an event at each tick; the proxy parses, records and forwards it.
let sseWrite: ((n: number) => void) | undefined;
const sseSentAt = new Float64Array(frames);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.flushHeaders();
  sseWrite = (n) => res.write(`event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"n":${n}}}\n\n`);
  req.on('close', () => { sseWrite = undefined; });
});

async function sseLatencies(url: string): Promise<number[]> {
  const latencies: number[] = [];
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  let text = '';
  const request = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      const now = performance.now();
      text += chunk;
      for (const match of text.matchAll(/"n":(\d+)\}\}\n\n/g)) latencies.push(now - (sseSentAt[Number(match[1])] ?? 0));
      text = text.slice(text.lastIndexOf('\n\n') + 2);
      if (latencies.length >= frames) finish();
    });
  });
  while (!sseWrite) await new Promise((resolve) => setTimeout(resolve, 5));
  await paced((n) => {
    sseSentAt[n] = performance.now();
    sseWrite?.(n);
  });
  await done;
  request.destroy();
  while (sseWrite) await new Promise((resolve) => setTimeout(resolve, 5));
  return latencies;
}

function report(name: string, direct: number[], proxied: number[], crossings: number): void {
  const [d50, d99, p50, p99] = [quantile(direct, 0.5), quantile(direct, 0.99), quantile(proxied, 0.5), quantile(proxied, 0.99)];
  console.log(`${name}: direct p50 ${formatMs(d50)} p99 ${formatMs(d99)}; proxied p50 ${formatMs(p50)} p99 ${formatMs(p99)} (${proxied.length} frames)`);
  const added50 = Math.max(0, p50 - d50) / crossings;
  const added99 = Math.max(0, p99 - d99) / crossings;
  reportFigure({ name: `${name}, added per frame, median`, measured: formatMs(added50), baseline: `direct ${formatMs(d50)}`, ratio: p50 / d50, target: 'added <= 1 ms', met: added50 <= 1 });
  reportFigure({ name: `${name}, added per frame, p99`, measured: formatMs(added99), baseline: `direct ${formatMs(d99)}`, ratio: p99 / d99, target: 'added <= 5 ms', met: added99 <= 5 });
}

const dir = await mkdtemp(join(tmpdir(), 'parallax-bench-proxy-rate-'));
const journal = await CaptureJournal.create(join(dir, 'bench.parallax'), { app: { name: 'bench', version: '0' }, createdAt: new Date().toISOString(), lanes: [] });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const proxy = await startMcpProxy({ target: `${origin}/mcp`, sink: journal });
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
const upstream = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
const tap = await startRealtimeTap({ upstream, sink: journal });
try {
  console.log(`${SEGMENTS} × ${frames.toLocaleString('en')} frames at ${RATE.toLocaleString('en')}/s each way, loopback, recording into a journal`);
  await wsLatencies(`${upstream}/v1/realtime`); // warm both paths
  await wsLatencies(`${tap.realtimeUrl}?model=gpt-realtime`);
  // Direct and proxied alternate a few times, so a burst of load from elsewhere on the machine
  // lands on both rather than on whichever ran during it.
  const ws = { direct: [] as number[], proxied: [] as number[] };
  const sse = { direct: [] as number[], proxied: [] as number[] };
  for (let segment = 0; segment < SEGMENTS; segment++) {
    ws.direct.push(...await wsLatencies(`${upstream}/v1/realtime`));
    ws.proxied.push(...await wsLatencies(`${tap.realtimeUrl}?model=gpt-realtime`));
    sse.direct.push(...await sseLatencies(`${origin}/mcp`));
    sse.proxied.push(...await sseLatencies(proxy.address));
  }
  report('Realtime tap at 2,000 frames/s', ws.direct, ws.proxied, 2);
  report('MCP proxy SSE at 2,000 events/s', sse.direct, sse.proxied, 1);
  console.log(`Journal: ${journal.lastSeq.toLocaleString('en')} envelopes recorded`);
} finally {
  await proxy.close();
  await tap.close();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await journal.close();
  await rm(dir, { recursive: true, force: true });
}
