import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
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
