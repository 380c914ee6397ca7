import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { startEmulator, type RunningEmulator } from './emulator';

export interface RunningDemo {
  /** The seed fixture (legacy SSE, FastMCP-shaped), e.g. `http://127.0.0.1:<port>/sse`. */
  mcpServerUrl: string;
  /** Label the demo's lanes give the server in their `mcp` tool config. */
  serverLabel: string;
  /** `http://127.0.0.1:<port>/v1`, for the Playground lane (`--openai-base-url`). */
  openaiBaseUrl: string;
  /** `ws://127.0.0.1:<port>/v1/realtime`, for the Realtime lane (append `?model=...`). */
  realtimeUrl: string;
  /** Any non-empty key works with the emulator; this one makes captures recognisable. */
  apiKey: string;
  fixture: RunningFixtureServer;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

/**
 * The out-of-the-box demo: the seed fixture server and the local OpenAI emulator on free
 * 127.0.0.1 ports. Private addresses are allowed, since both halves are local.
 */
export async function startDemo(): Promise<RunningDemo> {
  const fixture = await startFixtureServer({ profile: 'seed' });
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ allowPrivateNetwork: true });
  } catch (error) {
    await fixture.close();
    throw error;
  }
  return {
    mcpServerUrl: fixture.url,
    serverLabel: 'seed',
    openaiBaseUrl: emulator.baseUrl,
    realtimeUrl: emulator.realtimeUrl,
    apiKey: 'parallax-local-emulator',
    fixture,
    emulator,
    async close() {
      await emulator.close();
      await fixture.close();
    },
  };
}
