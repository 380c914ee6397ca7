import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index';

describe('line index', () => {
  it('answers like an array of every line pushed, for the lines not forgotten, whatever the order of pushes and forgets', () => {
    const step = fc.oneof(
      fc.record({ push: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ forget: fc.nat() }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const index = new LineIndex(4);
      const model: [number, number][] = [];
      let first = 0;
      for (const next of steps) {
        if ('push' in next) {
          for (let n = 0; n < next.push; n++) {
            const line: [number, number] = [model.length * 1000 + 0.5, model.length % 97];
            model.push(line);
            index.push(...line);
          }
        } else {
          const before = model.length === 0 ? 0 : next.forget % (model.length + 1);
          index.forgetBefore(before);
          first = Math.max(first, before);
        }
        expect(index.length).toBe(model.length);
        expect(index.held).toBe(model.length - first);
        for (let line = first; line < model.length; line++) {
          const [offset, length] = model[line] as [number, number];
          expect([index.offset(line), index.lengthOf(line), index.end(line)]).toEqual([offset, length, offset + length]);
        }
        if (first > 0) expect(() => index.offset(first - 1)).toThrow(/forgotten/);
      }
    }));
  });

  it('keeps its memory to the lines held when it forgets as it goes', () => {
    const index = new LineIndex(1024);
    for (let line = 0; line < 1_000_000; line++) {
      index.push(line * 100, 100);
      if (line % 500 === 0) index.forgetBefore(line);
    }
    expect(index.held).toBeLessThanOrEqual(500);
    // Slid forward, never grown: 1024 slots are room for any 500 lines held.
    expect(index.offset(999_999)).toBe(99_999_900);
    expect(index.capacity).toBe(1024);
  });
});
