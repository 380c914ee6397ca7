// The soak case of `npm run bench -- limits`: a real `parallax proxy` and a real `parallax
// tap-realtime`, each a process of its own, record steady traffic from local upstreams for
// --soak-seconds while their resident memory is sampled from outside. What leaks shows as a
// slope; the figures are the slope over the second half (least squares, MiB per hour) and the
// peak against MEMORY_CEILING_BYTES. Sessions are opened and closed all along (a new MCP session
// every 5 s, a new Realtime socket every 10 s), so state kept per session counts too.
import { execFileSync } from 'node:child_process';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { listen, originOf } from '../electron/net/listen';
import { approximateBytes, MEMORY_CEILING_BYTES } from '../shared/capture/limits';
import { startChild, type RunningChild } from './child';
import { formatMiB, formatRate, reportFigure } from './figures';

export interface SoakOptions {
  /** The CLI entry and the peak-RSS preload, as the other limits cases run them. */
  cli: string;
  preload: string;
  scratch: string;
  seconds: number;
  /** Upstream messages per second, for each of the two processes. */
  rate: number;
}

/** The slope target: what a recorder may grow by in an hour of steady traffic. */
const SLOPE_TARGET_MIB_PER_HOUR = 5;
const MCP_SESSION_MS = 5_000;
const REALTIME_SOCKET_MS = 10_000;
/** Requests the MCP client leaves unanswered before it skips a tick (and counts it). */
const MAX_IN_FLIGHT = 32;

/** Resident memory of a process: VmRSS on Linux, `ps` elsewhere. */
function residentBytes(pid: number): number {
  if (process.platform === 'linux') {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? Number.NaN) * 1024;
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}

/** Every file in a capture's folder: a capture that continues in a new file counts whole. */
function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** Calls `tick` `rate` times a second on average, catching up after a late timer rather than drifting. */
function pace(rate: number, tick: () => void): () => void {
  const started = performance.now();
  let done = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (done < due) { done++; tick(); }
  }, 10);
  return () => clearInterval(timer);
}

/** Least-squares slope of y over x, with its standard error. */
export function slope(points: readonly { x: number; y: number }[]): { slope: number; error: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const b = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  const residuals = points.reduce((s, p) => s + (p.y - my - b * (p.x - mx)) ** 2, 0);
  return { slope: b, error: n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : Number.NaN };
}

interface Load {
  /** Messages that reached the client through the recorder. */
  received: number;
  errors: number;
  skipped: number;
  stop(): Promise<void>;
}

interface Upstream {
  url: string;
  /** Messages it has sent, to every client. */
  sent(): number;
  close(): Promise<void>;
}

// --- MCP: a Streamable HTTP server. A third of the messages are notifications on each session's
// GET stream; the rest answer POSTs (alternately tools/list and tools/call), each as an SSE
// stream of a notification and the result.
async function startMcpUpstream(rate: number): Promise<Upstream> {
  const streams = new Map<string, ServerResponse>();
  let sessions = 0;
  let n = 0;
  let sent = 0;
  const event = (message: unknown) => {
    sent++;
    return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
  };
  const tools = Array.from({ length: 12 }, (_, i) => ({ name: `lookup_${i}`, description: `Looks up record kind ${i} by id.`, inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } }));
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const session = String(req.headers['mcp-session-id'] ?? '');
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      streams.set(session, res);
      req.once('close', () => { if (streams.get(session) === res) streams.delete(session); });
      return;
    }
    if (req.method === 'DELETE') {
      streams.get(session)?.end();
      streams.delete(session);
      res.writeHead(200).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: number; method: string; params?: { arguments?: { id?: string } } };
      if (message.id === undefined) {
        res.writeHead(202).end();
      } else if (message.method === 'initialize') {
        res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': `soak-${++sessions}` });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2025-06-18', capabilities: { tools: { listChanged: true }, logging: {} }, serverInfo: { name: 'soak-upstream', version: '0' } } }));
      } else {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const result = message.method === 'tools/list'
          ? { tools }
          : { content: [{ type: 'text', text: `record ${message.params?.arguments?.id ?? '?'}: ${'field=value; '.repeat(20)}` }] };
        res.write(event({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'debug', data: `${message.method} ${message.id}` } }));
        res.end(event({ jsonrpc: '2.0', id: message.id, result }));
      }
    });
  });
  const stopPace = pace(rate / 3, () => {
    for (const stream of streams.values()) stream.write(event({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'soak', progress: ++n, message: `step ${n}` } }));
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `${originOf('http', '127.0.0.1', port)}/mcp`,
    sent: () => sent,
    close: async () => {
      stopPace();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client through the proxy: a new session every MCP_SESSION_MS, POSTs paced at rate / 3. */
function mcpLoad(address: string, rate: number): Load {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const load: Load = { received: 0, errors: 0, skipped: 0, stop: async () => undefined };
  const countEvents = (response: IncomingMessage) => {
    let tail = '';
    response.setEncoding('utf8');
    response.on('data', (text: string) => {
      const blocks = (tail + text).split('\n\n');
      tail = blocks.pop() ?? '';
      load.received += blocks.filter((b) => b.includes('data: ')).length;
    });
  };
  const post = (session: string | undefined, body: unknown): Promise<IncomingMessage> => new Promise((resolve, reject) => {
    const request = http.request(address, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'user-agent': 'parallax-soak', ...(session ? { 'mcp-session-id': session } : {}) },
    }, resolve);
    request.once('error', reject);
    request.end(JSON.stringify(body));
  });
  const done = (response: IncomingMessage) => new Promise<void>((resolve) => { response.once('end', resolve); response.once('error', () => resolve()); response.once('close', resolve); });

  let id = 0;
  let current: { id: string; stream: http.ClientRequest } | undefined;
  let inFlight = 0;
  const openSession = async () => {
    const answer = await post(undefined, { jsonrpc: '2.0', id: ++id, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'parallax-soak', version: '0' } } });
    const session = String(answer.headers['mcp-session-id']);
    answer.resume();
    await done(answer);
    (await post(session, { jsonrpc: '2.0', method: 'notifications/initialized' })).resume();
    const stream = http.get(address, { agent: false, headers: { accept: 'text/event-stream', 'mcp-session-id': session, 'user-agent': 'parallax-soak' } }, countEvents);
    stream.once('error', () => undefined); // destroyed on purpose when the session rotates
    const previous = current;
    current = { id: session, stream };
    if (previous) {
      const closing = http.request(address, { method: 'DELETE', agent, headers: { 'mcp-session-id': previous.id, 'user-agent': 'parallax-soak' } }, (r) => r.resume());
      closing.once('error', () => load.errors++);
      closing.end();
      previous.stream.destroy();
    }
  };
  const failed = () => { load.errors++; };
  const opening = openSession().catch(failed);
  const rotate = setInterval(() => { openSession().catch(failed); }, MCP_SESSION_MS);
  const stopPace = pace(rate / 3, () => {
    if (!current) return;
    if (inFlight >= MAX_IN_FLIGHT) { load.skipped++; return; }
    inFlight++;
    const n = ++id;
    const body = n % 2 ? { jsonrpc: '2.0', id: n, method: 'tools/list' } : { jsonrpc: '2.0', id: n, method: 'tools/call', params: { name: 'lookup_1', arguments: { id: `p-${n}` } } };
    post(current.id, body).then((response) => { countEvents(response); return done(response); }).catch(failed).finally(() => { inFlight--; });
  });
  load.stop = async () => {
    stopPace();
    clearInterval(rotate);
    await opening;
    current?.stream.destroy();
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    agent.destroy();
  };
  return load;
}

// --- Realtime: a WebSocket server that streams events to each socket at `rate` (transcript and
// audio deltas, a response.done every 20th), while the client appends audio at rate / 10.
async function startRealtimeUpstream(rate: number): Promise<Upstream> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => { wss.once('listening', resolve); wss.once('error', reject); });
  let n = 0;
  let sent = 0;
  wss.on('connection', (socket) => {
    sent++;
    socket.send(JSON.stringify({ type: 'session.created', event_id: `ev_${++n}`, session: { id: `sess_${n}`, model: 'gpt-realtime' } }));
    socket.on('message', () => undefined);
  });
  const audio = 'UklGRiQAAABXQVZF'.repeat(16);
  const stopPace = pace(rate, () => {
    n++;
    const message = JSON.stringify(n % 20 === 0
      ? { type: 'response.done', event_id: `ev_${n}`, response: { id: `resp_${n}`, status: 'completed', output: [{ type: 'message', content: [{ type: 'output_audio', transcript: 'hello there, how can I help' }] }] } }
      : n % 2 ? { type: 'response.output_audio_transcript.delta', event_id: `ev_${n}`, response_id: `resp_${n}`, delta: 'hello there ' } : { type: 'response.output_audio.delta', event_id: `ev_${n}`, response_id: `resp_${n}`, delta: audio });
    for (const socket of wss.clients) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      sent++;
      socket.send(message);
    }
  });
  const address = wss.address();
  if (address === null || typeof address === 'string') throw new Error('the Realtime upstream has no TCP address');
  return {
    url: `${originOf('ws', '127.0.0.1', address.port)}/v1/realtime`,
    sent: () => sent,
    close: async () => {
      stopPace();
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function realtimeLoad(url: string, rate: number): Load {
  const load: Load = { received: 0, errors: 0, skipped: 0, stop: async () => undefined };
  let current: WebSocket | undefined;
  const connect = () => {
    const socket = new WebSocket(url, { headers: { Authorization: 'Bearer sk-soak-not-a-key' }, perMessageDeflate: false });
    socket.on('message', () => { load.received++; });
    socket.once('error', () => { load.errors++; });
    socket.once('open', () => {
      const previous = current;
      current = socket;
      previous?.close(1000);
    });
  };
  connect();
  const rotate = setInterval(connect, REALTIME_SOCKET_MS);
  const audio = 'UklGRiQAAABXQVZF'.repeat(128);
  const stopPace = pace(rate / 10, () => {
    if (current?.readyState === WebSocket.OPEN) current.send(JSON.stringify({ type: 'input_audio_buffer.append', audio }));
  });
  load.stop = async () => {
    stopPace();
    clearInterval(rotate);
    if (current && current.readyState !== WebSocket.CLOSED) {
      const socket = current;
      await new Promise<void>((resolve) => { socket.once('close', () => resolve()); socket.close(1000); setTimeout(() => { socket.terminate(); resolve(); }, 2_000); });
    }
  };
  return load;
}

interface Target {
  name: string;
  child: RunningChild;
  captureDir: string;
  peakFile: string;
  upstream: Upstream;
  load: Load;
  samples: { t: number; rss: number; capture: number; received: number }[];
}

async function startRecorder(options: SoakOptions, name: string, slug: string, args: (out: string) => string[], ready: RegExp): Promise<Omit<Target, 'upstream' | 'load' | 'samples'>> {
  const captureDir = join(options.scratch, `soak-${slug}`);
  mkdirSync(captureDir);
  const peakFile = join(options.scratch, `soak-${slug}.peak`);
  const child = await startChild(['--import', options.preload, options.cli, ...args(join(captureDir, 'soak.parallax'))], ready, { env: { ...process.env, PARALLAX_PEAK_RSS_FILE: peakFile } });
  return { name, child, captureDir, peakFile };
}

export async function runSoak(options: SoakOptions): Promise<void> {
  const { seconds, rate } = options;
  const sampleMs = Math.min(10, Math.max(2, Math.round(seconds / 60))) * 1000;
  console.log(`soak: parallax proxy and parallax tap-realtime, each a process of its own, ${seconds} s at ${formatRate(rate, 'messages')} from each upstream, RSS sampled every ${sampleMs / 1000} s`);
  const upstreams: Upstream[] = [];
  const recorders: RunningChild[] = [];
  const targets: Target[] = [];
  try {
    const mcp = await startMcpUpstream(rate);
    upstreams.push(mcp);
    const realtime = await startRealtimeUpstream(rate);
    upstreams.push(realtime);
    const proxy = await startRecorder(options, 'MCP proxy', 'proxy', (out) => ['proxy', '--target', mcp.url, '--host', '127.0.0.1', '--out', out], /Point your client at: (\S+)/);
    recorders.push(proxy.child);
    const tap = await startRecorder(options, 'Realtime tap', 'tap', (out) => ['tap-realtime', '--upstream', realtime.url, '--out', out], /Realtime URL for your client: (\S+)/);
    recorders.push(tap.child);
    // Both are listening before either load starts, so each runs for the whole sampled time.
    targets.push({ ...proxy, upstream: mcp, load: mcpLoad(proxy.child.ready[1] ?? '', rate), samples: [] });
    targets.push({ ...tap, upstream: realtime, load: realtimeLoad(tap.child.ready[1] ?? '', rate), samples: [] });

    const started = performance.now();
    const sample = () => {
      const t = (performance.now() - started) / 1000;
      for (const target of targets) {
        let rss: number;
        try {
          rss = residentBytes(target.child.pid);
        } catch (error) {
          throw new Error(`${target.name} is gone after ${t.toFixed(0)} s of the soak (${error instanceof Error ? error.message : String(error)}); it printed:\n${target.child.output()}`, { cause: error });
        }
        target.samples.push({ t, rss, capture: folderBytes(target.captureDir), received: target.load.received });
      }
      printRow((targets[0]?.samples.length ?? 1) - 1);
    };
    const printRow = tablePrinter(targets, seconds);
    const due: number[] = [];
    for (let at = sampleMs; at < seconds * 1000; at += sampleMs) due.push(at);
    due.push(seconds * 1000);
    sample();
    for (const at of due) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - (performance.now() - started))));
      sample();
    }
    for (const target of targets) await target.load.stop();
    const ends: string[] = [];
    for (const target of targets) ends.push(await target.child.stop());

    for (const [index, target] of targets.entries()) report(target, ends[index] ?? '', seconds, rate);
  } finally {
    for (const target of targets) await target.load.stop().catch(() => undefined);
    for (const child of recorders) await child.stop();
    for (const upstream of upstreams) await upstream.close();
  }
}

/** The table of RSS over time, printed a row at a time as the soak goes (16 rows whatever its length). */
function tablePrinter(targets: Target[], seconds: number): (sampleIndex: number) => void {
  const header = ['t', ...targets.flatMap((t) => [`${t.name} RSS`, `${t.name} capture`])];
  const widths = header.map((title) => Math.max(title.length, 10));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  let next = 0;
  return (i) => {
    const t = targets[0]?.samples[i]?.t ?? 0;
    if (t < next && t < seconds) return;
    next = t + seconds / 15 - 0.5;
    console.log(line([`${t.toFixed(0)} s`, ...targets.flatMap((target) => {
      const s = target.samples[i];
      return s ? [formatMiB(s.rss), approximateBytes(s.capture)] : ['', ''];
    })]));
  };
}

function report(target: Target, ended: string, seconds: number, rate: number): void {
  const { samples } = target;
  const last = samples[samples.length - 1];
  const secondHalf = samples.filter((s) => s.t >= seconds / 2);
  const rss = slope(secondHalf.map((s) => ({ x: s.t / 3600, y: s.rss / 1024 / 1024 })));
  const capture = slope(samples.map((s) => ({ x: s.t / 3600, y: s.capture })));
  const sampledPeak = Math.max(...samples.map((s) => s.rss));
  const maxRss = existsSync(target.peakFile) ? Number(readFileSync(target.peakFile, 'utf8')) : undefined;
  const peak = Math.max(sampledPeak, maxRss ?? 0);
  const achieved = last ? last.received / last.t : 0;
  const saved = /Saved \d+ frames/.exec(target.child.output())?.[0] ?? 'no "Saved" line';
  console.log(`${target.name}: ${ended} (${saved}); ${formatRate(achieved, 'messages')} reached the client (target ${formatRate(rate, 'messages')}; ${target.load.received.toLocaleString('en')} of ${target.upstream.sent().toLocaleString('en')} sent by the upstream), ${target.load.errors} errors, ${target.load.skipped} ticks skipped at ${MAX_IN_FLIGHT} in flight`);
  console.log(`  RSS slope over the second half: ${rss.slope.toFixed(1)} ± ${rss.error.toFixed(1)} MiB/hour (${secondHalf.length} samples); peak ${formatMiB(peak)} (sampled ${formatMiB(sampledPeak)}, maxRSS ${maxRss === undefined ? 'not reported' : formatMiB(maxRss)})`);
  console.log(`  capture growth: ${approximateBytes(capture.slope)}/hour (${approximateBytes(capture.slope / 3600)}/s, ${last && last.received ? approximateBytes(Math.round(last.capture / last.received)) : '?'} per message), ${approximateBytes(last?.capture ?? 0)} in ${seconds} s`);
  const steady = achieved >= 0.9 * rate && target.load.errors === 0;
  reportFigure({
    name: `soak RSS slope, ${target.name} (second half of ${seconds} s)`, measured: `${rss.slope.toFixed(1)} ± ${rss.error.toFixed(1)} MiB/h`, baseline: `target ${SLOPE_TARGET_MIB_PER_HOUR} MiB/h`,
    ratio: rss.slope / SLOPE_TARGET_MIB_PER_HOUR, target: `slope <= ${SLOPE_TARGET_MIB_PER_HOUR} MiB/h at >= 90% of the rate, no errors`, met: rss.slope <= SLOPE_TARGET_MIB_PER_HOUR && steady,
  });
  reportFigure({
    name: `soak peak memory, ${target.name} (${seconds} s)`, measured: formatMiB(peak), baseline: `ceiling ${formatMiB(MEMORY_CEILING_BYTES)}`,
    ratio: peak / MEMORY_CEILING_BYTES, target: 'ratio <= 1, stopped on its own', met: peak <= MEMORY_CEILING_BYTES && ended === 'exit 0',
  });
}
