// Added latency of the recording proxies on loopback: `npm run bench -- proxy-latency [--rounds N]`.
// The same client talks to the same local server directly and through the proxy (MCP JSON POSTs,
// SSE events, Realtime WebSocket messages through the tap), recording into a real journal.
// Prints medians and tails; never asserts (timings depend on the machine and its load).
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
import { formatMs, reportFigure } from './figures';

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== 'proxy-latency'), options: { rounds: { type: 'string' } } });
const rounds = Number(values.rounds ?? 1000);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
function summary(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
}
function report(label: string, direct: number[], proxied: number[], unit: string): void {
  const d = summary(direct);
  const p = summary(proxied);
  const f = (n: number) => `${(n * 1000).toFixed(0).padStart(5)} µs`;
  console.log(`${label} (${direct.length} ${unit})`);
  console.log(`  direct   p50 ${f(d.p50)}  p95 ${f(d.p95)}  p99 ${f(d.p99)}`);
  console.log(`  proxied  p50 ${f(p.p50)}  p95 ${f(p.p95)}  p99 ${f(p.p99)}`);
  console.log(`  added    p50 ${f(p.p50 - d.p50)}  p95 ${f(p.p95 - d.p95)}`);
}

const dir = await mkdtemp(join(tmpdir(), 'parallax-bench-proxy-'));
const journal = await CaptureJournal.create(join(dir, 'bench.parallax'), { app: { name: 'bench', version: '0' }, createdAt: new Date().toISOString(), lanes: [] });
const result = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'x'.repeat(512) }] } });

// An MCP-shaped server: JSON answers to POST, and an SSE stream that sends an event each time it is poked.
let poke: (() => void) | undefined;
const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    poke = () => res.write(`event: message\ndata: ${result}\n\n`);
    req.on('close', () => { poke = undefined; });
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(result);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const proxy = await startMcpProxy({ target: `${origin}/mcp`, sink: journal });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string): Promise<number> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(performance.now() - started));
    });
    request.on('error', reject);
    request.end(body);
  });
}
async function posts(url: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) samples.push(await post(url));
  return samples;
}

/** Time from the server writing an event to the client reading it, one event at a time. */
async function sseDelivery(url: string): Promise<number[]> {
  const samples: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => {
      let sentAt = 0;
      const next = () => {
        if (samples.length >= rounds) {
          request.destroy();
          resolve();
          return;
        }
        sentAt = performance.now();
        poke?.();
      };
      response.on('data', () => {
        samples.push(performance.now() - sentAt);
        setImmediate(next);
      });
      setImmediate(next);
    });
    request.on('error', reject);
  });
  return samples;
}

// A Realtime-shaped upstream that echoes every message; the tap sits in front of it.
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
const upstream = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
const tap = await startRealtimeTap({ upstream, sink: journal });

async function wsRoundTrips(url: string): Promise<number[]> {
  const socket = new WebSocket(url, { headers: { Authorization: 'Bearer sk-bench' }, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
  const event = JSON.stringify({ type: 'response.output_audio_transcript.delta', event_id: 'ev_1', delta: 'hello there' });
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      socket.once('message', () => resolve());
      socket.send(event);
    });
    samples.push(performance.now() - started);
  }
  socket.close();
  return samples;
}

try {
  console.log(`Recording into a journal; ${rounds} rounds each; loopback; Node ${process.versions.node}`);
  await posts(`${origin}/mcp`); // warm both paths before measuring
  await posts(proxy.address);
  report('MCP POST round trip (JSON answer)', await posts(`${origin}/mcp`), await posts(proxy.address), 'requests');
  report('SSE event, server write to client read', await sseDelivery(`${origin}/mcp`), await sseDelivery(proxy.address), 'events');
  const directWs = await wsRoundTrips(`${upstream}/v1/realtime`);
  const tappedWs = await wsRoundTrips(`${tap.realtimeUrl}?model=gpt-realtime`);
  report('Realtime WebSocket round trip (through the tap both ways)', directWs, tappedWs, 'messages');
  const added = summary(tappedWs).p50 - summary(directWs).p50;
  console.log(`  per frame (one direction) ≈ ${((added / 2) * 1000).toFixed(0)} µs at p50`);
  // One figure for the table (bench/figures.ts); proxy-rate measures the same at 2,000 frames/s.
  const perFrame = Math.max(0, added / 2);
  reportFigure({
    name: 'Realtime tap, one frame at a time, added per frame, median', measured: formatMs(perFrame), baseline: `direct round trip ${formatMs(summary(directWs).p50)}`,
    ratio: summary(tappedWs).p50 / summary(directWs).p50, target: 'added <= 1 ms', met: perFrame <= 1,
  });
  console.log(`Journal: ${journal.lastSeq.toLocaleString('en')} envelopes recorded`);
} finally {
  await proxy.close();
  await tap.close();
  agent.destroy();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await journal.close();
  await rm(dir, { recursive: true, force: true });
}
