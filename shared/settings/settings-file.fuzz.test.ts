import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMIT_NAMES, LIMITS, type LimitName } from '../capture/limits';
import { awkwardText } from '../capture/test-envelope-arbitrary';
import { parseSettingsFile, SettingsFileError } from './settings-file';

const SEED = 5150;
const FILE = '/home/ada/parallax.json';
const byteNames = LIMIT_NAMES.filter((name) => LIMITS[name].unit === 'bytes');
const UNIT_BYTES = { '': 1, B: 1, k: 1024, KiB: 1024, MB: 1024 ** 2, MiB: 1024 ** 2, g: 1024 ** 3, GiB: 1024 ** 3 } as const;

/** The parser's outcome: the settings, or the SettingsFileError's message; anything else thrown fails the property. */
function outcome(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseSettingsFile(text, FILE) };
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsFileError);
    const message = (error as Error).message;
    expect(message.startsWith(`the settings file ${FILE} `)).toBe(true);
    return { ok: false, message };
  }
}

/** A limit as the file may write it, with the number it must read as: a whole number, or (for sizes) text with a unit. */
const limitEntry = (name: LimitName): fc.Arbitrary<[unknown, number]> => {
  const whole = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).map((n): [unknown, number] => [n, n]);
  if (LIMITS[name].unit !== 'bytes') return whole;
  const sized = fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(...Object.keys(UNIT_BYTES) as (keyof typeof UNIT_BYTES)[]), fc.constantFrom('', ' '))
    .map(([n, unit, gap]): [unknown, number] => [`${n}${gap}${unit}`, n * UNIT_BYTES[unit]]);
  return fc.oneof(whole, sized);
};

/** Any subset of the limits, each written as a number or a size. */
const validLimits = fc.subarray([...LIMIT_NAMES]).chain((names) => fc.tuple(...names.map((name) => limitEntry(name).map((entry) => [name, entry] as const))));

/** A value no limit accepts: wrong JSON types, zero, negatives, fractions, numbers past 2^53, text that is no size. */
const wrongValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, [1], { n: 1 }, 0, -1, 1.5, -0.5, 2 ** 53, 1e300, '', 'huge', '-1', '0', '1.5.2', '12 parsecs', 'MiB'),
  fc.integer({ max: 0 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
);

describe('settings file under fuzzing', () => {
  it('reads any text as settings or refuses it with a SettingsFileError naming the file', () => {
    const text = fc.oneof(
      awkwardText(60),
      fc.json({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ limits: value })),
      fc.dictionary(fc.constantFrom(...LIMIT_NAMES, 'extra'), fc.jsonValue({ maxDepth: 1 })).map((limits) => JSON.stringify({ limits })),
      fc.constantFrom('', '\uFEFF{}', '{', 'null', '[]', '{"limits":null}', '{"limits":[]}', `{"limits":{"jsonDepth":${'['.repeat(10_000)}}}`),
    );
    let accepted = 0;
    fc.assert(fc.property(text, (t) => {
      const result = outcome(t);
      if (result.ok) {
        accepted++;
        const value = result.value as { limits?: Record<string, number> };
        expect(Object.keys(value).every((key) => key === 'limits')).toBe(true);
        for (const [name, n] of Object.entries(value.limits ?? {})) {
          expect(LIMIT_NAMES).toContain(name);
          expect(Number.isSafeInteger(n) && n > 0).toBe(true);
        }
      }
    }), { seed: SEED, numRuns: 400 });
    expect(accepted).toBeGreaterThan(0);
  });

  it('round-trips any valid set of limits, sizes read in binary units', () => {
    fc.assert(fc.property(validLimits, fc.boolean(), (entries, indent) => {
      const written = Object.fromEntries(entries.map(([name, [value]]) => [name, value]));
      const expected = Object.fromEntries(entries.map(([name, [, n]]) => [name, n]));
      expect(parseSettingsFile(JSON.stringify({ limits: written }, null, indent ? 2 : undefined), FILE)).toEqual({ limits: expected });
    }), { seed: SEED + 1, numRuns: 300 });
  });

  it('refuses an unknown key, at the top or among the limits, naming it', () => {
    const unknownKey = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('mesageBytes', 'jsondepth', 'frame-bytes', 'constructor', 'toString', '__proto__'))
      .filter((key) => !(LIMIT_NAMES as readonly string[]).includes(key));
    fc.assert(fc.property(unknownKey, fc.boolean(), validLimits, (key, top, entries) => {
      const limits = Object.fromEntries(entries.map(([name, [value]]) => [name, value]));
      const text = top ? `{"limits":${JSON.stringify(limits)},${JSON.stringify(key)}:1}` : `{"limits":{${JSON.stringify(key)}:1${entries.length ? `,${JSON.stringify(limits).slice(1, -1)}` : ''}}}`;
      if (top && key === 'limits') return;
      const result = outcome(text);
      expect(result.ok).toBe(false);
      // zod quotes the key as it is, unescaped: the message names it, if not always unambiguously.
      if (!result.ok) expect(result.message).toContain(`${top ? '(top level)' : 'limits'}: Unrecognized key: "${key}"`);
    }), { seed: SEED + 2, numRuns: 300 });
  });

  it('refuses a wrong value for a limit, naming the limit by its path', () => {
    fc.assert(fc.property(fc.constantFrom(...LIMIT_NAMES), wrongValue, (name, value) => {
      const result = outcome(JSON.stringify({ limits: { [name]: value } }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(`limits.${name}: `);
    }), { seed: SEED + 3, numRuns: 300 });
    // A size written as text for a count is refused by name as well.
    for (const name of LIMIT_NAMES.filter((n) => !byteNames.includes(n))) {
      expect(outcome(JSON.stringify({ limits: { [name]: '12' } }))).toEqual({ ok: false, message: expect.stringContaining(`limits.${name}: ${name} is a count of`) });
    }
  });
});
