import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResponse, ElicitationRequested, McpRequestsResponse, SamplingRequested } from '../../shared/ipc/calls';
import type { SchemaVerdict } from '../../shared/lanes/call-report';
import type { WireResult } from '../../shared/ipc/contract';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { createEngine, type Engine } from './engine';
import { createSecretStore } from './secrets';
import { everythingScript } from '../proxy/test-support/everything-server';
import { readFile } from 'node:fs/promises';
import { formTools } from '../fixtures/form-tools';
import { openCapture } from '../capture/capture-loader';
import type { SessionInfo } from '../../shared/ipc/contract';

const API_KEY = 'sk-call-pane-test-0123456789';
let dir: string;
let forms: RunningFixtureServer;
let emulator: RunningEmulator;
let engine: Engine;

const value = <T>(result: WireResult): T => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value as T;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-call-pane-'));
  forms = await startFixtureServer({ profile: 'forms' });
  emulator = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir, secrets: createSecretStore({ OPENAI_API_KEY: API_KEY }) });
});
afterAll(async () => {
  await engine.dispose();
  await emulator.close();
  await forms.close();
  await rm(dir, { recursive: true, force: true });
});

const args = { patient: { name: 'Ada', age: 36, address: { city: 'Oslo' } }, urgency: 'urgent', notes: null, telehealth: true };

describe('the Call pane\'s requests', () => {
  it('refuses to call before any probe named a server', async () => {
    const answer = await engine.dispatch('callTool', { name: 'book_visit', arguments: {}, lanes: ['inspector'] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'engine_error', message: expect.stringContaining('run a probe') } });
  });

  it('checks arguments with the engine\'s validator, every problem at its pointer', async () => {
    const bad = value<SchemaVerdict>(await engine.dispatch('checkArguments', { schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n', 'm'] }, value: { n: 'x' } }));
    expect(bad.ok).toBe(false);
    expect(bad.problems).toEqual(expect.arrayContaining([{ path: '/n', message: 'must be integer' }, { path: '/', message: 'lacks the required property "m"' }]));
    expect(value<SchemaVerdict>(await engine.dispatch('checkArguments', { schema: { type: 'object' }, value: {} })).ok).toBe(true);
  });

  it('calls a tool in the Inspector lane and through the emulator\'s Playground lane, each result with its outputSchema check and frames', async () => {
    value(await engine.dispatch('startProbe', { setup: { server: forms.url, label: 'forms', lanes: ['inspector'], capabilities: 'all', openai: { baseUrl: emulator.baseUrl } } }));
    const report = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'book_visit', arguments: args, lanes: ['inspector', 'playground'] }));
    expect(report.sessionId).toBe(engine.session().id);
    expect(report.argumentCheck).toEqual({ ok: true, problems: [] });
    const inspector = report.lanes.find((l) => l.lane === 'inspector');
    expect(inspector).toMatchObject({ outcome: 'result', structuredContent: { ok: true }, result: { structuredContent: { result: { booking: 'visit for Ada in Oslo', urgency: 'urgent', notes: null, telehealth: true } } } });
    expect(inspector?.evidence.length).toBeGreaterThan(0);
    const rows = await engine.session().store.page('', 0, 5000);
    const callRow = rows.rows.find((r) => inspector?.evidence.includes(r.seq) && r.lane === 'inspector');
    expect(callRow).toBeDefined();
    const playground = report.lanes.find((l) => l.lane === 'playground');
    expect(playground?.outcome).toBe('result');
    expect(playground?.output).toContain('visit for Ada in Oslo');
  });

  it('asks the user when the server elicits and sends their answer back', async () => {
    const asked: ElicitationRequested[] = [];
    const stop = engine.events.subscribe((name, payload) => {
      if (name !== 'elicitationRequested') return;
      const request = payload as ElicitationRequested;
      asked.push(request);
      void engine.dispatch('answerElicitation', { id: request.id, action: 'accept', content: { confirm: true, slot: 'morning', contact: 'ada@example.org', guests: 2 } });
    });
    try {
      const report = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'confirm_visit', arguments: { booking: 'visit 7' }, lanes: ['inspector'] }));
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({ lane: 'inspector', mode: 'form', message: 'Confirm visit 7?', requestedSchema: { properties: { slot: { default: 'afternoon' } } } });
      expect(report.lanes[0]).toMatchObject({ outcome: 'result', result: { structuredContent: { result: { answer: { action: 'accept', content: { slot: 'morning', guests: 2 } } } } } });
      expect(value<{ answered: boolean }>(await engine.dispatch('answerElicitation', { id: asked[0]?.id ?? '', action: 'decline' }))).toEqual({ answered: false });
    } finally {
      stop();
    }
  });

  it('cancels an elicitation still waiting when the user stops the run, so the call ends', async () => {
    let asked: ElicitationRequested | undefined;
    const stop = engine.events.subscribe((name, payload) => {
      if (name !== 'elicitationRequested') return;
      asked = payload as ElicitationRequested;
      void engine.dispatch('stopProbe', {});
    });
    try {
      const report = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'confirm_visit', arguments: { booking: 'visit 8' }, lanes: ['inspector'] }));
      expect(asked).toBeDefined();
      expect(report.lanes[0]?.outcome).not.toBe('not-called');
      expect(value<{ answered: boolean }>(await engine.dispatch('answerElicitation', { id: asked?.id ?? '', action: 'accept', content: {} }))).toEqual({ answered: false });
    } finally {
      stop();
    }
  });

  it('lists and reads resources and templates, and gets a prompt, through the Inspector lane without listing tools', async () => {
    const listed = value<McpRequestsResponse>(await engine.dispatch('sendMcpRequests', { requests: [{ method: 'resources/list', params: {} }, { method: 'resources/templates/list', params: {} }, { method: 'prompts/list', params: {} }] }));
    expect(listed.status).toBe('ok');
    expect(listed.outcomes.map((o) => o.method)).toEqual(['resources/list', 'resources/templates/list', 'prompts/list']);
    expect(listed.outcomes[1]?.result).toMatchObject({ resourceTemplates: [{ uriTemplate: 'clinic://patients/{patient_id}/summary' }] });
    const rows = await engine.session().store.page('tools/list', 0, 10);
    expect(rows.matched).toBe(0);
    // Not asking for tools is not failing to get them.
    const diagnosis = value<{ verdict: string }>(await engine.dispatch('getDiagnosis', { sessionId: listed.sessionId }));
    expect(diagnosis.verdict).toBe('This session did not ask for tools (Inspector sent other requests).');

    const read = value<McpRequestsResponse>(await engine.dispatch('sendMcpRequests', { requests: [{ method: 'resources/read', params: { uri: 'clinic://patients/p-7/summary' } }] }));
    expect(read.outcomes[0]).toMatchObject({ result: { contents: [{ text: 'Summary of patient p-7: no allergies on file.' }] }, schemaProblems: [] });
    const missing = value<McpRequestsResponse>(await engine.dispatch('sendMcpRequests', { requests: [{ method: 'resources/read', params: { uri: 'clinic://nothing' } }] }));
    expect(missing.outcomes[0]).toMatchObject({ errorCode: -32602, error: expect.stringContaining('Resource not found') });

    const prompt = value<McpRequestsResponse>(await engine.dispatch('sendMcpRequests', { requests: [{ method: 'prompts/get', params: { name: 'triage', arguments: { complaint: 'cough', age: '40' } } }] }));
    expect(prompt.outcomes[0]?.result).toMatchObject({ messages: [{ role: 'user', content: { text: 'Triage this complaint: cough (patient aged 40).' } }] });
  });
});

describe('what the user asked, kept in the capture', () => {
  const inputSchema = formTools.find((t) => t.definition.name === 'book_visit')?.definition.inputSchema;

  it('records a call sent with arguments that break the inputSchema, marked, in its capture; opening the capture reads it back', async () => {
    const bad = { patient: { name: 'Ada', address: { city: 'Oslo' } }, urgency: 'whenever', notes: null };
    const report = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'book_visit', arguments: bad, lanes: ['inspector'], inputSchema }));
    expect(report.lanes[0]?.outcome).toBe('result');
    expect(report.capturePath).toBe(engine.session().path);
    const asked = { kind: 'tools/call', tool: 'book_visit', arguments: bad, lanes: ['inspector'], invalid: [{ path: '/urgency', message: expect.stringContaining('allowed values') }] };
    expect(engine.session().info().asked).toEqual(asked);
    const text = await readFile(report.capturePath ?? '', 'utf8');
    expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ format: 'mcp-parallax-capture', asked });
    // The setup's secrets never go in: the record has no headers or token.
    expect(Object.keys(JSON.parse(text.slice(0, text.indexOf('\n'))).asked as object).sort()).toEqual(['arguments', 'invalid', 'kind', 'lanes', 'tool']);

    const loaded = await openCapture(report.capturePath ?? '');
    try {
      expect(loaded.header.asked).toEqual(asked);
    } finally {
      await loaded.close();
    }
    const opened = value<SessionInfo>(await engine.dispatch('openCapture', { path: report.capturePath ?? '' }));
    expect(opened).toMatchObject({ source: 'capture', asked });
  });

  it('records resources/prompts requests as asked, and a good call without any mark', async () => {
    const requests = [{ method: 'prompts/get' as const, params: { name: 'triage', arguments: { complaint: 'cough' } } }];
    const answer = value<McpRequestsResponse>(await engine.dispatch('sendMcpRequests', { requests }));
    const read = await openCapture(answer.capturePath ?? '');
    try {
      expect(read.header.asked).toEqual({ kind: 'requests', requests, lanes: ['inspector'] });
    } finally {
      await read.close();
    }

    const good = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'book_visit', arguments: args, lanes: ['inspector'], inputSchema }));
    const loaded = await openCapture(good.capturePath ?? '');
    try {
      expect(loaded.header.asked).toEqual({ kind: 'tools/call', tool: 'book_visit', arguments: args, lanes: ['inspector'] });
    } finally {
      await loaded.close();
    }
  });
});

describe('server requests the user answers, against @modelcontextprotocol/server-everything over stdio', () => {
  const everything = `stdio:${process.execPath} ${everythingScript()} stdio`;

  it('puts its sampling request to the user, and sends back the reply they wrote or their refusal with the spec\'s error', async () => {
    value(await engine.dispatch('startProbe', { setup: { server: everything, lanes: ['inspector'], capabilities: 'all', roots: [{ uri: 'file:///srv/clinic', name: 'Clinic' }] } }));
    const asked: SamplingRequested[] = [];
    let reply: 'approve' | 'reject' = 'approve';
    const stop = engine.events.subscribe((name, payload) => {
      if (name !== 'samplingRequested') return;
      const request = payload as SamplingRequested;
      asked.push(request);
      void engine.dispatch('answerSampling', reply === 'approve' ? { id: request.id, action: 'approve', text: 'Paris is the capital.', model: 'ada-by-hand' } : { id: request.id, action: 'reject' });
    });
    try {
      const approved = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'trigger-sampling-request', arguments: { prompt: 'Capital of France?', maxTokens: 20 }, lanes: ['inspector'] }));
      expect(asked[0]).toMatchObject({ lane: 'inspector', params: { maxTokens: 20, messages: [{ role: 'user', content: { type: 'text', text: expect.stringContaining('Capital of France?') } }] } });
      const text = JSON.stringify(approved.lanes[0]?.result);
      expect(text).toContain('Paris is the capital.');
      expect(text).toContain('ada-by-hand');

      reply = 'reject';
      const rejected = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'trigger-sampling-request', arguments: { prompt: 'Again?' }, lanes: ['inspector'] }));
      expect(asked).toHaveLength(2);
      expect(JSON.stringify(rejected.lanes[0])).toContain('User rejected sampling request');
      // The refusal is on the wire as the spec's error, for the capture to show.
      const rows = await engine.session().store.page('User rejected sampling request', 0, 50);
      expect(rows.matched).toBeGreaterThan(0);
    } finally {
      stop();
    }
  }, 60_000);

  it('answers roots/list with the roots the user gave in Setup', async () => {
    const report = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'get-roots-list', arguments: {}, lanes: ['inspector'] }));
    const text = JSON.stringify(report.lanes[0]?.result);
    expect(text).toContain('file:///srv/clinic');
    expect(text).toContain('Clinic');
  }, 60_000);
});

