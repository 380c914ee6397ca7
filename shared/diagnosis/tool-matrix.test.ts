import { describe, expect, it } from 'vitest';
import { schemaDifferences } from './tool-matrix';
import type { ViewTool } from './views/lane-view';

const tool = (fields: Partial<ViewTool>): ViewTool => ({ name: 't', description: undefined, schema: undefined, annotations: undefined, seq: 1, issues: [], ...fields });

describe('schemaDifferences', () => {
  it('treats a missing description as null and absent/null/{} annotations as none, as OpenAI reports them', () => {
    expect(schemaDifferences(tool({ schema: { type: 'object' } }), tool({ description: null, schema: { type: 'object' }, annotations: null }))).toEqual([]);
    expect(schemaDifferences(tool({ annotations: {} }), tool({ annotations: null }))).toEqual([]);
  });

  it('names the paths where a normalised schema and annotations differ from what the server sent', () => {
    const server = tool({
      description: 'Find.',
      schema: { type: 'object', properties: { q: { type: 'string', title: 'Q' }, n: { anyOf: [{ type: 'integer' }, { type: 'null' }] } } },
      annotations: { readOnlyHint: true, title: 'Finder' },
    });
    const lane = tool({
      description: 'Find.',
      schema: { type: 'object', properties: { q: { type: 'string' }, n: { type: ['integer', 'null'] } }, additionalProperties: false },
      annotations: { readOnlyHint: true },
    });
    expect(schemaDifferences(server, lane).map((d) => [d.field, d.paths])).toEqual([
      ['schema', ['/properties/q/title', '/properties/n/anyOf', '/properties/n/type', '/additionalProperties']],
      ['annotations', ['/title']],
    ]);
  });
});
