import type { CaptureSink } from '../../../shared/capture/envelope';
import { parseServerDescription, type ServerDescriptionInput } from '../../../shared/lanes/server-description';
import { MemorySink } from '../../capture/memory-sink';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../emulator/emulator';
import { startFixtureServer, type FixtureHttpTransport, type RunningFixtureServer } from '../../fixtures/fixture-server';
import type { FixtureOptions } from '../../fixtures/profiles';
import type { FixtureEra } from '../../../shared/lanes/fixture-eras';
import { runInspectorLane, type InspectorLaneOptions } from '../../lanes/inspector/inspector-lane';
import { createRecordingFetch } from '../../lanes/inspector/recording-fetch';
import { parseServerTarget } from '../../lanes/inspector/server-target';
import { WireRecorder } from '../../lanes/inspector/wire-recorder';
import { runPlaygroundLane, type PlaygroundLaneOptions } from '../../lanes/playground/playground-lane';
import { runRealtimeLane, type RealtimeLaneOptions } from '../../lanes/realtime/realtime-lane';

/**
 * Real runs for the diagnosis tests: a fixture MCP server and the local OpenAI emulator on
 * 127.0.0.1, with the real lanes recording into one MemorySink. Nothing here fakes a frame.
 */
export const API_KEY = 'sk-parallax-diagnosis-test';

export interface World {
  fixture: RunningFixtureServer;
  emulator: RunningEmulator;
  sink: MemorySink;
  close(): Promise<void>;
}

export async function startWorld(profile: string, options: { transport?: FixtureHttpTransport; era?: FixtureEra; fixture?: Partial<FixtureOptions>; emulator?: StartEmulatorOptions } = {}): Promise<World> {
  const fixture = await startFixtureServer({ profile, ...(options.transport ? { transport: options.transport } : {}), ...(options.era ? { era: options.era } : {}), ...(options.fixture ? { options: options.fixture } : {}) });
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY, ...options.emulator });
  } catch (error) {
    await fixture.close();
    throw error;
  }
  return {
    fixture, emulator, sink: new MemorySink(),
    async close() {
      await emulator.close();
      await fixture.close();
    },
  };
}

export function recordInspector(world: World, options: Partial<InspectorLaneOptions> & { url?: string } = {}) {
  const { url, ...rest } = options;
  return runInspectorLane({ target: parseServerTarget(url ?? world.fixture.url), ...rest }, world.sink);
}

export function serverFor(world: World, overrides: Partial<ServerDescriptionInput> = {}) {
  return parseServerDescription({ url: world.fixture.url, label: 'seed', require_approval: 'never', ...overrides });
}

export function realtimeUrl(world: World, fault?: string): string {
  return `${world.emulator.realtimeUrl}?model=gpt-realtime${fault ? `&parallax_fault=${fault}` : ''}`;
}

export function recordRealtime(world: World, options: Partial<Omit<RealtimeLaneOptions, 'server'>> & { fault?: string; server?: Partial<ServerDescriptionInput> } = {}) {
  const { fault, server, ...rest } = options;
  return runRealtimeLane({ server: serverFor(world, server), apiKey: API_KEY, url: realtimeUrl(world, fault), timeouts: { listMs: 20_000 }, ...rest }, world.sink);
}

/** The Playground lane against the emulator (faults come from the emulator's own defaults). */
export function recordPlayground(world: World, options: Partial<Omit<PlaygroundLaneOptions, 'server'>> & { server?: Partial<ServerDescriptionInput> } = {}) {
  const { server, ...rest } = options;
  return runPlaygroundLane({ server: serverFor(world, server), apiKey: API_KEY, baseUrl: world.emulator.baseUrl, ...rest }, world.sink);
}

/** The Responses recorder the Playground lane uses: http/sse envelopes only, no JSON-RPC reading. */
class ResponsesWire extends WireRecorder {
  override jsonRpc(): void {
    // Responses bodies are OpenAI events, not JSON-RPC.
  }
}

/**
 * One `POST /v1/responses` from a client that does not follow up (unlike the Playground lane,
 * which answers approvals), recorded under lane `playground` as that lane records: request,
 * response head, each SSE block or the whole body, end.
 */
export async function recordResponses(world: World, body: Record<string, unknown>, options: { fault?: string; sink?: CaptureSink; conn?: string } = {}): Promise<number> {
  const recorder = new ResponsesWire(options.sink ?? world.sink, options.conn ?? 'playground', 'playground');
  const { fetch } = createRecordingFetch(recorder);
  const url = `${world.emulator.baseUrl}/responses${options.fault ? `?parallax_fault=${options.fault}` : ''}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

export function mcpTool(world: World, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'mcp', server_label: 'seed', server_url: world.fixture.url, require_approval: 'never', ...overrides };
}
