import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import type { ApprovalRequested, SessionInfo } from '../../shared/ipc/contract';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { createEngine, type Engine } from './engine';
import { createSecretStore } from './secrets';

const API_KEY = 'sk-approval-test-0123456789';
let dir: string;
let seed: RunningFixtureServer;
let emulator: RunningEmulator;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-approvals-'));
  seed = await startFixtureServer({ profile: 'seed' });
  emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir, secrets: createSecretStore({ OPENAI_API_KEY: API_KEY }) });
});
afterAll(async () => {
  await engine.dispose();
  await emulator.close();
  await seed.close();
  await rm(dir, { recursive: true, force: true });
});

describe('approvals answered from the UI', () => {
  it('puts each hosted lane\'s approval request to the user and sends their answer', async () => {
    const asked: ApprovalRequested[] = [];
    const finished = new Promise<void>((resolve) => {
      const stop = engine.events.subscribe((name, payload) => {
        if (name === 'approvalRequested') {
          const request = payload as ApprovalRequested;
          asked.push(request);
          // Approve in the Realtime lane, deny in the Playground lane.
          void engine.dispatch('answerApproval', { id: request.id, approve: request.lane === 'realtime' });
        }
        if (name === 'engineLog' && /^probe (finished|failed)/.test((payload as { message: string }).message)) {
          stop();
          resolve();
        }
      });
    });
    const started = await engine.dispatch('startProbe', {
      setup: {
        server: seed.url, label: 'seed', lanes: ['playground', 'realtime'], approval: 'ask',
        call: { name: 'search_patients', arguments: { query: 'Ada' } },
        openai: { baseUrl: emulator.baseUrl },
      },
    });
    expect(started.ok).toBe(true);
    await finished;

    expect(asked.map((a) => [a.lane, a.serverLabel, a.name]).sort()).toEqual([['playground', 'seed', 'search_patients'], ['realtime', 'seed', 'search_patients']]);
    expect(await engine.dispatch('answerApproval', { id: asked[0]?.id ?? '', approve: true })).toEqual({ ok: true, value: { answered: false } });

    const session = (started as { value: SessionInfo }).value;
    const envelopes = (await readFile(session.path ?? '', 'utf8')).trim().split('\n').slice(1).map((line) => JSON.parse(line) as Envelope);
    const realtimeAnswer = envelopes.find((e) => e.lane === 'realtime' && e.layer === 'ws' && e.dir === 'out' && e.raw.includes('mcp_approval_response'));
    expect(JSON.parse(realtimeAnswer?.raw ?? '{}')).toMatchObject({ type: 'conversation.item.create', item: { type: 'mcp_approval_response', approve: true } });
    const playgroundAnswer = envelopes.find((e) => e.lane === 'playground' && e.http?.phase === 'request' && e.raw.includes('mcp_approval_response'));
    expect(JSON.parse(playgroundAnswer?.raw ?? '{}')).toMatchObject({ input: [{ type: 'mcp_approval_response', approve: false }] });
    const realtimeCall = envelopes.find((e) => e.lane === 'realtime' && e.layer === 'ws' && e.dir === 'in' && e.raw.includes('"response.output_item.done"') && e.raw.includes('"mcp_call"'));
    expect(JSON.parse(realtimeCall?.raw ?? '{}')).toMatchObject({ item: { type: 'mcp_call', name: 'search_patients', error: null } });
    expect(envelopes.some((e) => e.lane === 'playground' && e.raw.includes('"type":"mcp_call"'))).toBe(false);
  });
});
