import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseEventSplitter, type SseBlock } from './event-splitter';

// Streams built from the pieces that matter to the splitter (every line ending, BOMs, colons,
// NULs, lone surrogates) so short random strings reach its edge cases often.
const piece = fc.oneof(
  fc.constantFrom('\r', '\n', '\r\n', '\n\n', '\r\r', ':', 'data:', 'data: ', 'event: x', 'id: 1', 'retry: 5', '\uFEFF', '\u0000', '\uD800', ' '),
  fc.string({ maxLength: 12 }),
);
const stream = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

/** Cuts text at the given fractions, as a network would deliver it. */
function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(text.slice(from, point));
    from = point;
  }
  chunks.push(text.slice(from));
  return chunks;
}

function split(chunks: string[]): SseBlock[] {
  const splitter = new SseEventSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

const SEED = 20261125;

describe('SSE event splitter under fuzzing', () => {
  it('loses no byte and finds the same blocks however the stream is chunked', () => {
    fc.assert(fc.property(stream, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (text, cuts) => {
      const whole = split([text]);
      const pieces = split(chunked(text, cuts));
      expect(whole.map((b) => b.raw).join('')).toBe(text);
      expect(pieces.map((b) => [b.raw, b.incomplete])).toEqual(whole.map((b) => [b.raw, b.incomplete]));
      expect(pieces.map((b) => b.fields)).toEqual(whole.map((b) => b.fields));
    }), { seed: SEED, numRuns: 400 });
  });

  it('only the last block can be incomplete, and every complete block ends with a blank line', () => {
    fc.assert(fc.property(stream, (text) => {
      const blocks = split([text]);
      blocks.slice(0, -1).forEach((block) => expect(block.incomplete).toBe(false));
      for (const block of blocks.filter((b) => !b.incomplete)) expect(block.raw).toMatch(/(\r\n|\r|\n)(\r\n|\r|\n)$/);
    }), { seed: SEED + 1, numRuns: 300 });
  });

  it('a megabyte with no blank line, pushed a kilobyte at a time, stays one pending block', () => {
    const splitter = new SseEventSplitter();
    const kilobyte = `data: ${'x'.repeat(1017)}\n`;
    let emitted = 0;
    for (let i = 0; i < 1024; i++) emitted += splitter.push(kilobyte.replace(/\n$/, i % 2 ? '\n' : 'y')).length;
    expect(emitted).toBe(0);
    expect(splitter.end()).toMatchObject([{ incomplete: true }]);
  });
});
