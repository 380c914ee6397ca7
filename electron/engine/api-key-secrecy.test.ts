import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventName, SessionInfo } from '../../shared/ipc/contract';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { createEngine, type Engine } from './engine';
import { createSecretStore, type KeyVault } from './secrets';

/** A key the emulator insists on, so the lanes can only succeed if the key really went over the wire. */
const API_KEY = 'sk-secrecy-check-7f3a9c1e5b2d4068';

let dir: string;
let seed: RunningFixtureServer;
let emulator: RunningEmulator;
let engine: Engine;
const stored: { key: string | null } = { key: null };
const vault: KeyVault = { load: async () => stored.key, save: async (key) => { stored.key = key; }, erase: async () => { stored.key = null; } };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-key-secrecy-'));
  seed = await startFixtureServer({ profile: 'seed' });
  emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir, secrets: createSecretStore({}, vault) });
});
afterAll(async () => {
  await engine.dispose();
  await emulator.close();
  await seed.close();
  await rm(dir, { recursive: true, force: true });
});

async function request(name: Parameters<Engine['dispatch']>[0], payload: unknown = {}) {
  const result = await engine.dispatch(name, payload);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

describe('the OpenAI key', () => {
  it('is used on the wire by both hosted lanes yet appears nowhere in the capture, the logs or anything the UI receives', async () => {
    const toUi: string[] = [];
    const logged: string[] = [];
    const unsubscribe = engine.events.subscribe((name: EventName, payload: unknown) => toUi.push(JSON.stringify({ name, payload })));
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); }));
    const finished = new Promise<void>((resolve) => {
      const stop = engine.events.subscribe((name, payload) => {
        if (name === 'engineLog' && /^probe (finished|failed)/.test((payload as { message: string }).message)) {
          stop();
          resolve();
        }
      });
    });
    try {
      expect(await request('getKeyStatus')).toEqual({ status: 'missing' });
      toUi.push(JSON.stringify(await request('setApiKey', { key: API_KEY })));
      expect(stored.key).toBe(API_KEY);
      expect(await request('getKeyStatus')).toEqual({ status: 'set' });

      const started = await request('startProbe', {
        setup: { server: seed.url, label: 'seed', lanes: ['inspector', 'playground', 'realtime'], openai: { baseUrl: emulator.baseUrl, realtimeUrl: emulator.realtimeUrl } },
      }) as SessionInfo;
      toUi.push(JSON.stringify(started));
      await finished;

      const session = await request('getSession') as SessionInfo;
      toUi.push(JSON.stringify(session));
      // Only a correct key gets past this emulator, so 10 tools in the hosted lanes prove it was sent.
      expect(session.lanes.map((l) => [l.lane, l.status, l.toolCount])).toEqual([['inspector', 'ok', 10], ['playground', 'ok', 10], ['realtime', 'ok', 10]]);

      const frames = await request('getFrames', { sessionId: session.id, start: 0, count: 5000 }) as { rows: { seq: number }[]; total: number };
      toUi.push(JSON.stringify(frames));
      expect(frames.rows.length).toBe(frames.total);
      for (const { seq } of frames.rows) toUi.push(JSON.stringify(await request('getEnvelope', { sessionId: session.id, seq })));
      const diagnosis = await engine.dispatch('getDiagnosis', { sessionId: session.id });
      toUi.push(JSON.stringify(diagnosis));

      const captures = await readdir(join(dir, 'captures'));
      expect(captures).toHaveLength(1);
      const capture = await readFile(join(dir, 'captures', captures[0] ?? ''), 'utf8');
      expect(capture).toContain('Bearer [redacted]');
      expect(capture).not.toContain(API_KEY);
      expect(toUi.join('\n')).toContain('"lane":"realtime"');
      expect(toUi.join('\n')).not.toContain(API_KEY);
      expect(logged.join('\n')).not.toContain(API_KEY);
      // Nor any recognisable part of it.
      expect(`${capture}${toUi.join('')}`).not.toContain(API_KEY.slice(3, 19));
    } finally {
      unsubscribe();
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('can be cleared, and a key that cannot be a header value is refused without echoing it', async () => {
    expect(await request('clearApiKey')).toEqual({ status: 'missing' });
    const refused = await engine.dispatch('setApiKey', { key: 'sk-with a-space' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'engine_error' } });
    expect(JSON.stringify(refused)).not.toContain('sk-with');
    expect(await request('getKeyStatus')).toEqual({ status: 'missing' });
  });
});
