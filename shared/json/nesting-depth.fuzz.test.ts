import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awkwardText } from '../capture/test-envelope-arbitrary';
import { jsonNestingDepth, valueNestingDepth } from './nesting-depth';

const SEED = 8086;

/** The depth by walking the parsed value recursively: the reference both scans must agree with. */
function parsedDepth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(parsedDepth));
  if (typeof value === 'object' && value !== null) return 1 + Math.max(0, ...Object.values(value).map(parsedDepth));
  return 0;
}

/** JSON values whose strings and keys hold brackets, quotes, backslashes and controls, which the scan must skip. */
const trickyString = fc.oneof(awkwardText(12), fc.constantFrom('[', ']', '{', '}', '\\', '"', '\\"', '\\\\', '[\\"{', '"]]}', '\\u005b'));
const jsonValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    fc.constantFrom(null, true, false, 0, -1.5e300),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Text built from what the scan treats specially, so unbalanced, escaped and valid JSON all turn up. */
const bracketSoup = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', ',', ':', '1', ' '), maxLength: 40 });

describe('JSON nesting depth under fuzzing', () => {
  it('scans the text of any JSON value, however printed, to the depth of the value JSON.parse gives', () => {
    fc.assert(fc.property(jsonValue, fc.constantFrom(undefined, 0, 2, '\t'), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const parsed = JSON.parse(text) as unknown;
      expect(jsonNestingDepth(text)).toBe(parsedDepth(parsed));
      expect(valueNestingDepth(parsed)).toBe(parsedDepth(parsed));
    }), { seed: SEED, numRuns: 500 });
  });

  it('stops counting a value just past the limit, and never before it', () => {
    fc.assert(fc.property(jsonValue, fc.nat({ max: 8 }), (value, stopAbove) => {
      expect(valueNestingDepth(value, stopAbove)).toBe(Math.min(parsedDepth(value), stopAbove + 1));
    }), { seed: SEED + 1, numRuns: 300 });
  });

  it('answers for any text without throwing, within the brackets it holds, and exactly when the text is JSON', () => {
    let valid = 0;
    const text = fc.oneof(
      bracketSoup,
      awkwardText(40),
      // Valid JSON cut or with one character changed, as a damaged frame arrives.
      fc.tuple(jsonValue, fc.nat(), fc.constantFrom('', '[', ']', '{', '}', '"', '\\')).map(([value, at, put]) => {
        const json = JSON.stringify(value);
        const i = at % (json.length + 1);
        return `${json.slice(0, i)}${put}${json.slice(i + (put ? 1 : 0))}`;
      }),
    );
    fc.assert(fc.property(text, (t) => {
      const depth = jsonNestingDepth(t);
      expect(Number.isInteger(depth)).toBe(true);
      expect(depth).toBeGreaterThanOrEqual(0);
      expect(depth).toBeLessThanOrEqual([...t].filter((c) => c === '[' || c === '{').length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(t);
      } catch {
        return;
      }
      valid++;
      expect(depth).toBe(parsedDepth(parsed));
    }), { seed: SEED + 2, numRuns: 1500 });
    expect(valid).toBeGreaterThan(50);
  });

  it('scans and walks 100000 levels, of arrays, objects and both, without overflowing the stack', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom<[string, string]>(['[', ']'], ['{"k":', '}'], ['{"[\\"":', '}']), { minLength: 1, maxLength: 3 }), (shapes) => {
      const levels = 100_000;
      const open: string[] = [];
      const close: string[] = [];
      for (let i = 0; i < levels; i++) {
        const [o, c] = shapes[i % shapes.length] as [string, string];
        open.push(o);
        close.push(c);
      }
      const text = `${open.join('')}1${close.reverse().join('')}`;
      expect(jsonNestingDepth(text)).toBe(levels);
      const value = JSON.parse(text) as unknown;
      expect(valueNestingDepth(value)).toBe(levels);
      expect(valueNestingDepth(value, 1000)).toBe(1001);
    }), { seed: SEED + 3, numRuns: 3 });
  });
});
