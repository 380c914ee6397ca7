import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRulebook, RulebookError } from './load';
import { openAiHosted } from './openai-hosted';

/** Any JSON-like value, or the shipped rule file with one value anywhere in it replaced by another. */
const damagedRuleFile = fc.oneof(
  fc.jsonValue(),
  fc.tuple(fc.nat(), fc.jsonValue()).map(([at, value]) => {
    const file = JSON.parse(JSON.stringify(openAiHosted)) as Record<string, unknown>;
    const holders: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach((child, index) => { holders.push({ parent: node, key: index }); walk(child); });
      else if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) { holders.push({ parent: node as Record<string, unknown>, key }); walk(child); }
    };
    walk(file);
    const holder = holders[at % holders.length];
    if (holder) (holder.parent as Record<string | number, unknown>)[holder.key] = value;
    return file;
  }),
);

describe('the rulebook loader on damaged rule files', () => {
  it('either loads or throws a RulebookError whose every problem names the file, never anything else', () => {
    fc.assert(fc.property(damagedRuleFile, (data) => {
      try {
        const book = loadRulebook([{ file: 'damaged.ts', data }]);
        expect(Array.isArray(book.rules)).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(RulebookError);
        for (const problem of (error as RulebookError).problems) expect(problem.startsWith('damaged.ts: ')).toBe(true);
      }
    }), { numRuns: 500 });
  });
});
