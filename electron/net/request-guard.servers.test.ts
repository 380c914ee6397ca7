import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayBook } from '../../shared/replay/replay-book';
import { MemorySink } from '../capture/memory-sink';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { startMcpProxy } from '../proxy/mcp-proxy';
import { startRealtimeTap } from '../proxy/realtime-tap';
import { startReplayServer } from '../replay/replay-server';
import type { AccessOptions } from './request-guard';
import { rawRequest } from './test-support/raw-request';

/**
 * Every local server Parallax starts goes through the request guard, on HTTP and on WebSocket
 * upgrades (those without a socket endpoint hand the upgrade to their request handler).
 */
interface Started {
  port: number;
  /** A path a normal client uses, and the status it gets there without Origin. */
  path: string;
  /**
   * The proxy and the tap pass Origin on to the server behind them, which has its own guard: what
   * shows that they let a request through is that they recorded it.
   */
  sink?: MemorySink;
  close(): Promise<void>;
}

const ALLOWED: AccessOptions = { allowHosts: ['abc.trycloudflare.com'], allowOrigins: ['https://app.example.com'] };
const portOf = (url: string): number => Number(new URL(url).port);

let fixture: RunningFixtureServer;
let emulator: RunningEmulator;
beforeAll(async () => {
  fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
  await fixture.close();
});

const servers: { name: string; allows: boolean; start(access?: AccessOptions): Promise<Started> }[] = [
  {
    name: 'recording proxy', allows: true,
    async start(access) {
      const sink = new MemorySink();
      const proxy = await startMcpProxy({ target: fixture.url, sink, ...(access ? { access } : {}) });
      return { port: proxy.port, path: '/mcp', sink, close: () => proxy.close() };
    },
  },
  {
    name: 'Realtime tap', allows: true,
    async start(access) {
      const sink = new MemorySink();
      const tap = await startRealtimeTap({ upstream: emulator.realtimeUrl, sink, ...(access ? { access } : {}) });
      return { port: tap.port, path: '/v1/realtime?model=gpt-realtime', sink, close: () => tap.close() };
    },
  },
  {
    name: 'local emulator', allows: true,
    async start(access) {
      const started = await startEmulator(access ? { access } : {});
      return { port: portOf(started.baseUrl), path: '/v1/realtime?model=gpt-realtime', close: () => started.close() };
    },
  },
  {
    name: 'serve-capture', allows: true,
    async start(access) {
      const replay = await startReplayServer(ReplayBook.fromEnvelopes([], 'empty'), { streamable: ['/mcp'], sse: [] }, { pace: { kind: 'fast' }, log: () => undefined, ...(access ? { access } : {}) });
      return { port: portOf(replay.urls[0]?.url ?? ''), path: '/mcp', close: () => replay.close() };
    },
  },
  {
    name: 'fixture server', allows: false,
    async start() {
      const started = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
      return { port: portOf(started.url), path: '/mcp', close: () => started.close() };
    },
  },
];

describe.each(servers)('$name behind the request guard', ({ start, allows }) => {
  let server: Started;
  beforeAll(async () => { server = await start(); });
  afterAll(async () => { await server.close(); });

  it('refuses a foreign Host with 421 and a foreign Origin with 403, on HTTP and on the WebSocket upgrade', async () => {
    for (const upgrade of [false, true]) {
      const rebound = await rawRequest(server.port, { path: server.path, host: `rebind.example:${server.port}`, upgrade });
      expect(rebound.status).toBe(421);
      expect(rebound.body).toContain(`"rebind.example:${server.port}"`);
      const crossOrigin = await rawRequest(server.port, { path: server.path, origin: 'https://evil.example', upgrade });
      expect(crossOrigin.status).toBe(403);
      expect(crossOrigin.body).toContain('"https://evil.example"');
    }
  });

  it('lets normal clients through: no Origin, or a page on a loopback origin', async () => {
    for (const origin of [undefined, 'http://localhost:3000']) {
      for (const upgrade of [false, true]) {
        const answer = await rawRequest(server.port, { path: server.path, upgrade, ...(origin ? { origin } : {}) });
        expect(answer.status).not.toBe(421);
        expect(answer.status).not.toBe(403);
      }
    }
  });

  it.runIf(allows)('lets in a Host and an Origin the user allowed', async () => {
    const open = await start(ALLOWED);
    try {
      for (const upgrade of [false, true]) {
        const recorded = open.sink?.envelopes.length ?? 0;
        const answer = await rawRequest(open.port, { path: open.path, host: 'abc.trycloudflare.com', origin: 'https://app.example.com', upgrade });
        if (open.sink) expect(open.sink.envelopes.length).toBeGreaterThan(recorded);
        else expect([421, 403]).not.toContain(answer.status);
      }
      expect((await rawRequest(open.port, { path: open.path, host: 'other.example' })).status).toBe(421);
    } finally {
      await open.close();
    }
  });
});
