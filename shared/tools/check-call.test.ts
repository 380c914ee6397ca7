import { describe, expect, it } from 'vitest';
import { checkArguments, checkStructuredContent } from './check-call';

const inputSchema = {
  type: 'object',
  properties: {
    mode: { enum: ['fast', 'slow'] },
    limit: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    where: { $ref: '#/$defs/place' },
  },
  required: ['mode'],
  $defs: { place: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } },
};

describe('a call checked against its tool\'s schemas', () => {
  it('accepts arguments that fit, enums, nullable and $ref included', () => {
    expect(checkArguments({ inputSchema }, { mode: 'fast', limit: null, where: { city: 'Oslo' } })).toEqual({ ok: true, problems: [] });
  });

  it('names every problem of arguments that do not fit, each at its path', () => {
    const check = checkArguments({ inputSchema }, { mode: 'medium', where: { town: 'Oslo' } });
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual(expect.arrayContaining([
      { path: '/mode', message: expect.stringMatching(/allowed values/) },
      { path: '/where', message: 'lacks the required property "city"' },
      { path: '/where', message: 'has the property "town", which the schema does not allow' },
    ]));
  });

  it('says so when there is no schema to check against, or one the validator cannot compile', () => {
    expect(checkArguments({}, {})).toMatchObject({ ok: 'unchecked', reason: 'the tool has no inputSchema' });
    expect(checkArguments({ inputSchema: { $ref: '#/$defs/nowhere' } }, {})).toMatchObject({ ok: 'unchecked', reason: expect.stringMatching(/does not compile/) });
  });

  it('checks structuredContent against outputSchema, and its absence', () => {
    const tool = { outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] } };
    expect(checkStructuredContent(tool, { content: [], structuredContent: { sum: 3 } }).ok).toBe(true);
    expect(checkStructuredContent(tool, { content: [], structuredContent: { sum: 'three' } }))
      .toEqual({ ok: false, problems: [{ path: '/structuredContent/sum', message: 'must be number' }] });
    expect(checkStructuredContent(tool, { content: [{ type: 'text', text: '3' }] }).problems).toEqual([{ path: '/structuredContent', message: 'is missing, though the tool declares an outputSchema' }]);
    expect(checkStructuredContent(tool, { content: [], isError: true }).ok).toBe('unchecked');
    expect(checkStructuredContent({}, { content: [] }).ok).toBe('unchecked');
  });
});
