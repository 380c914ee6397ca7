import { OpenAIRealtimeWebSocket, RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { startEmulator, type RunningEmulator } from '../emulator';

/**
 * @openai/agents-realtime as a third-party client of the emulator. It reads MCP tools only from
 * `conversation.item.done`, and its schema wants every tool's description to be a string.
 */
const running: { close(): Promise<void> }[] = [];
const sessions: RealtimeSession[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.close();
  await Promise.allSettled(running.splice(0).map((r) => r.close()));
});

async function setUp(profile: string): Promise<{ emulator: RunningEmulator; fixture: RunningFixtureServer }> {
  const fixture = await startFixtureServer({ profile });
  running.push(fixture);
  const emulator = await startEmulator();
  running.push(emulator);
  return { emulator, fixture };
}

/** The object `hostedMcpTool()` builds, spelled out so the test needs no other package. */
function hostedMcp(serverUrl: string) {
  return { type: 'hosted_tool', name: 'hosted_mcp', providerData: { type: 'mcp', server_label: 'seed', server_url: serverUrl, require_approval: 'never' } } as const;
}

function connect(emulator: RunningEmulator, serverUrl: string) {
  const url = `${emulator.realtimeUrl}?model=gpt-realtime`;
  const agent = new RealtimeAgent({ name: 'emulator-test', instructions: 'test', tools: [hostedMcp(serverUrl)] });
  const transport = new OpenAIRealtimeWebSocket({ url });
  const session = new RealtimeSession(agent, { transport, model: 'gpt-realtime' });
  sessions.push(session);
  return { session, transport, url };
}

describe('@openai/agents-realtime against the emulator', () => {
  it('gets all ten seed tools (read at conversation.item.done)', async () => {
    const { emulator, fixture } = await setUp('seed');
    const { session, url } = connect(emulator, fixture.url);
    const changed = new Promise<{ name: string }[]>((resolve) => session.on('mcp_tools_changed', (tools) => resolve(tools)));
    await session.connect({ apiKey: 'sk-local', url });
    const tools = await changed;
    expect(tools.map((t) => t.name).sort()).toEqual(['book_appointment', 'cancel_appointment', 'check_drug_interactions', 'find_providers', 'get_insurance_coverage', 'get_lab_results', 'get_patient_record', 'list_appointments', 'refill_prescription', 'search_patients']);
    expect(session.availableMcpTools).toHaveLength(10);
  });

  it('ends with no tools when one tool has description null (its schema wants a string)', async () => {
    const { emulator, fixture } = await setUp('no-description');
    const { session, transport, url } = connect(emulator, fixture.url);
    let delivered: { description: unknown }[] = [];
    let retrieveSent = false;
    const listed = new Promise<void>((resolve) => {
      transport.on('*', (event: { type: string; item?: { type?: string; id?: string; tools?: { description: unknown }[] } }) => {
        if (event.type === 'conversation.item.done' && event.item?.type === 'mcp_list_tools') {
          delivered = event.item.tools ?? [];
          // A retrieve round trip guarantees the client has finished handling the item.done frame.
          retrieveSent = true;
          transport.sendEvent({ type: 'conversation.item.retrieve', item_id: event.item.id ?? '' });
        }
        // The client retrieves on mcp_list_tools.in_progress by itself; only our retrieve's answer counts.
        if (event.type === 'conversation.item.retrieved' && retrieveSent) resolve();
      });
    });
    await session.connect({ apiKey: 'sk-local', url });
    await listed;
    // The API delivered all ten, one with description null, and the client kept none of them.
    expect(delivered).toHaveLength(10);
    expect(delivered.filter((t) => t.description === null)).toHaveLength(1);
    expect(session.availableMcpTools).toEqual([]);
  });
});
