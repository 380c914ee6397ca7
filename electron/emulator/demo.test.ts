import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from './demo';
import { RealtimeTestClient } from './realtime-test-client';

let demo: RunningDemo | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe('startDemo', () => {
  it('starts the seed fixture and the emulator on 127.0.0.1 and the Realtime lane gets ten tools at conversation.item.done', async () => {
    demo = await startDemo();
    expect(demo.mcpServerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sse$/);
    expect(demo.openaiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(demo.realtimeUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    const client = await RealtimeTestClient.open(`${demo.realtimeUrl}?model=gpt-realtime`, { headers: { authorization: `Bearer ${demo.apiKey}` } });
    try {
      await client.next('session.created');
      client.send({ type: 'session.update', session: { type: 'realtime', tools: [{ type: 'mcp', server_label: demo.serverLabel, server_url: demo.mcpServerUrl }] } });
      const completed = await client.next('mcp_list_tools.completed');
      const done = await client.next('conversation.item.done');
      expect(Object.keys(completed)).not.toContain('item');
      expect((done.item as { tools: unknown[] }).tools).toHaveLength(10);
    } finally {
      await client.close();
    }
  });

  it('takes another profile, transport and emulator faults', async () => {
    demo = await startDemo({ profile: 'paginated', transport: 'sse', emulator: { faults: ['list-fail'] } });
    expect(demo.mcpServerUrl).toMatch(/\/sse$/);
    expect(demo.serverLabel).toBe('paginated');
    expect(demo.emulator.options.faults).toEqual(['list-fail']);
  });
});
