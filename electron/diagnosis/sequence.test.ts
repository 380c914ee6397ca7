import { afterEach, describe, expect, it } from 'vitest';
import { summarizeEnvelope } from '../../shared/frames/summary';
import { buildSequence, laneMessages } from '../../shared/timeline/sequence-model';
import { renderSequenceSvg } from '../../shared/timeline/sequence-svg';
import { recordInspector, recordPlayground, recordRealtime, startWorld, type World } from './test-support/recorded-runs';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('sequence diagrams of a real seed run (seed fixture on legacy SSE + local emulator)', () => {
  it('draws each lane between its participants, JSON-RPC folded into the HTTP or SSE frame that carried it', async () => {
    world = await startWorld('seed');
    await recordInspector(world);
    await recordPlayground(world);
    await recordRealtime(world);
    const rows = world.sink.envelopes.map(summarizeEnvelope);

    const inspector = buildSequence(rows, 'inspector');
    expect(inspector.participants.map((p) => p.name)).toEqual(['Parallax Inspector', 'MCP server']);
    const arrows = inspector.messages.filter((m) => m.kind === 'arrow');
    const init = arrows.find((m) => m.label === 'initialize' && m.transport?.startsWith('POST /messages/'));
    expect(init).toMatchObject({ from: 0, to: 1 });
    // The POST that carried it is not drawn again: clicking either selects the arrow.
    expect(inspector.messages.some((m) => m.seq === init?.carrierSeq)).toBe(false);
    expect(arrows.find((m) => m.label === 'initialize result')).toMatchObject({ from: 1, to: 0, transport: 'event: message' });
    expect(arrows.find((m) => m.label === '405 Method Not Allowed')).toMatchObject({ from: 1, to: 0, error: true, httpStatus: 405 });
    const list = arrows.find((m) => m.label === 'tools/list result');
    expect(list?.size).toBeGreaterThan(4000);
    expect(inspector.messages.some((m) => m.kind === 'note' && m.label.startsWith('transport-choice sse'))).toBe(true);

    const realtime = buildSequence(rows, 'realtime', { emulated: true });
    expect(realtime.participants.map((p) => p.name)).toEqual(['Parallax Realtime', 'OpenAI (local emulator)', 'MCP server']);
    const update = realtime.messages.find((m) => m.label === 'session.update');
    expect(update).toMatchObject({ from: 0, to: 1, transport: 'WebSocket' });
    const completed = realtime.messages.find((m) => m.label === 'mcp_list_tools.completed');
    expect(completed).toMatchObject({ from: 1, to: 0, reportsServer: true });
    expect(realtime.messages.find((m) => m.label === '101 Switching Protocols')).toMatchObject({ httpStatus: 101, error: false });

    const playground = buildSequence(rows, 'playground');
    expect(playground.messages.find((m) => m.label === 'response.mcp_list_tools.completed')).toMatchObject({ from: 1, to: 0, reportsServer: true, transport: 'event: response.mcp_list_tools.completed' });

    // The SVG holds one clickable group per message, labelled, seqs matching the model.
    const svg = renderSequenceSvg(realtime, { selected: completed?.seq ?? null });
    const seqs = [...svg.matchAll(/class="sq-msg[^"]*" data-seq="(\d+)"/g)].map((m) => Number(m[1]));
    expect(seqs).toEqual(realtime.messages.map((m) => m.seq));
    expect(svg).toContain(`class="sq-msg arrow in selected" data-seq="${completed?.seq}"`);
    expect(svg).toContain('>mcp_list_tools.completed · 121 B<');
    expect(svg).toContain('mcp_list_tools.completed · 121 B (WebSocket)');
  });

  it('bounds a long capture to a window around the selection and counts what is left out', async () => {
    world = await startWorld('seed');
    await recordRealtime(world);
    const rows = world.sink.envelopes.map(summarizeEnvelope);
    const all = laneMessages(rows, 'realtime');
    const target = all.find((m) => m.label === 'mcp_list_tools.completed')?.seq as number;
    const model = buildSequence(rows, 'realtime', { around: target, max: 5 });
    expect(model.messages).toHaveLength(5);
    expect(model.messages[2]?.seq).toBe(target);
    expect(model.before + model.messages.length + model.after).toBe(all.length);
    const svg = renderSequenceSvg(model);
    expect(svg).toContain(`${model.before} earlier message`);
    expect(svg).toContain(`${model.after} later message`);
  });
});
