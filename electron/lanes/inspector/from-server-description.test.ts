import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerDescription } from '../../../shared/lanes/server-description';
import { MemorySink } from '../../capture/memory-sink';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { inspectorOptionsFor } from './from-server-description';
import { runInspectorLane } from './inspector-lane';

let auth: RunningFixtureServer;
beforeAll(async () => { auth = await startFixtureServer({ profile: 'auth' }); });
afterAll(async () => { await auth.close(); });

describe('the Inspector lane from the shared server description', () => {
  it('reaches the server with the same token and headers the hosted lanes give OpenAI', async () => {
    const server = parseServerDescription({ url: auth.url, label: 'auth', headers: [['X-Trace', 'parallax']], authorization: auth.token });
    const sink = new MemorySink();
    const result = await runInspectorLane(inspectorOptionsFor(server), sink);
    expect(result.status).toBe('ok');
    expect(result.tools).toHaveLength(10);
    const first = sink.envelopes.find((e) => e.http?.phase === 'request');
    expect(first?.http?.headers).toEqual(expect.arrayContaining([['x-trace', 'parallax'], ['authorization', `Bearer ${auth.token}`]]));
  });

  it('maps a stdio command unchanged', () => {
    const options = inspectorOptionsFor(parseServerDescription({ stdio: { command: 'node', args: ['a b.js'], env: { K: 'v' } }, label: 's' }));
    expect(options.target).toEqual({ kind: 'stdio', command: 'node', args: ['a b.js'], env: { K: 'v' } });
    expect(options.transport).toBe('auto');
  });
});
