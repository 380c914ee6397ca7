import { describe, expect, it } from 'vitest';
import { RULE_FILES } from './index';
import { loadRulebook, RulebookError } from './load';
import { openAiHosted } from './openai-hosted';

const withRule = (patch: Record<string, unknown>, index = 0) => ({
  ...openAiHosted,
  rules: openAiHosted.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)),
});

function problemsOf(data: unknown): string[] {
  try {
    loadRulebook([{ file: 'openai-hosted.ts', data }]);
  } catch (error) {
    if (error instanceof RulebookError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadRulebook', () => {
  it('accepts the rulebook as shipped', () => {
    expect(() => loadRulebook(RULE_FILES)).not.toThrow();
  });

  it('names the file, the rule id and the field at fault', () => {
    expect(problemsOf(withRule({ confidence: 'rumoured' }))).toEqual([expect.stringMatching(/^openai-hosted\.ts: rule "openai-responses\.name-pattern": confidence: /)]);
    expect(problemsOf(withRule({ condition: { kind: 'tool-count-above', max: -1 } }, 2))).toEqual([expect.stringMatching(/rule "openai-responses\.too-many-tools": condition\.max: /)]);
    expect(problemsOf(withRule({ condition: { kind: 'name-not-matching', pattern: '([' } }))).toEqual([expect.stringMatching(/condition\.pattern: not a valid regular expression/)]);
    expect(problemsOf(withRule({ condition: { kind: 'run-code', code: 'x' } }))).toEqual([expect.stringMatching(/condition\.kind: /)]);
    expect(problemsOf(withRule({ sources: [{ url: 'http://example.com', fact: 'plain http is refused here' }] }))).toEqual([expect.stringMatching(/sources\.0\.url: /)]);
    expect(problemsOf(withRule({ sources: [] }))).toEqual([expect.stringMatching(/sources: /)]);
  });

  it('refuses duplicate ids, ids of another client and clients the file does not declare', () => {
    const first = openAiHosted.rules[0] as (typeof openAiHosted.rules)[number];
    expect(problemsOf({ ...openAiHosted, rules: [...openAiHosted.rules, first] })).toEqual(['openai-hosted.ts: rule "openai-responses.name-pattern": id: used by another rule']);
    expect(problemsOf(withRule({ id: 'cursor.sneaky' }))).toEqual(['openai-hosted.ts: rule "cursor.sneaky": id: must start with its client "openai-responses."']);
    expect(problemsOf(withRule({ id: 'cursor.sneaky', client: 'cursor' }))).toEqual(['openai-hosted.ts: rule "cursor.sneaky": client: "cursor" is not declared in this file']);
  });

  it('reports a rule without an id by its position, and every problem at once', () => {
    const { id: _dropped, ...noId } = openAiHosted.rules[1] as Record<string, unknown>;
    const problems = problemsOf({ ...openAiHosted, rules: [{ ...openAiHosted.rules[0], effect: 'vanish' }, noId] });
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/rule "#1": id: /);
  });
});
