import { createHash } from 'node:crypto';
import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { resolveLimits } from '../../shared/capture/limits';
import { diagnose } from '../../shared/diagnosis/diagnose';
import { openCapture } from '../capture/capture-loader';
import { CaptureJournal } from '../capture/journal';
import { startMcpProxy, type RunningProxy } from './mcp-proxy';

const MiB = 1024 * 1024;
const limits = resolveLimits({ frameBytes: 1 * MiB, sseEventBytes: 1 * MiB });

let dir: string;
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-limits-')); });
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** An upstream on 127.0.0.1 whose one route is the hostile answer under test. */
async function upstream(route: (res: ServerResponse) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => route(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

async function recordingProxy(target: string, proxyLimits = limits): Promise<{ proxy: RunningProxy; journal: CaptureJournal }> {
  const path = join(dir, 'limits.parallax');
  const journal = await CaptureJournal.create(path, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date().toISOString(), lanes: [{ lane: 'server' }] });
  const proxy = await startMcpProxy({ target, sink: journal, limits: proxyLimits });
  // Both close twice safely, so a test that stopped them itself leaves nothing for this to do.
  cleanups.push(async () => {
    await proxy.close();
    await journal.close().catch(() => undefined);
  });
  return { proxy, journal };
}

async function stop(proxy: RunningProxy, journal: CaptureJournal): Promise<Envelope[]> {
  await proxy.close();
  await journal.close();
  const capture = await openCapture(journal.path);
  try {
    const envelopes: Envelope[] = [];
    for await (const envelope of capture.envelopes()) envelopes.push(envelope);
    expect(capture.skipped).toEqual([]);
    return envelopes;
  } finally {
    await capture.close();
  }
}

const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body });
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const metas = (envelopes: Envelope[], kind: string) => envelopes.filter((e) => e.layer === 'meta' && (JSON.parse(e.raw) as { kind: string }).kind === kind);

describe('recording proxy under hostile sizes (real sockets, a real journal file)', () => {
  it('forwards a body far beyond frame-bytes whole and records its head, tail, length and SHA-256, with a limit-exceeded frame and finding', async () => {
    const description = 'd'.repeat(12 * MiB);
    const answer = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'huge', description, inputSchema: { type: 'object' } }] } });
    const target = await upstream((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer);
    });
    const { proxy, journal } = await recordingProxy(target);
    const response = await post(proxy.address, '{"jsonrpc":"2.0","id":1,"method":"tools/list"}');
    const received = await response.text();
    expect(received).toBe(answer);

    const envelopes = await stop(proxy, journal);
    const body = envelopes.find((e) => e.http?.phase === 'body') as Envelope;
    expect(body).toMatchObject({ truncated: true, size: Buffer.byteLength(answer), clip: { head: MiB / 2, sha256: sha256(answer) } });
    expect(body.raw.length).toBe(MiB);
    expect(answer.startsWith(body.raw.slice(0, body.clip?.head))).toBe(true);
    expect(answer.endsWith(body.raw.slice(body.clip?.head))).toBe(true);
    // A clipped body is not parsed as JSON-RPC (it is not whole), and that is not reported as an invalid frame.
    expect(envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'in')).toEqual([]);
    const [hit] = metas(envelopes, 'limit-exceeded');
    expect(hit?.link?.carrier).toBe(body.seq);
    expect(JSON.parse(hit?.raw ?? '{}')).toMatchObject({ limit: 'frameBytes', value: MiB, observed: Buffer.byteLength(answer), action: 'kept head/tail/hash' });

    const finding = diagnose(envelopes).findings.find((f) => f.id === 'capture.limit-exceeded');
    expect(finding?.detail).toContain(`frame ${body.seq} exceeded frame-bytes (1 MiB) with 12.0 MiB: kept head/tail/hash`);
    expect(finding?.evidence).toEqual([body.seq, hit?.seq]);
    expect(finding?.fix).toContain('parallax probe, proxy or tap-realtime --limit frame-bytes=');
  });

  it('clips an SSE event beyond sse-event-bytes and records the events after it whole, JSON-RPC included', async () => {
    const hugeEvent = `event: message\ndata: ${'x'.repeat(5 * MiB)}\n\n`;
    const after = 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"tools":[]}}\n\n';
    const target = await upstream((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // In many writes, as a server streams it: the splitter must bound the event across pushes.
      for (let offset = 0; offset < hugeEvent.length; offset += 64 * 1024) res.write(hugeEvent.slice(offset, offset + 64 * 1024));
      res.end(after);
    });
    const { proxy, journal } = await recordingProxy(target);
    const received = await (await post(proxy.address, '{"jsonrpc":"2.0","id":1,"method":"tools/list"}')).text();
    expect(received).toBe(hugeEvent + after);

    const envelopes = await stop(proxy, journal);
    const events = envelopes.filter((e) => e.layer === 'sse');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ truncated: true, size: hugeEvent.length, clip: { sha256: sha256(hugeEvent) } });
    expect(events[0]?.incomplete).toBeUndefined();
    expect(events[0]?.raw.endsWith('xxx\n\n')).toBe(true);
    expect(events[1]?.raw).toBe(after);
    expect(envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'in').map((e) => e.link?.carrier)).toEqual([events[1]?.seq]);
    expect(JSON.parse(metas(envelopes, 'limit-exceeded')[0]?.raw ?? '{}')).toMatchObject({ limit: 'sseEventBytes', observed: hugeEvent.length });
  });

  it('bounds an SSE event that never ends: the client stops reading, the capture keeps head, tail and hash of what arrived', async () => {
    let sent = 0;
    let hash = createHash('sha256');
    const target = await upstream((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const opening = 'event: message\ndata: ';
      res.write(opening);
      hash = createHash('sha256').update(opening);
      sent = opening.length;
      const chunk = Buffer.alloc(64 * 1024, 'y');
      // Writes for as long as the socket takes them: an endless event, never a blank line.
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) { sent += chunk.length; hash.update(chunk); }
        if (!res.destroyed) { sent += chunk.length; hash.update(chunk); res.once('drain', pump); }
      };
      pump();
    });
    const { proxy, journal } = await recordingProxy(target);
    const response = await post(proxy.address, '{"jsonrpc":"2.0","id":1,"method":"tools/list"}');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let got = 0;
    while (got < 8 * MiB) got += ((await reader.read()).value?.byteLength ?? 0);
    await reader.cancel();

    const envelopes = await stop(proxy, journal);
    const event = envelopes.find((e) => e.layer === 'sse') as Envelope;
    expect(event).toMatchObject({ incomplete: true, truncated: true });
    expect(event.raw.startsWith('event: message\ndata: yyy')).toBe(true);
    expect(event.raw.length).toBeLessThanOrEqual(MiB);
    // The proxy read at least what the client got and at most what the server wrote.
    expect(event.size).toBeGreaterThanOrEqual(got);
    expect(event.size).toBeLessThanOrEqual(sent);
    if (event.size === sent) expect(event.clip?.sha256).toBe(hash.digest('hex'));
    expect(metas(envelopes, 'limit-exceeded')).toHaveLength(1);
    // The exchange ends in an error phase (which side noticed first, the client or the upstream, is a race).
    expect(envelopes.filter((e) => e.http?.phase === 'error')).toHaveLength(1);
  });

  it('samples a flood of notifications past frames-per-second, marking what it skipped, and never an answer', async () => {
    const NOTIFICATIONS = 2000;
    const progress = (n: number) => `event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":${n}}}\n\n`;
    const answer = 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"tools":[]}}\n\n';
    const target = await upstream((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let n = 0; n < NOTIFICATIONS; n++) res.write(progress(n));
      res.end(answer);
    });
    const { proxy, journal } = await recordingProxy(target, resolveLimits({ framesPerSecond: 50 }));
    const received = await (await post(proxy.address, '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"progressToken":1}}}')).text();
    expect(received.split('notifications/progress').length - 1).toBe(NOTIFICATIONS);

    const envelopes = await stop(proxy, journal);
    const events = envelopes.filter((e) => e.layer === 'sse');
    const recordedProgress = events.filter((e) => e.raw.includes('notifications/progress')).length;
    expect(recordedProgress).toBeGreaterThanOrEqual(50);
    expect(recordedProgress).toBeLessThan(NOTIFICATIONS);
    expect(events.at(-1)?.raw).toBe(answer);
    expect(envelopes.some((e) => e.layer === 'jsonrpc' && e.raw.includes('"id":1') && e.raw.includes('"result"'))).toBe(true);
    const skipped = metas(envelopes, 'limit-exceeded').map((e) => JSON.parse(e.raw) as { limit: string; skipped: number });
    expect(skipped.every((m) => m.limit === 'framesPerSecond')).toBe(true);
    expect(recordedProgress + skipped.reduce((sum, m) => sum + m.skipped, 0)).toBe(NOTIFICATIONS);
  });
});
