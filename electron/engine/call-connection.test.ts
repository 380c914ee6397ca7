import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResponse, ConnectionState, McpRequestsResponse } from '../../shared/ipc/calls';
import type { WireResult } from '../../shared/ipc/contract';
import type { RequestOutcome } from '../../shared/lanes/inspector-result';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { createEngine, type Engine } from './engine';
import { createSecretStore } from './secrets';
import { everythingScript } from '../proxy/test-support/everything-server';

let dir: string;
let forms: RunningFixtureServer;
let engine: Engine;
const states: ConnectionState[] = [];

const value = <T>(result: WireResult): T => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value as T;
};
const send = async (method: string, params: Record<string, unknown> = {}) => value<{ sessionId: string; outcome: RequestOutcome }>(await engine.dispatch('sendOnConnection', { method, params }));
/** The server's notifications the open session has recorded so far, by method. */
const notifications = async () => (await engine.session().store.page('method:notifications/ dir:in', 0, 1000)).rows.map((r) => r.method ?? r.label);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-connection-'));
  forms = await startFixtureServer({ profile: 'forms' });
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir, secrets: createSecretStore({}) });
  engine.events.subscribe((name, payload) => { if (name === 'connectionChanged') states.push(payload as ConnectionState); });
});
afterAll(async () => {
  await engine.dispose();
  await forms.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the Call pane\'s open connection', () => {
  it('refuses to send before a connection is open', async () => {
    expect(await engine.dispatch('sendOnConnection', { method: 'ping', params: {} })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Connect') } });
  });

  it('stays connected: completion, ping, log levels, a subscription and a call all go into one session, with the server\'s notifications between them', async () => {
    value(await engine.dispatch('startProbe', { setup: { server: forms.url, label: 'forms', lanes: ['inspector'], openai: { baseUrl: 'http://127.0.0.1:9' } } }));
    const opened = value<ConnectionState>(await engine.dispatch('openConnection', {}));
    expect(opened.state).toBe('open');
    expect(engine.session().id).toBe(opened.sessionId);
    expect(states.filter((s) => s.sessionId === opened.sessionId).map((s) => s.state)).toEqual(['connecting', 'open']);

    const completed = await send('completion/complete', { ref: { type: 'ref/prompt', name: 'triage' }, argument: { name: 'complaint', value: 'ch' } });
    expect(completed.sessionId).toBe(opened.sessionId);
    expect(completed.outcome).toMatchObject({ result: { completion: { values: ['chest pain', 'chills'] } }, schemaProblems: [] });
    expect(completed.outcome.evidence.length).toBeGreaterThan(0);
    expect((await send('ping')).outcome).toMatchObject({ result: {}, schemaProblems: [] });

    // At debug the server's debug line reaches the client; at warning neither line does.
    await send('logging/setLevel', { level: 'debug' });
    await send('tools/call', { name: 'book_visit', arguments: { patient: { name: 'Ada', address: { city: 'Oslo' } }, urgency: 'routine', notes: null } });
    await expect.poll(async () => (await notifications()).filter((m) => m === 'notifications/message').length).toBe(2);
    await send('logging/setLevel', { level: 'warning' });
    const call = await send('tools/call', { name: 'book_visit', arguments: { patient: { name: 'Bo', address: { city: 'Rome' } }, urgency: 'routine', notes: null } });
    expect(JSON.stringify(call.outcome.result)).toContain('visit for Bo in Rome');

    // The pane's Call, Inspector lane only, goes on the open connection instead of replacing it.
    const viaPane = value<CallToolResponse>(await engine.dispatch('callTool', { name: 'book_visit', arguments: { patient: { name: 'Cy', address: { city: 'Oslo' } }, urgency: 'routine', notes: null }, lanes: ['inspector'] }));
    expect(viaPane.sessionId).toBe(opened.sessionId);
    expect(viaPane.argumentCheck?.ok).toBe(true);
    expect(viaPane.lanes).toMatchObject([{ lane: 'inspector', outcome: 'result', resultProblems: [], structuredContent: { ok: true } }]);

    await send('resources/subscribe', { uri: 'clinic://opening-hours' });
    await expect.poll(notifications).toContain('notifications/resources/updated');
    expect((await notifications()).filter((m) => m === 'notifications/message')).toHaveLength(2);
    expect(engine.session().id).toBe(opened.sessionId);

    expect(value<{ closed: boolean }>(await engine.dispatch('closeConnection', {})).closed).toBe(true);
    await expect.poll(() => states.at(-1)).toMatchObject({ sessionId: opened.sessionId, state: 'closed' });
    expect(await engine.dispatch('sendOnConnection', { method: 'ping', params: {} })).toMatchObject({ ok: false });
  });

  it('a run that replaces the session closes the connection and says why', async () => {
    const opened = value<ConnectionState>(await engine.dispatch('openConnection', {}));
    // The pane's own requests go on the connection too; only a new probe replaces it.
    const listed = value<McpRequestsResponse>(await engine.dispatch('sendMcpRequests', { requests: [{ method: 'prompts/list', params: {} }] }));
    expect(listed.sessionId).toBe(opened.sessionId);
    expect(listed.outcomes[0]?.result).toMatchObject({ prompts: [{ name: 'triage' }] });
    value(await engine.dispatch('startProbe', { setup: { server: forms.url, label: 'forms', lanes: ['inspector'], openai: { baseUrl: 'http://127.0.0.1:9' } } }));
    await expect.poll(() => states.filter((s) => s.sessionId === opened.sessionId).at(-1)).toMatchObject({ state: 'closed', reason: expect.stringContaining('stopped') });
  });

  it('a server that cannot be reached fails Connect with the lane\'s reason', async () => {
    const gone = await startFixtureServer({ profile: 'forms' });
    value(await engine.dispatch('startProbe', { setup: { server: gone.url, label: 'gone', lanes: ['inspector'], openai: { baseUrl: 'http://127.0.0.1:9' } } }));
    await gone.close();
    const answer = await engine.dispatch('openConnection', {});
    expect(answer).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Could not connect: .+/) } });
  });
});

describe('roots on the open connection, against @modelcontextprotocol/server-everything over stdio', () => {
  it('answers roots/list with the new roots once the user changes them, after telling the server with roots/list_changed', async () => {
    const everything = `stdio:${process.execPath} ${everythingScript()} stdio`;
    value(await engine.dispatch('startProbe', { setup: { server: everything, lanes: ['inspector'], capabilities: 'all', roots: [{ uri: 'file:///srv/clinic', name: 'Clinic' }] } }));
    const opened = value<ConnectionState>(await engine.dispatch('openConnection', {}));
    const rootsText = async () => JSON.stringify((await send('tools/call', { name: 'get-roots-list', arguments: {} })).outcome.result);
    expect(await rootsText()).toContain('file:///srv/clinic');

    const update = value<{ sessionId: string; notified: boolean; why: string; evidence: number[] }>(await engine.dispatch('setConnectionRoots', { roots: [{ uri: 'file:///srv/lab', name: 'Lab' }] }));
    expect(update).toMatchObject({ sessionId: opened.sessionId, notified: true });
    expect(update.evidence).toHaveLength(1);
    const store = engine.session().store;
    expect((await store.page('layer:jsonrpc method:notifications/roots/list_changed dir:out', 0, 10)).rows.map((r) => r.seq)).toEqual(update.evidence);
    // The server asks again and gets the new list: a second roots/list request after the notification.
    await expect.poll(async () => (await store.page('layer:jsonrpc method:roots/list dir:in', 0, 10)).matched, { timeout: 10_000 }).toBe(2);
    await expect.poll(rootsText, { timeout: 10_000 }).toContain('file:///srv/lab');
    expect(await rootsText()).not.toContain('file:///srv/clinic');
    value(await engine.dispatch('closeConnection', {}));
  }, 60_000);

  it('refuses to change roots with no connection open, and a root that is not a file:// URI', async () => {
    expect(await engine.dispatch('setConnectionRoots', { roots: [{ uri: 'https://example.org' }] })).toMatchObject({ ok: false });
    expect(await engine.dispatch('setConnectionRoots', { roots: [] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Connect') } });
  });
});

describe('the open connection in the 2026-07-28 era (stateless, no standing session)', () => {
  it('follows a resource on a subscriptions/listen stream, says why ping, logging and roots/list_changed are gone, and still completes and calls', async () => {
    const modern = await startFixtureServer({ profile: 'forms', era: 'modern' });
    try {
      value(await engine.dispatch('startProbe', { setup: { server: modern.url, lanes: ['inspector'], protocol: 'auto', capabilities: 'all' } }));
      expect(value<ConnectionState>(await engine.dispatch('openConnection', {})).revision).toBe('2026-07-28');
      const completed = await send('completion/complete', { ref: { type: 'ref/prompt', name: 'triage' }, argument: { name: 'complaint', value: 'ch' } });
      expect(completed.outcome).toMatchObject({ result: { completion: { values: ['chest pain', 'chills'] } } });

      const subscribed = await send('resources/subscribe', { uri: 'clinic://opening-hours' });
      expect(subscribed.outcome).toMatchObject({ result: { via: 'subscriptions/listen', resourceSubscriptions: ['clinic://opening-hours'] } });
      expect(subscribed.outcome.error).toBeUndefined();
      const store = engine.session().store;
      const listens = await store.page('layer:jsonrpc method:subscriptions/listen dir:out', 0, 10);
      expect(listens.rows.map((r) => r.seq).some((seq) => subscribed.outcome.evidence.includes(seq))).toBe(true);
      await expect.poll(async () => (await notifications()).filter((m) => m === 'notifications/resources/updated').length, { timeout: 10_000 }).toBe(1);
      const unsubscribed = await send('resources/unsubscribe', { uri: 'clinic://opening-hours' });
      expect(unsubscribed.outcome).toMatchObject({ result: { via: 'subscriptions/listen', resourceSubscriptions: [] } });

      for (const method of ['ping', 'logging/setLevel'] as const) {
        const refused = await send(method, method === 'ping' ? {} : { level: 'debug' });
        expect(refused.outcome.error).toContain('2026-07-28');
      }
      const roots = value<{ notified: boolean; why: string }>(await engine.dispatch('setConnectionRoots', { roots: [{ uri: 'file:///srv/lab' }] }));
      expect(roots).toMatchObject({ notified: false, why: expect.stringContaining('2026-07-28 has no roots/list_changed') });
      const call = await send('tools/call', { name: 'book_visit', arguments: { patient: { name: 'Ada', address: { city: 'Oslo' } }, urgency: 'routine', notes: null } });
      expect(JSON.stringify(call.outcome.result)).toContain('visit for Ada in Oslo');
      value(await engine.dispatch('closeConnection', {}));
    } finally {
      await modern.close();
    }
  }, 60_000);
});
