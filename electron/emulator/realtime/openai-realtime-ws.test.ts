import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { startEmulator, type RunningEmulator } from '../emulator';

/**
 * The `openai` package's own Realtime client forces `wss:`, so the emulator serves TLS here with
 * a self-signed certificate made by openssl for this run.
 */
let dir: string;
let emulator: RunningEmulator;
let seed: RunningFixtureServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parallax-emulator-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  emulator = await startEmulator({ tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) } });
  seed = await startFixtureServer({ profile: 'seed' });
});
afterAll(async () => {
  await emulator.close();
  await seed.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openai OpenAIRealtimeWS against the emulator over wss', () => {
  it('imports the seed and sees the tools at conversation.item.done', async () => {
    expect(emulator.realtimeUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    const client = new OpenAI({ apiKey: 'sk-local', baseURL: emulator.baseUrl });
    const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { rejectUnauthorized: false } }, client);
    const seen: string[] = [];
    try {
      const done = new Promise<RealtimeServerEvent>((resolve, reject) => {
        rt.on('event', (event) => {
          seen.push(event.type);
          if (event.type === 'session.created') {
            rt.send({ type: 'session.update', session: { type: 'realtime', tools: [{ type: 'mcp', server_label: 'seed', server_url: seed.url, require_approval: 'never' }] } });
          }
          if (event.type === 'conversation.item.done' && event.item.type === 'mcp_list_tools') resolve(event);
        });
        rt.on('error', reject);
      });
      const event = await done;
      expect(event.type === 'conversation.item.done' && event.item.type === 'mcp_list_tools' && event.item.tools.length).toBe(10);
      expect(seen).toEqual(['session.created', 'session.updated', 'conversation.item.added', 'mcp_list_tools.in_progress', 'mcp_list_tools.completed', 'conversation.item.done']);
    } finally {
      rt.close();
    }
  });
});
