import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { CaptureJournal } from '../capture/journal';
import { readWholeCapture } from '../capture/test-support/read-capture';
import { startEmulator } from '../emulator/emulator';
import { startFixtureServer } from '../fixtures/fixture-server';
import { startMcpProxy } from './mcp-proxy';
import { startRealtimeTap } from './realtime-tap';

/**
 * The server behind a recording proxy or tap goes away and comes back on the same port: the
 * proxy says why each request failed meanwhile, forwards again once it is back, and the capture
 * holds all of it in order with nothing skipped.
 */
let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-outage-')); });
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const portOf = (url: string) => Number(new URL(url).port);

async function journalAt(name: string, lane: 'server' | 'client'): Promise<CaptureJournal> {
  const journal = await CaptureJournal.create(join(dir, name), { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date().toISOString(), lanes: [{ lane }] });
  cleanups.push(() => journal.close());
  return journal;
}

async function listTools(url: string): Promise<string[]> {
  const client = new Client({ name: 'outage-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    return (await client.listTools()).tools.map((tool) => tool.name);
  } finally {
    await client.close();
  }
}

const httpOutcomes = (envelopes: Envelope[]) => envelopes
  .filter((e) => e.layer === 'http' && (e.http?.phase === 'response' || e.http?.phase === 'error'))
  .map((e) => (e.http?.phase === 'error' ? `error: ${e.raw}` : String(e.http?.status)));

describe('when the upstream disappears and returns', () => {
  it('the MCP proxy answers 502 naming the upstream while it is gone, forwards again once it is back, and records it all', async () => {
    let fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
    cleanups.push(() => fixture.close());
    const journal = await journalAt('proxy.parallax', 'server');
    const proxy = await startMcpProxy({ target: fixture.url, sink: journal });
    cleanups.push(() => proxy.close());

    const before = await listTools(proxy.address);
    expect(before.length).toBeGreaterThan(0);
    await fixture.close();

    const initialize = () => fetch(proxy.address, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'outage-test', version: '1' } } }) });
    // The first may go out on a kept-alive socket the dead server reset (ECONNRESET); a fresh connection is refused.
    const answers = [await initialize(), await initialize()];
    expect(answers.map((a) => a.status)).toEqual([502, 502]);
    const said = await Promise.all(answers.map((a) => a.text()));
    expect(said[0]).toMatch(/^parallax proxy: cannot reach http:\/\/127\.0\.0\.1:\d+: .*(ECONNRESET|ECONNREFUSED)/);
    expect(said[1]).toMatch(/^parallax proxy: cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);

    fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http', port: portOf(fixture.url) });
    expect(await listTools(proxy.address)).toEqual(before);
    await proxy.close();
    await journal.close();

    const { envelopes, skipped } = await readWholeCapture(journal.path);
    expect(skipped).toEqual([]);
    const outcomes = httpOutcomes(envelopes);
    const failure = outcomes.findIndex((o) => o.startsWith('error: '));
    // Answered before the outage, the two refusals during it, answered again after.
    expect(failure).toBeGreaterThan(0);
    expect(outcomes.slice(0, failure).every((o) => /^2\d\d$/.test(o))).toBe(true);
    expect(outcomes.slice(failure, failure + 2).map((o) => o.replace(/\d+/g, 'N'))).toEqual(said.map((text) => `error: ${text.replace(/^parallax proxy: /, '').trim()}`.replace(/\d+/g, 'N')));
    const after = outcomes.slice(failure + 2);
    expect(after.filter((o) => /^2\d\d$/.test(o)).length).toBeGreaterThan(2);
    // Nothing after the return failed to reach the server (the GET stream the proxy's own close cuts may end in "broke off").
    expect(after.filter((o) => o.includes('cannot reach'))).toEqual([]);
  });

  it('the Realtime tap closes the client\'s socket when the upstream goes, refuses with 502 while it is gone, and relays again once it is back', async () => {
    let emulator = await startEmulator();
    cleanups.push(() => emulator.close());
    const journal = await journalAt('tap.parallax', 'client');
    const tap = await startRealtimeTap({ upstream: emulator.realtimeUrl, sink: journal });
    cleanups.push(() => tap.close());
    const connect = () => new WebSocket(`${tap.realtimeUrl}?model=gpt-realtime`, { headers: { Authorization: 'Bearer sk-outage-test-key' } });
    const firstEvent = (socket: WebSocket) => new Promise<string>((resolve, reject) => {
      socket.once('message', (data: Buffer) => resolve((JSON.parse(data.toString()) as { type: string }).type));
      socket.once('error', reject);
    });

    const live = connect();
    expect(await firstEvent(live)).toBe('session.created');
    const closed = new Promise<number>((resolve) => live.once('close', (code) => resolve(code)));
    await emulator.close();
    // The upstream vanished: the client learns at once rather than waiting on a dead relay.
    expect(await closed).not.toBe(1000);

    const refused = await new Promise<number>((resolve) => {
      const socket = connect();
      socket.on('unexpected-response', (_request, response) => { resolve(response.statusCode ?? 0); response.resume(); });
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(502);

    emulator = await startEmulator({ port: portOf(emulator.realtimeUrl) });
    const again = connect();
    expect(await firstEvent(again)).toBe('session.created');
    again.close();
    await new Promise((resolve) => again.once('close', resolve));
    await tap.close();
    await journal.close();

    const { envelopes, skipped } = await readWholeCapture(journal.path);
    expect(skipped).toEqual([]);
    const created = envelopes.filter((e) => e.layer === 'ws' && e.raw.includes('"session.created"'));
    expect(created).toHaveLength(2);
    const error = envelopes.find((e) => e.http?.phase === 'error');
    expect(error?.raw).toMatch(/ECONNREFUSED/);
    // The refusal sits between the two sessions, as it happened.
    expect((created[0] as Envelope).seq).toBeLessThan((error as Envelope).seq);
    expect((error as Envelope).seq).toBeLessThan((created[1] as Envelope).seq);
  });
});
