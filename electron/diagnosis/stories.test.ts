import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { diagnose } from '../../shared/diagnosis/diagnose';
import type { LaneStory } from '../../shared/diagnosis/stories';
import { recordInspector, recordPlayground, recordRealtime, startWorld, type World } from './test-support/recorded-runs';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const storyOf = (stories: LaneStory[], lane: string) => stories.find((s) => s.lane === lane)?.clauses ?? [];
const rawOf = (w: World, seqs: number[]) => seqs.map((s) => (w.sink.envelopes.find((e) => e.seq === s) as Envelope).raw).join('\n');

describe('lane stories from real runs (seed fixture + local emulator)', () => {
  it('tells each lane of the seed run, every clause backed by the frames that say it', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    await recordPlayground(world);
    await recordRealtime(world);
    const { stories } = diagnose(world.sink.envelopes);
    expect(stories.map((s) => s.lane)).toEqual(['inspector', 'playground', 'realtime']);

    const inspector = storyOf(stories, 'inspector');
    expect(inspector.map((c) => c.text)).toEqual(['tried Streamable HTTP (HTTP 405)', 'connected over legacy SSE', expect.stringMatching(/^negotiated \d{4}-\d{2}-\d{2}$/), 'listed 10 tools in 1 page']);
    const negotiated = inspector[2];
    expect(rawOf(world, negotiated?.evidence ?? [])).toContain(`"protocolVersion":"${negotiated?.text.replace('negotiated ', '')}"`);
    expect(rawOf(world, inspector[3]?.evidence ?? [])).toContain('"method":"tools/list"');

    const realtime = storyOf(stories, 'realtime').map((c) => c.text);
    expect(realtime).toEqual([
      'connected over WebSocket',
      'session.update with 1 MCP server was accepted',
      'a client counting on mcp_list_tools.completed sees 0 (it carries only the item_id)',
      'OpenAI imported 10 tools from seed at conversation.item.done',
    ]);
    const imported = storyOf(stories, 'realtime')[3];
    expect(rawOf(world, imported?.evidence ?? [])).toContain('"type":"conversation.item.done"');
    const completed = storyOf(stories, 'realtime')[2];
    expect(rawOf(world, completed?.evidence ?? [])).toContain('mcp_list_tools.completed');

    const playground = storyOf(stories, 'playground').map((c) => c.text);
    expect(playground).toEqual(['POST /v1/responses answered 200 (streamed)', 'OpenAI imported 10 tools from seed']);
  });

  it('says where a lane stopped: a session.update without session.type is rejected', async () => {
    world = await startWorld('seed');
    await recordRealtime(world, { sessionUpdate: JSON.stringify({ type: 'session.update', session: { tools: [{ type: 'mcp', server_label: 'seed', server_url: world.fixture.url, require_approval: 'never' }] } }) });
    const { stories } = diagnose(world.sink.envelopes);
    const realtime = storyOf(stories, 'realtime');
    const rejected = realtime.find((c) => c.text.startsWith('session.update with 1 MCP server was rejected'));
    expect(rejected?.text).toContain('session.type');
    expect(rawOf(world, rejected?.evidence ?? [])).toContain('"type":"error"');
  });
});
