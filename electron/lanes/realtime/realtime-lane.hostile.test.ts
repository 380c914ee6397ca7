import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createHash } from 'node:crypto';
import { DEFAULT_LIMITS, LimitHitMeta } from '../../../shared/capture/limits';
import { diagnose } from '../../../shared/diagnosis/diagnose';
import { parseServerDescription } from '../../../shared/lanes/server-description';
import { MemorySink } from '../../capture/memory-sink';
import { startEmulator } from '../../emulator/emulator';
import { startFixtureServer } from '../../fixtures/fixture-server';
import { runRealtimeLane } from './realtime-lane';

const server = parseServerDescription({ url: 'https://mcp.example.com/mcp', label: 'remote' });
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A Realtime endpoint on 127.0.0.1 that behaves as the test says, to see how the lane copes with a hostile or broken server. */
async function fakeRealtime(onConnection: (ws: WebSocket) => void): Promise<string> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', onConnection);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  stops.push(async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1/realtime?model=gpt-realtime`;
}

describe('Realtime lane against broken or hostile endpoints', () => {
  it('records frames that are not events, says so, and carries on', async () => {
    const url = await fakeRealtime((ws) => {
      ws.send('not json at all');
      ws.send('{"no_type":true}');
      ws.send(Buffer.from([0xde, 0xad]), { binary: true });
      ws.send(JSON.stringify({ type: 'session.created', event_id: 'e1', session: {} }));
      ws.on('message', () => ws.send(JSON.stringify({ type: 'session.updated', event_id: 'e2', session: { tools: [] } })));
    });
    const sink = new MemorySink();
    const result = await runRealtimeLane({ server, apiKey: 'sk-hostile-test-key-123', url }, sink);
    expect(result.error).toMatchObject({ code: 'no-mcp-tool', message: expect.stringContaining('session.updated lists no mcp tool') });
    const metas = sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as { kind: string; preview?: string });
    expect(metas.filter((m) => m.kind === 'invalid-event').map((m) => m.preview)).toEqual(['not json at all', '{"no_type":true}']);
    expect(sink.envelopes.filter((e) => e.layer === 'ws' && e.dir === 'in').map((e) => e.ws?.kind)).toEqual(['text', 'text', 'binary', 'text', 'text', 'close']);
    expect(sink.envelopes.find((e) => e.ws?.kind === 'binary')).toMatchObject({ raw: '3q0=', encoding: 'base64', size: 2 });
  });

  it('names a server that closes the socket mid-session, keeping what it sent', async () => {
    const url = await fakeRealtime((ws) => {
      ws.send(JSON.stringify({ type: 'session.created', event_id: 'e1', session: {} }));
      ws.on('message', () => ws.close(4000, 'go away'));
    });
    const sink = new MemorySink();
    const result = await runRealtimeLane({ server, apiKey: 'sk-hostile-test-key-123', url }, sink);
    expect(result.error).toMatchObject({ code: 'closed', message: expect.stringContaining('code 4000, "go away"') });
    expect(sink.envelopes.filter((e) => e.layer === 'ws').map((e) => [e.dir, e.ws?.kind])).toEqual([['in', 'text'], ['out', 'text'], ['in', 'close']]);
  });

  it('names a Realtime URL that is not one', async () => {
    const result = await runRealtimeLane({ server, apiKey: null, url: 'http//nope' }, new MemorySink());
    expect(result.error).toMatchObject({ code: 'bad-input', message: expect.stringContaining('bad Realtime URL "http//nope"') });
  });

  it('stops a handshake that hangs when aborted', async () => {
    const http: Server = createServer();
    const held: Duplex[] = [];
    // Never answers the upgrade: the lane would wait for its handshake timeout without the abort.
    http.on('upgrade', (_req, socket: Duplex) => {
      held.push(socket);
      controller.abort();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
    stops.push(async () => {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });
    const controller = new AbortController();
    const sink = new MemorySink();
    const result = await runRealtimeLane({ server, apiKey: null, url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1/realtime`, signal: controller.signal }, sink);
    expect(result.error).toMatchObject({ code: 'aborted', message: 'stopped while the WebSocket was connecting' });
    expect(sink.envelopes.filter((e) => e.http).map((e) => e.http?.phase)).toEqual(['request', 'error']);
  });

  it('stops promptly when aborted while the listing waits, and closes the socket', async () => {
    const seed = await startFixtureServer({ profile: 'seed' });
    stops.push(() => seed.close());
    const emulator = await startEmulator({ allowPrivateNetwork: true, slowListMs: 60_000 });
    stops.push(() => emulator.close());
    const controller = new AbortController();
    const sink = new MemorySink();
    const unsubscribe = sink.subscribe((envelope) => {
      if (envelope.layer === 'meta' && envelope.raw.includes('"detail":"listing"')) controller.abort();
    });
    const result = await runRealtimeLane({
      server: parseServerDescription({ url: seed.url, label: 'seed' }), apiKey: 'k', url: `${emulator.realtimeUrl}?model=gpt-realtime&parallax_fault=slow-list`, signal: controller.signal,
    }, sink);
    unsubscribe();
    expect(result.error).toMatchObject({ code: 'aborted', message: expect.stringContaining('stopped while waiting for the MCP listing') });
    expect(sink.envelopes.filter((e) => e.ws?.kind === 'close').map((e) => e.dir)).toEqual(['out', 'in']);
  });
});

/** Small limits, as `--limit message-bytes=64KiB --limit frame-bytes=16KiB --limit json-depth=20` give them. */
const SMALL = { ...DEFAULT_LIMITS, messageBytes: 64 * 1024, frameBytes: 16 * 1024, jsonDepth: 20 };
const created = JSON.stringify({ type: 'session.created', event_id: 'e1', session: {} });
const limitMetas = (sink: MemorySink) => sink.envelopes.filter((e) => e.layer === 'meta').flatMap((e) => {
  const hit = LimitHitMeta.safeParse(JSON.parse(e.raw));
  return hit.success ? [{ ...hit.data, link: e.link }] : [];
});

describe('Realtime lane under the named limits', () => {
  it('stops at a message past message-bytes: 1009 to the server, a limit-exceeded meta, the step fails naming the limit, and what came before stays', async () => {
    let serverSaw: (code: number) => void = () => undefined;
    const closeCode = new Promise<number>((resolve) => { serverSaw = resolve; });
    const url = await fakeRealtime((ws) => {
      ws.send(created);
      ws.on('message', () => ws.send(JSON.stringify({ type: 'session.updated', pad: 'x'.repeat(100 * 1024) })));
      ws.on('close', (code) => serverSaw(code));
    });
    const sink = new MemorySink();
    const result = await runRealtimeLane({ server, apiKey: 'sk-hostile-test-key-123', url, limits: SMALL }, sink);

    expect(result.error).toMatchObject({ code: 'limit-exceeded', message: expect.stringContaining('a Realtime message exceeded message-bytes (64 KiB) with 100.') });
    expect(result.steps.filter((s) => s.name === 'session-update').at(-1)).toMatchObject({ status: 'failed', detail: expect.stringContaining('message-bytes (64 KiB)') });
    expect(await closeCode).toBe(1009);
    const [hit] = limitMetas(sink);
    expect(hit).toMatchObject({ limit: 'messageBytes', value: 64 * 1024, connection: 'realtime', subject: 'a Realtime message' });
    expect(hit?.observed).toBeGreaterThan(100 * 1024);
    // What arrived before the refused message is all there: session.created in, session.update out, then our 1009.
    expect(sink.envelopes.filter((e) => e.layer === 'ws').slice(0, 3).map((e) => [e.dir, e.ws?.kind, e.ws?.code])).toEqual([['in', 'text', undefined], ['out', 'text', undefined], ['out', 'close', 1009]]);
    const finding = diagnose(sink.envelopes).findings.find((f) => f.id === 'capture.limit-exceeded');
    expect(finding?.detail).toMatch(/a Realtime message on connection realtime exceeded message-bytes \(64 KiB\)/);
    expect(finding?.detail).toMatch(/1009/);
  });

  it('reads a message past frame-bytes whole but records it clipped, with its length and SHA-256', async () => {
    const big = JSON.stringify({ type: 'session.created', event_id: 'e1', session: {}, pad: 'y'.repeat(40 * 1024) });
    const url = await fakeRealtime((ws) => {
      ws.send(big);
      ws.on('message', () => ws.send(JSON.stringify({ type: 'session.updated', event_id: 'e2', session: { tools: [] } })));
    });
    const sink = new MemorySink();
    const result = await runRealtimeLane({ server, apiKey: 'sk-hostile-test-key-123', url, limits: SMALL }, sink);
    // The lane read session.created from the clipped frame and went on to the next step.
    expect(result.error?.code).toBe('no-mcp-tool');
    const frame = sink.envelopes.find((e) => e.layer === 'ws' && e.dir === 'in');
    expect(frame).toMatchObject({ truncated: true, size: Buffer.byteLength(big), clip: { sha256: createHash('sha256').update(big).digest('hex') } });
    expect(frame?.raw.length).toBeLessThanOrEqual(16 * 1024);
    expect(limitMetas(sink)).toEqual([expect.objectContaining({ limit: 'frameBytes', value: 16 * 1024, observed: Buffer.byteLength(big), link: { carrier: frame?.seq } })]);
  });

  it('keeps a message nested past json-depth raw and never parses it', async () => {
    const deep = `{"type":"conversation.item.created","x":${'['.repeat(50)}${']'.repeat(50)}}`;
    const url = await fakeRealtime((ws) => {
      ws.send(deep);
      ws.send(created);
      ws.on('message', () => ws.send(JSON.stringify({ type: 'session.updated', event_id: 'e2', session: { tools: [] } })));
    });
    const sink = new MemorySink();
    const result = await runRealtimeLane({ server, apiKey: 'sk-hostile-test-key-123', url, limits: SMALL }, sink);
    expect(result.error?.code).toBe('no-mcp-tool');
    const frame = sink.envelopes.find((e) => e.layer === 'ws' && e.raw === deep);
    expect(frame).toBeDefined();
    expect(limitMetas(sink)).toEqual([expect.objectContaining({ limit: 'jsonDepth', value: 20, observed: 51, action: 'recorded raw, not parsed', link: { carrier: frame?.seq } })]);
    expect(sink.envelopes.some((e) => e.raw.includes('invalid-event'))).toBe(false);
  });
});
