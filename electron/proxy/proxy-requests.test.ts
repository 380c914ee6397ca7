import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProxyInfo } from '../../shared/ipc/proxies';
import { createEngine, type Engine } from '../engine/engine';
import { startEmulator } from '../emulator/emulator';
import { startFixtureServer } from '../fixtures/fixture-server';
import { SampleRealtimeClient } from './test-support/sample-realtime-client';

let engine: Engine | undefined;
let dir: string | undefined;
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  for (const thing of running.splice(0).reverse()) await thing.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function request(name: Parameters<Engine['dispatch']>[0], payload: unknown = {}): Promise<unknown> {
  const result = await (engine as Engine).dispatch(name, payload);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

describe('engine: startProxy / stopProxy / listProxies', () => {
  it('records both proxies into one live session, side by side, until stopped', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-proxy-engine-'));
    engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir });
    const fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
    running.push(fixture);
    const emulator = await startEmulator();
    running.push(emulator);

    const http = await request('startProxy', { kind: 'http', target: fixture.url }) as ProxyInfo;
    const tap = await request('startProxy', { kind: 'tap', upstream: emulator.realtimeUrl }) as ProxyInfo;
    expect(http.lane).toBe('server');
    expect(tap.lane).toBe('client');
    expect(((await request('listProxies')) as { proxies: ProxyInfo[] }).proxies.map((p) => p.id)).toEqual([http.id, tap.id]);

    const answer = await fetch(http.address, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'engine-test', version: '1' } } }),
    });
    await answer.text();
    const client = await SampleRealtimeClient.open(`${tap.address}?model=gpt-realtime`, { Authorization: 'Bearer sk-engine-proxy-test-key' });
    await client.next('session.created');
    await client.close();

    expect(await request('stopProxy', { id: http.id })).toEqual({ stopped: true });
    expect(await request('stopProxy', { id: tap.id })).toEqual({ stopped: true });
    expect(await request('stopProxy', { id: tap.id })).toEqual({ stopped: false });
    expect(((await request('listProxies')) as { proxies: ProxyInfo[] }).proxies).toEqual([]);

    const session = (engine as Engine).session();
    expect(session.source).toBe('live');
    const lanes = session.info().lanes.map((l) => l.lane);
    expect(lanes).toEqual(expect.arrayContaining(['server', 'client']));
    const all = await session.envelopes(Array.from({ length: session.store.total }, (_, i) => i + 1));
    expect(all.some((e) => e?.lane === 'server' && e.layer === 'jsonrpc')).toBe(true);
    expect(all.some((e) => e?.lane === 'client' && e.layer === 'ws')).toBe(true);
    expect(JSON.stringify(all)).not.toContain('sk-engine-proxy-test-key');
  });

  it('follows the limits of the app\'s settings file, and names a broken one instead of starting', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-proxy-settings-'));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ limits: { frameBytes: '1KiB' } }));
    engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir });
    const fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
    running.push(fixture);
    const http = await request('startProxy', { kind: 'http', target: fixture.url }) as ProxyInfo;
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'engine-test', version: '1' }, _meta: { pad: 'p'.repeat(4096) } } });
    const answer = await fetch(http.address, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body });
    expect(await answer.text()).toContain('serverInfo');
    await request('stopProxy', { id: http.id });
    const session = (engine as Engine).session();
    const all = await session.envelopes(Array.from({ length: session.store.total }, (_, i) => i + 1));
    // The request body reached the server whole; the capture kept 1 KiB of it, with its length and hash.
    const clipped = all.find((e) => e?.layer === 'http' && e.dir === 'out' && e.clip);
    expect(clipped).toMatchObject({ size: Buffer.byteLength(body), clip: { head: 512 } });
    expect(clipped?.clip?.sha256).toMatch(/^[0-9a-f]{64}$/);

    await writeFile(join(dir, 'settings.json'), '{"limits": {"frameBytes": "lots"}}');
    const refused = await (engine as Engine).dispatch('startProxy', { kind: 'http', target: fixture.url });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/settings\.json has a problem: limits\.frameBytes: "lots" is not a size.* Fix or remove it, then start the proxy again\./) } });
  });

  it('refuses a bad target with the proxy\'s own words', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-proxy-engine-'));
    engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir });
    await expect(request('startProxy', { kind: 'http', target: 'ftp://example.com' })).rejects.toThrow(/http:\/\/ or https:\/\//);
  });
});
