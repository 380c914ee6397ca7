import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonNestingDepth, valueNestingDepth } from './nesting-depth';

/** The depth by walking the parsed value: what the scan must agree with. */
function parsedDepth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(parsedDepth));
  if (typeof value === 'object' && value !== null) return 1 + Math.max(0, ...Object.values(value).map(parsedDepth));
  return 0;
}

describe('jsonNestingDepth', () => {
  it('counts arrays and objects, not brackets inside strings or after escapes', () => {
    expect(jsonNestingDepth('1')).toBe(0);
    expect(jsonNestingDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonNestingDepth('{"a":"[[[{{{ \\" ]]] \\\\"}')).toBe(1);
    expect(jsonNestingDepth(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(100_000);
  });

  it('agrees with the parsed value for any JSON, as does the walk of the value', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
      expect(jsonNestingDepth(JSON.stringify(value))).toBe(parsedDepth(value));
      expect(valueNestingDepth(value)).toBe(parsedDepth(value));
    }));
  });

  it('walks a value far deeper than the call stack allows, and stops counting past the limit', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(valueNestingDepth(deep)).toBe(200_000);
    expect(valueNestingDepth(deep, 256)).toBe(257);
  });
});
