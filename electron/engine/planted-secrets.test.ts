import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { secretForms } from '../../shared/bundle/secret-forms';
import type { EventName, SessionInfo } from '../../shared/ipc/contract';
import { exportCommand } from '../cli/commands/export';
import { runCli } from '../cli/test-support/cli-run';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startCookieFront, type CookieFront } from '../bundle/test-support/cookie-front';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { createEngine, type Engine } from './engine';
import { createSecretStore, type KeyVault } from './secrets';

/**
 * Secrets planted in every place a user puts one, carried by every lane and the recording proxy,
 * then searched for in every byte Parallax writes or shows (captures, the bundle's files, the HAR,
 * whatever else lands in the data directory, the UI's events, the console), in every spelling a
 * secret takes on the way (as typed, URL-encoded, JSON-escaped, base64: shared/bundle/secret-forms.ts).
 */
const PLANTED = {
  'OpenAI API key': 'sk-planted-openai-9f8e7d6c5b4a3210',
  'Anthropic API key': 'sk-ant-planted-1a2b3c4d5e6f7a8b',
  'bearer token (Setup)': 'planted-bearer-token-55aa66bb77cc',
  'X-Api-Key header (Setup)': 'planted-header-secret-0f1e2d3c4b5a',
  'API key in the server URL query': 'plantedquerykey8899aabbccdd',
  'Authorization through the proxy': 'planted-proxy-bearer-aabbccdd1122',
  'cookie through the proxy': 'planted-cookie-value-334455667788',
  'Realtime key in the subprotocol, through the tap': 'sk-planted-subprotocol-ffeeddccbbaa9988',
  'cookie the MCP server sets': 'planted-server-cookie-5566778899aa',
} as const;

let dir: string;
let seed: RunningFixtureServer;
let front: CookieFront;
let emulator: RunningEmulator;
let engine: Engine;
const stored = new Map<string, string>();
const vault = (name: string): KeyVault => ({ load: async () => stored.get(name) ?? null, save: async (key) => { stored.set(name, key); }, erase: async () => { stored.delete(name); } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-planted-'));
  seed = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
  // The probe reaches the server through a front that sets a cookie, as a load balancer does.
  front = await startCookieFront(seed.url, `lb_session=${PLANTED['cookie the MCP server sets']}; Path=/; HttpOnly`);
  emulator = await startEmulator({ allowPrivateNetwork: true });
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir, secrets: createSecretStore({}, vault('openai')), anthropicSecrets: createSecretStore({}, vault('anthropic'), 'anthropic') });
});
afterAll(async () => {
  await engine?.dispose();
  await emulator?.close();
  await front?.close();
  await seed?.close();
  await rm(dir, { recursive: true, force: true });
});

async function request(name: Parameters<Engine['dispatch']>[0], payload: unknown = {}) {
  const result = await engine.dispatch(name, payload);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

/** Every file under `root`, with its text; zips are opened and each entry searched as its own text. */
async function filesUnder(root: string): Promise<{ where: string; text: string }[]> {
  const found: { where: string; text: string }[] = [];
  for (const name of await readdir(root, { recursive: true })) {
    const path = join(root, name);
    if (!(await stat(path)).isFile()) continue;
    const bytes = await readFile(path);
    found.push({ where: name, text: bytes.toString('utf8') });
    if (name.endsWith('.zip')) {
      for (const [entry, content] of Object.entries(unzipSync(bytes))) found.push({ where: `${name}!${entry}`, text: strFromU8(content) });
    }
  }
  return found;
}

describe('planted secrets', () => {
  it('are carried on the wire by every lane and the proxy, yet appear in no byte Parallax writes or shows, in any spelling', async () => {
    const toUi: string[] = [];
    const logged: string[] = [];
    const unsubscribe = engine.events.subscribe((name: EventName, payload: unknown) => toUi.push(JSON.stringify({ name, payload })));
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); }));
    try {
      await request('setApiKey', { key: PLANTED['OpenAI API key'] });
      await request('setApiKey', { key: PLANTED['Anthropic API key'], provider: 'anthropic' });
      const finished = new Promise<void>((resolve) => {
        const stop = engine.events.subscribe((name, payload) => {
          if (name === 'engineLog' && /^probe (finished|failed)/.test((payload as { message: string }).message)) {
            stop();
            resolve();
          }
        });
      });
      const server = `${front.origin}${new URL(seed.url).pathname}?api_key=${PLANTED['API key in the server URL query']}`;
      toUi.push(JSON.stringify(await request('startProbe', {
        setup: {
          server, label: 'seed', lanes: ['inspector', 'playground', 'realtime', 'claude'],
          bearerToken: PLANTED['bearer token (Setup)'], headers: [['X-Api-Key', PLANTED['X-Api-Key header (Setup)']]],
          openai: { baseUrl: emulator.baseUrl, realtimeUrl: emulator.realtimeUrl }, anthropic: { baseUrl: emulator.anthropicBaseUrl },
        },
      })));
      await finished;
      const session = await request('getSession') as SessionInfo;
      // Every lane got the server's tools, so every secret went where it was meant to.
      expect(session.lanes.map((l) => [l.lane, l.status, l.toolCount])).toEqual([['inspector', 'ok', 10], ['playground', 'ok', 10], ['realtime', 'ok', 10], ['claude', 'ok', 10]]);

      const proxy = await request('startProxy', { kind: 'http', target: seed.url }) as { id: string; address: string };
      const answer = await fetch(proxy.address, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', accept: 'application/json, text/event-stream',
          authorization: `Bearer ${PLANTED['Authorization through the proxy']}`, cookie: `session=${PLANTED['cookie through the proxy']}`,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'planted', version: '1' } } }),
      });
      expect(answer.status).toBe(200);
      await answer.text();
      await request('stopProxy', { id: proxy.id });

      // A browser Realtime client puts its key in the subprotocol list; the tap forwards it and records it redacted.
      const tap = await request('startProxy', { kind: 'tap', upstream: emulator.realtimeUrl }) as { id: string; address: string };
      const socket = new WebSocket(`${tap.address}?model=gpt-realtime`, ['realtime', `openai-insecure-api-key.${PLANTED['Realtime key in the subprotocol, through the tap']}`]);
      const created = await new Promise<string>((resolve, reject) => {
        socket.on('message', (data) => resolve((JSON.parse(String(data)) as { type: string }).type));
        socket.on('error', reject);
      });
      expect(created).toBe('session.created');
      socket.close();
      await request('stopProxy', { id: tap.id });

      const frames = await request('getFrames', { sessionId: session.id, start: 0, count: 5000 }) as { rows: { seq: number }[]; total: number };
      for (const { seq } of frames.rows) toUi.push(JSON.stringify(await request('getEnvelope', { sessionId: session.id, seq })));
      toUi.push(JSON.stringify(await request('getDiagnosis', { sessionId: session.id })));
      toUi.push(JSON.stringify(await request('previewBundle', {})));
      await mkdir(join(dir, 'out'));
      await request('exportBundle', { path: join(dir, 'out', 'planted-bundle.zip') });
      const capture = session.path as string;
      expect((await runCli(exportCommand, [capture, '--har', join(dir, 'out', 'planted.har')])).code).toBe(0);
      expect((await runCli(exportCommand, [capture, '--bundle', join(dir, 'out', 'planted-cli-bundle.zip')])).code).toBe(0);

      const outputs = [...await filesUnder(dir), { where: 'events sent to the UI', text: toUi.join('\n') }, { where: 'console', text: logged.join('\n') }];
      expect(outputs.some((o) => o.where.endsWith('.har'))).toBe(true);
      // The server's cookie really reached the lanes: its header is recorded, without the value.
      expect(outputs.find((o) => o.where.startsWith('captures'))?.text).toContain('["set-cookie","[redacted]"]');
      expect(outputs.some((o) => o.where.includes('.zip!'))).toBe(true);
      const leaks: string[] = [];
      for (const [what, secret] of Object.entries(PLANTED)) {
        for (const form of secretForms(secret)) {
          for (const output of outputs) {
            const at = output.text.indexOf(form);
            if (at >= 0) leaks.push(`${what} (${form === secret ? 'as typed' : form}) in ${output.where}: …${output.text.slice(Math.max(0, at - 160), at + 40)}…`);
          }
        }
      }
      expect(leaks).toEqual([]);
    } finally {
      unsubscribe();
      for (const spy of spies) spy.mockRestore();
    }
  });
});
