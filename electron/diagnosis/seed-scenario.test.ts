import { afterEach, describe, expect, it } from 'vitest';
import { diagnose, type Diagnosis } from '../../shared/diagnosis/diagnose';
import { FINDING_IDS } from '../../shared/diagnosis/finding-ids';
import { recordInspector, recordPlayground, recordRealtime, realtimeUrl, startWorld, type World } from './test-support/recorded-runs';
import { ScriptedRealtimeClient } from './test-support/scripted-client';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The seed's own session.update, as the bug report posted it: an mcp tool and no session.type. */
const seedSessionUpdate = (url: string) => `{"type":"session.update","session":{"instructions":"You are a helpful health-care assistant.","tools":[{"type":"mcp","server_label":"health","server_url":"${url}","require_approval":"never"}]}}`;

/** Inspector, Playground and Realtime against the seed fixture on legacy SSE and the emulator. */
async function healthRun(w: World): Promise<void> {
  await recordInspector(w);
  const playground = await recordPlayground(w);
  expect(playground.status).toBe('ok');
  const realtime = await recordRealtime(w);
  expect(realtime.status).toBe('ok');
}

describe('diagnosis of the seed scenario (real runs: seed fixture on legacy SSE + local emulator)', () => {
  it('the clean seed health run: every lane shows the same 10 tools, and only the loopback address is warned about', async () => {
    world = await startWorld('seed');
    await healthRun(world);
    const diagnosis = diagnose(world.sink.envelopes);

    // The emulator reached 127.0.0.1; OpenAI's servers never could, so that stays named (no headline: the run itself was fine).
    expect(diagnosis.findings.map((f) => [f.id, f.severity, f.headline])).toEqual([['openai.server-unreachable', 'warning', undefined]]);
    expect(diagnosis.findings[0]?.detail).toContain('connected to it anyway');
    expect(diagnosis.differs).toBe(false);
    for (const lane of ['inspector', 'playground', 'realtime'] as const) {
      expect(diagnosis.lanes[lane]).toMatchObject({ status: 'ok' });
      expect(diagnosis.lanes[lane]?.tools).toHaveLength(10);
    }
    expect(diagnosis.matrix.rows).toHaveLength(10);
    for (const row of diagnosis.matrix.rows) {
      expect(Object.values(row.cells).map((c) => c.state)).toEqual(['present', 'present', 'present']);
    }
    expect(diagnosis.verdict).toMatch(/^The server offers 10 tools to every lane: Inspector, Playground and Realtime show the same 10; /);
    expect(diagnosis.verdict).toMatch(/conversation\.item\.done \(seq \d+\), never on mcp_list_tools\.completed \(seq \d+\)/);
  });

  it('a hosted lane that was skipped (a stdio server OpenAI cannot reach) is reported as skipped and left out of the comparison', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    const skipped = await recordRealtime(world, { server: { url: undefined, stdio: { command: 'my-mcp-server' }, label: 'local' } });
    expect(skipped.status).toBe('skipped');
    const diagnosis = diagnose(world.sink.envelopes);
    expect(diagnosis.lanes.realtime).toMatchObject({ status: 'skipped', tools: [], error: expect.stringContaining('stdio server') });
    expect(diagnosis.differs).toBe(false);
    expect(diagnosis.findings).toEqual([]);
  });

  describe('every finding but the loopback warning stays silent on the clean seed health run', () => {
    let clean: Diagnosis | undefined;
    it('records the run', async () => {
      world = await startWorld('seed');
      await healthRun(world);
      clean = diagnose(world.sink.envelopes);
      expect(clean.lanes.realtime?.tools).toHaveLength(10);
    });
    it.each(FINDING_IDS.filter((id) => id !== 'openai.server-unreachable'))('%s is silent', (id) => {
      expect(clean).toBeDefined();
      expect(clean?.findings.filter((f) => f.id === id)).toEqual([]);
    });
  });

  it('your client posts the seed\'s session.update: GA rejects it for its missing session.type, and the Realtime lane shows the 10 tools at conversation.item.done', async () => {
    world = await startWorld('seed');
    await healthRun(world);
    const client = await ScriptedRealtimeClient.open(realtimeUrl(world), world.sink);
    await client.waitFor('session.created');
    client.sendText(seedSessionUpdate(world.fixture.url));
    await client.waitFor('error');
    await client.close();

    const diagnosis = diagnose(world.sink.envelopes);
    const envelopes = world.sink.envelopes;
    const seqOf = (lane: string, match: (raw: string) => boolean) => envelopes.find((e) => e.lane === lane && e.layer === 'ws' && match(e.raw))?.seq;
    const postedSeq = seqOf('client', (raw) => raw.includes('"session.update"'));
    const rejectedSeq = seqOf('client', (raw) => raw.includes('"missing_required_parameter"'));
    const doneSeq = seqOf('realtime', (raw) => raw.includes('"conversation.item.done"') && raw.includes('"mcp_list_tools"'));
    const completedSeq = seqOf('realtime', (raw) => raw.includes('"mcp_list_tools.completed"'));

    const typeMissing = diagnosis.findings.find((f) => f.id === 'realtime.session-type-missing');
    expect(typeMissing).toMatchObject({ severity: 'error', lanes: ['client'] });
    expect(typeMissing?.evidence).toEqual([postedSeq, rejectedSeq]);
    const location = diagnosis.findings.find((f) => f.id === 'realtime.tools-on-item-done');
    expect(location?.evidence).toEqual(expect.arrayContaining([completedSeq, doneSeq]));
    expect(diagnosis.lanes.client).toMatchObject({ status: 'failed', tools: [] });
    expect(diagnosis.differs).toBe(true);

    expect(diagnosis.verdict).toContain('The server offers 10 tools to every lane: Inspector, Playground and Realtime show all 10, and your client never asked for them (refused before listing)');
    expect(diagnosis.verdict).toContain(`GA Realtime rejects your session.update (seq ${postedSeq}) for its missing session.type (error seq ${rejectedSeq})`);
    expect(diagnosis.verdict).toContain(`with session.type "realtime" the 10 tools arrive at conversation.item.done (seq ${doneSeq}), never on mcp_list_tools.completed (seq ${completedSeq})`);
  });

  it('the Realtime lane sends the seed\'s session.update verbatim (probe --session-update): rejected, and the verdict says where the tools will be once fixed', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    const realtime = await recordRealtime(world, { sessionUpdate: seedSessionUpdate(world.fixture.url) });
    expect(realtime.status).toBe('failed');
    const diagnosis = diagnose(world.sink.envelopes);
    expect(diagnosis.findings.map((f) => [f.id, f.severity])).toEqual([['realtime.session-type-missing', 'error'], ['openai.server-unreachable', 'warning']]);
    // Refused before listing: the emulator never went near the server, and does not claim to have.
    expect(diagnosis.findings[1]?.detail).not.toContain('connected to it anyway');
    expect(diagnosis.verdict).toMatch(/^The server offers 10 tools to every lane: Inspector shows all 10, and Realtime never asked for them \(refused before listing\); GA Realtime rejects the session\.update \(seq \d+\) for its missing session\.type \(error seq \d+\); once session\.type is set, GA delivers the tools at conversation\.item\.done, never on mcp_list_tools\.completed/);
  });
});
