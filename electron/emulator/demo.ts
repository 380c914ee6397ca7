import { demoServer, type DemoServerId } from '../../shared/lanes/demo-servers';
import { REPORTED_SERVER_LABEL, reportedSessionUpdate } from '../fixtures/reported-server';
import { startFixtureServer, type FixtureHttpTransport, type RunningFixtureServer } from '../fixtures/fixture-server';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from './emulator';

export interface DemoOptions {
  /** Fixture profile; the demo proper is the reported server (`admin-tools`). */
  profile?: string;
  transport?: FixtureHttpTransport;
  /** Emulator settings, e.g. `{ faults: ['slow-list'] }` to show a failure on purpose. */
  emulator?: StartEmulatorOptions;
}

export interface RunningDemo {
  /** The reported server's fixture (legacy SSE, FastMCP-shaped), e.g. `http://127.0.0.1:<port>/sse`. */
  mcpServerUrl: string;
  /** Label the demo's lanes give the server in their `mcp` tool config: the report's own for the reported server. */
  serverLabel: string;
  /** The Realtime lane's session.update: the one the report's author posted, for the reported server; else generated. */
  sessionUpdate?: string;
  /** `http://127.0.0.1:<port>/v1`, for the Playground lane (`--openai-base-url`). */
  openaiBaseUrl: string;
  /** `ws://127.0.0.1:<port>/v1/realtime`, for the Realtime lane (append `?model=...`). */
  realtimeUrl: string;
  /** Any non-empty key works with the emulator; this one makes captures recognisable. */
  apiKey: string;
  /** Bearer token the fixture wants (only the `auth` profile checks it). */
  fixtureToken: string;
  fixture: RunningFixtureServer;
  emulator: RunningEmulator;
  /** One of the demo's other servers (started on first use, then kept), beside the same emulator. */
  serverFor(id: DemoServerId): Promise<RunningFixtureServer>;
  close(): Promise<void>;
}

/**
 * The out-of-the-box demo: the reported server's fixture and the local OpenAI emulator on free
 * 127.0.0.1 ports. Private addresses are allowed, since both halves are local.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const profile = options.profile ?? demoServer('seed').profile;
  const reported = profile === 'admin-tools';
  const fixture = await startFixtureServer({ profile, ...(options.transport ? { transport: options.transport } : {}) });
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ allowPrivateNetwork: true, ...options.emulator });
  } catch (error) {
    await fixture.close();
    throw error;
  }
  const others = new Map<DemoServerId, Promise<RunningFixtureServer>>();
  return {
    mcpServerUrl: fixture.url,
    serverLabel: reported ? REPORTED_SERVER_LABEL : profile,
    ...(reported ? { sessionUpdate: reportedSessionUpdate(fixture.url) } : {}),
    openaiBaseUrl: emulator.baseUrl,
    realtimeUrl: emulator.realtimeUrl,
    apiKey: 'parallax-local-emulator',
    fixtureToken: fixture.token,
    fixture,
    emulator,
    serverFor(id) {
      let server = others.get(id);
      if (!server) {
        const choice = demoServer(id);
        server = startFixtureServer({ profile: choice.profile, transport: choice.transport, era: choice.era });
        others.set(id, server);
        server.catch(() => others.delete(id));
      }
      return server;
    },
    async close() {
      await emulator.close();
      await fixture.close();
      await Promise.allSettled([...others.values()].map(async (s) => (await s).close()));
    },
  };
}
