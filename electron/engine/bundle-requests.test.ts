import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../shared/ipc/contract';
import type { BundleExportResponse, BundlePreviewResponse } from '../../shared/ipc/bundles';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { createEngine, type Engine } from './engine';
import { createSecretStore } from './secrets';

const API_KEY = 'sk-bundle-engine-test-5e1d0c9b';
const TOKEN = 'engine-bundle-bearer-0a9b8c7d';

let dir: string;
let fixture: RunningFixtureServer;
let emulator: RunningEmulator;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-engine-bundle-'));
  fixture = await startFixtureServer({ profile: 'auth', options: { token: TOKEN } });
  emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir, secrets: createSecretStore({ OPENAI_API_KEY: API_KEY }) });
});
afterAll(async () => {
  await engine?.dispose();
  await emulator?.close();
  await fixture?.close();
  await rm(dir, { recursive: true, force: true });
});

async function request(name: Parameters<Engine['dispatch']>[0], payload: unknown = {}) {
  const result = await engine.dispatch(name, payload);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

describe('previewBundle and exportBundle in the engine', () => {
  it('refuses when there is nothing to export', async () => {
    const result = await engine.dispatch('previewBundle', {});
    expect(result).toMatchObject({ ok: false, error: { message: /Nothing to export yet/ } });
  });

  it('previews, writes the live session into exports/, and the opened bundle replays to the same diagnosis', async () => {
    const finished = new Promise<void>((resolve) => {
      const stop = engine.events.subscribe((name, payload) => {
        if (name === 'engineLog' && /^probe (finished|failed)/.test((payload as { message: string }).message)) {
          stop();
          resolve();
        }
      });
    });
    await request('startProbe', {
      setup: { server: fixture.url, label: 'seed', headers: [['Authorization', `Bearer ${TOKEN}`]], lanes: ['inspector', 'playground', 'realtime'], openai: { baseUrl: emulator.baseUrl, realtimeUrl: emulator.realtimeUrl } },
    });
    await finished;
    const live = await request('getSession') as SessionInfo;
    expect(live.lanes.map((l) => [l.lane, l.status])).toEqual([['inspector', 'ok'], ['playground', 'ok'], ['realtime', 'ok']]);

    const preview = await request('previewBundle', { rules: [{ kind: 'header', name: 'X-Nothing' }] }) as BundlePreviewResponse;
    expect(preview.enabled).toBe(true);
    // The probe never recorded the server's token (runProbe redacts it), so the live capture is already clean of it.
    expect(await readFile(live.path as string, 'utf8')).not.toContain(TOKEN);
    expect(JSON.stringify(preview)).not.toContain(TOKEN);
    expect((await request('previewBundle', { includeSecrets: true }) as BundlePreviewResponse).enabled).toBe(false);

    const written = await request('exportBundle', {}) as BundleExportResponse;
    expect(written.path).toBe(join(dir, 'exports', `${live.title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '')}-bundle.zip`));
    expect(written.download).toBe(`${live.title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '')}-bundle.zip`);
    const second = await request('exportBundle', {}) as BundleExportResponse;
    expect(second.path).toMatch(/-bundle-2\.zip$/);
    const files = unzipSync(new Uint8Array(await readFile(written.path)));
    for (const data of Object.values(files)) {
      expect(strFromU8(data)).not.toContain(TOKEN);
      expect(strFromU8(data)).not.toContain(API_KEY);
    }
    await expect(engine.dispatch('exportBundle', { path: written.path })).resolves.toMatchObject({ ok: false, error: { message: /already exists/ } });

    const liveDiagnosis = await request('getDiagnosis', { sessionId: live.id }) as { verdict: string; findings: unknown[] };
    const opened = await request('openCapture', { path: written.path }) as SessionInfo;
    expect(opened).toMatchObject({ source: 'capture', total: live.total });
    const replayed = await request('getDiagnosis', { sessionId: opened.id }) as { verdict: string; findings: unknown[] };
    expect(replayed.findings).toEqual(liveDiagnosis.findings);
    expect(replayed.verdict).toBe(liveDiagnosis.verdict);
  }, 120_000);
});
