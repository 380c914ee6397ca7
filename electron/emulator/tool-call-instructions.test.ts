import { describe, expect, it } from 'vitest';
import { parseCallInstructions } from './tool-call-instructions';

describe('parallax:call instructions', () => {
  it('reads tool, optional label and JSON arguments, one call per line', () => {
    const parsed = parseCallInstructions('Be brief.\nparallax:call search_patients {"query":"Ada"}\n  parallax:call seed/get_time\nparallax:call a/b/c {}');
    expect(parsed.errors).toEqual([]);
    expect(parsed.calls).toEqual([
      { serverLabel: null, tool: 'search_patients', arguments: { query: 'Ada' }, argumentsText: '{"query":"Ada"}' },
      { serverLabel: 'seed', tool: 'get_time', arguments: {}, argumentsText: '{}' },
      { serverLabel: 'a', tool: 'b/c', arguments: {}, argumentsText: '{}' },
    ]);
  });

  it('names the problem with arguments that are not a JSON object', () => {
    expect(parseCallInstructions('parallax:call x {oops}\nparallax:call y [1]').errors).toEqual([
      'parallax:call x: arguments are not JSON: {oops}',
      'parallax:call y: arguments must be a JSON object',
    ]);
  });
});
