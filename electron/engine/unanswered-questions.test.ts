import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResponse, ElicitationRequested, QuestionEnded, SamplingRequested } from '../../shared/ipc/calls';
import type { WireResult } from '../../shared/ipc/contract';
import type { DiagnosisReport } from '../../shared/ipc/diagnosis-report';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { everythingScript } from '../proxy/test-support/everything-server';
import { createEngine, type Engine } from './engine';

/** Short enough for a test, long enough that the server's own 150 ms wait runs out first. */
const QUESTION_TIMEOUT_MS = 600;
let dir: string;
let forms: RunningFixtureServer;
let engine: Engine;

const value = <T>(result: WireResult): T => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value as T;
};

/** Every question the engine put to the UI and every one it took down, in order. */
function watch() {
  const seen: { name: string; payload: ElicitationRequested | SamplingRequested | QuestionEnded }[] = [];
  const stop = engine.events.subscribe((name, payload) => {
    if (name === 'elicitationRequested' || name === 'samplingRequested' || name === 'questionEnded') seen.push({ name, payload: payload as QuestionEnded });
  });
  return { seen, stop };
}

const findings = async (sessionId: string) => value<DiagnosisReport>(await engine.dispatch('getDiagnosis', { sessionId })).findings.filter((f) => f.id === 'mcp.question-unanswered');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-questions-'));
  forms = await startFixtureServer({ profile: 'forms' });
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir, questionTimeoutMs: QUESTION_TIMEOUT_MS });
});
afterAll(async () => {
  await engine.dispose();
  await forms.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a server question nobody answers', () => {
  it('answers an elicitation left unanswered with cancel, takes it off the screen, notes it in the capture and the findings', async () => {
    value(await engine.dispatch('startProbe', { setup: { server: forms.url, lanes: ['inspector'], capabilities: 'all' } }));
    const { seen, stop } = watch();
    try {
      const before = Date.now();
      const report = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'confirm_visit', arguments: { booking: 'visit 9' }, lanes: ['inspector'] }));
      const [asked, ended] = seen;
      expect(asked?.name).toBe('elicitationRequested');
      const deadline = (asked?.payload as ElicitationRequested).answerBy ?? 0;
      expect(deadline).toBeGreaterThanOrEqual(before + QUESTION_TIMEOUT_MS);
      expect(ended).toMatchObject({ name: 'questionEnded', payload: { id: (asked?.payload as ElicitationRequested).id, method: 'elicitation/create', outcome: 'timed-out', answer: 'cancel' } });
      // The server got the spec's answer for a dismissed question, and the tool says so.
      expect(report.lanes[0]).toMatchObject({ outcome: 'result', result: { structuredContent: { result: { answer: { action: 'cancel' } } } } });
      // A late answer finds nothing waiting.
      expect(value<{ answered: boolean }>(await engine.dispatch('answerElicitation', { id: (asked?.payload as ElicitationRequested).id, action: 'accept', content: {} }))).toEqual({ answered: false });

      const metas = await engine.session().store.page('layer:meta question-unanswered', 0, 10);
      expect(metas.matched).toBe(1);
      const [finding, ...more] = await findings(report.sessionId);
      expect(more).toEqual([]);
      expect(finding).toMatchObject({ severity: 'warning' });
      expect(finding?.title).toMatch(/^Nobody answered the server's elicitation\/create within 0\.\d s: it got cancel$/);
      expect(finding?.evidence).toHaveLength(2);
    } finally {
      stop();
    }
  }, 30_000);

  it('withdraws the question when the server cancels its request first, and says the server gave up', async () => {
    const { seen, stop } = watch();
    try {
      const report = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'confirm_visit', arguments: { booking: 'visit 10', wait_ms: 150 }, lanes: ['inspector'] }));
      expect(seen.map((s) => s.name)).toEqual(['elicitationRequested', 'questionEnded']);
      expect(seen[1]?.payload).toMatchObject({ outcome: 'withdrawn', method: 'elicitation/create' });
      expect(JSON.stringify(report.lanes[0]?.result)).toContain('no answer:');
      // The server's notifications/cancelled is on the wire.
      expect((await engine.session().store.page('method:notifications/cancelled dir:in', 0, 10)).matched).toBe(1);
      const [finding] = await findings(report.sessionId);
      expect(finding?.title).toMatch(/^The server gave up on its elicitation\/create after 0\.\d s, before the user answered$/);
    } finally {
      stop();
    }
  }, 30_000);

  it('refuses a sampling request left unanswered with the spec\'s error -1, against server-everything', async () => {
    value(await engine.dispatch('startProbe', { setup: { server: `stdio:${process.execPath} ${everythingScript()} stdio`, lanes: ['inspector'], capabilities: 'all' } }));
    const { seen, stop } = watch();
    try {
      const report = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'trigger-sampling-request', arguments: { prompt: 'Anyone?' }, lanes: ['inspector'] }));
      expect(seen.map((s) => s.name)).toEqual(['samplingRequested', 'questionEnded']);
      expect(seen[1]?.payload).toMatchObject({ method: 'sampling/createMessage', outcome: 'timed-out', answer: expect.stringContaining('error -1') });
      const refusal = await engine.session().store.page(`did not answer the sampling request within`, 0, 10);
      expect(refusal.matched).toBeGreaterThan(0);
      expect(JSON.stringify(report.lanes[0])).toContain('did not answer the sampling request');
      expect(await findings(report.sessionId)).toHaveLength(1);
    } finally {
      stop();
    }
  }, 60_000);
});
