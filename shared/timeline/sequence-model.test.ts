import { describe, expect, it } from 'vitest';
import type { Envelope } from '../capture/envelope';
import { summarizeEnvelope } from '../frames/summary';
import { buildSequence, LARGE_FRAME, participantsOf } from './sequence-model';
import { renderSequenceSvg } from './sequence-svg';

let nextSeq = 1;
function env(part: Partial<Envelope>): Envelope {
  return { seq: nextSeq++, t: 1000 + nextSeq, lane: 'realtime', conn: 'rt', layer: 'ws', dir: 'in', raw: '{"type":"session.created"}', ...part } as Envelope;
}

describe('buildSequence on bad input', () => {
  it('draws a lane of one frame', () => {
    nextSeq = 1;
    const model = buildSequence([summarizeEnvelope(env({}))], 'realtime');
    expect(model.messages).toEqual([expect.objectContaining({ seq: 1, label: 'session.created', from: 1, to: 0, untimed: false, at: 0 })]);
    expect(model).toMatchObject({ before: 0, after: 0, total: 1 });
    expect(renderSequenceSvg(model)).toContain('data-seq="1"');
  });

  it('places frames without time, or whose clock ran back, by capture order and marks them', () => {
    nextSeq = 1;
    const rows = [env({ t: 5000 }), env({ t: Number.NaN }), env({ t: 4000 }), env({ t: 5100 })].map(summarizeEnvelope);
    const model = buildSequence(rows, 'realtime');
    expect(model.messages.map((m) => [m.seq, m.untimed, m.at])).toEqual([[1, false, 0], [2, true, undefined], [3, true, undefined], [4, false, 100]]);
    expect(model.untimed).toBe(2);
    const svg = renderSequenceSvg(model);
    expect(svg.match(/class="sq-msg [^"]*untimed/g)).toHaveLength(2);
    expect(svg).toContain('placed by capture order');
  });

  it('labels a huge frame by its size and draws it heavier', () => {
    nextSeq = 1;
    const huge = env({ raw: '{"type":"conversation.item.done"}', size: 40 * LARGE_FRAME, truncated: true });
    const model = buildSequence([summarizeEnvelope(huge)], 'realtime');
    expect(model.messages[0]).toMatchObject({ large: true, size: 40 * LARGE_FRAME });
    const svg = renderSequenceSvg(model);
    expect(svg).toContain('40.0 MB');
    expect(svg).toContain('class="sq-msg arrow in large"');
  });

  it('escapes payload text: a label can never become markup', () => {
    nextSeq = 1;
    const model = buildSequence([summarizeEnvelope(env({ raw: '{"type":"<script>alert(1)</script>"}' }))], 'realtime');
    const svg = renderSequenceSvg(model);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('puts Parallax between the two sides of a proxy or tap lane and routes its arrows through it', () => {
    nextSeq = 1;
    expect(participantsOf('server').map((p) => p.role)).toEqual(['client', 'parallax', 'server']);
    expect(participantsOf('client').map((p) => p.role)).toEqual(['client', 'parallax', 'provider', 'server']);
    const rows = [env({ lane: 'client', dir: 'out', raw: '{"type":"session.update"}' }), env({ lane: 'client', layer: 'meta', raw: '{"kind":"step","step":"tap"}' })].map(summarizeEnvelope);
    const model = buildSequence(rows, 'client');
    expect(model.messages[0]).toMatchObject({ from: 0, to: 2, via: 1, kind: 'arrow' });
    expect(model.messages[1]).toMatchObject({ from: 1, to: 1, kind: 'note' });
  });

  it('pages: a start index wins over the selection, and the window never runs past the end', () => {
    nextSeq = 1;
    const rows = Array.from({ length: 1000 }, () => summarizeEnvelope(env({})));
    expect(buildSequence(rows, 'realtime', { max: 100, start: 950 })).toMatchObject({ offset: 900, before: 900, after: 0 });
    expect(buildSequence(rows, 'realtime', { max: 100, around: 501 })).toMatchObject({ offset: 450, before: 450, after: 450 });
    expect(buildSequence(rows, 'realtime', { max: 100, around: 99999 }).offset).toBe(900);
  });
});
