import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from './json-schema-check';
import { validateToolList } from './tool-list';
import { validateTool } from './validate-tool';

const codes = (raw: unknown) => validateTool(raw).issues.map((i) => `${i.severity}:${i.code}`);

describe('validateTool', () => {
  it('passes a clean tool and normalises its fields', () => {
    const { tool, issues } = validateTool({ name: 'get_patient', title: 'Get patient', description: 'Fetch one', inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, annotations: { readOnlyHint: true } });
    expect(issues).toEqual([]);
    expect(tool).toMatchObject({ name: 'get_patient', hasName: true, title: 'Get patient', annotations: { readOnlyHint: true }, inputSchemaDialect: '2020-12', unknownFields: {} });
  });

  it('accepts the schemas real servers emit: TS McpServer draft-07, FastMCP anyOf-null with $defs/$ref', () => {
    expect(codes({ name: 'a', description: 'd', inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { x: { anyOf: [{ type: 'string' }, { type: 'null' }] } }, additionalProperties: false } })).toEqual([]);
    expect(validateTool({ name: 'a', inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' } }).tool.inputSchemaDialect).toBe('draft-07');
    const fastmcp = {
      name: 'book', description: 'd',
      inputSchema: { title: 'bookArguments', type: 'object', $defs: { Slot: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } } }, properties: { slot: { $ref: '#/$defs/Slot' }, note: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Note' } }, required: ['slot'] },
    };
    expect(codes(fastmcp)).toEqual([]);
  });

  it('names the classic mistakes that make the SDK reject a whole tools/list', () => {
    expect(codes({ name: 'a', description: 'd', inputSchema: { properties: {} } })).toEqual(['error:sdk-schema', 'error:inputSchema-root-not-object']);
    expect(codes({ name: 'a', description: 'd', inputSchema: { type: 'object', required: null } })).toEqual(['error:sdk-schema', 'error:schema-invalid']);
    expect(codes({ name: 'a', description: 'd' })).toEqual(['error:sdk-schema', 'error:inputSchema-missing']);
    expect(codes({ name: 'a', description: 'd', inputSchema: { type: 'object' }, outputSchema: { type: 'object', properties: { r: { $ref: '#/$defs/Nope' } } } })).toEqual(['error:schema-unresolved-ref']);
    expect(codes({ description: 'd', inputSchema: { type: 'object' } })).toEqual(['error:name-missing', 'error:sdk-schema']);
    expect(codes('tool')).toEqual(['error:tool-not-object']);
  });

  it('checks the 2020-12 meta-schema by default and draft-07 when declared', () => {
    // `items` as an array is draft-07 tuple syntax, invalid in 2020-12 (prefixItems).
    const tuple = { type: 'object', properties: { p: { type: 'array', items: [{ type: 'number' }, { type: 'number' }] } } };
    expect(checkJsonSchema(tuple, '/inputSchema').issues.map((i) => i.code)).toEqual(['schema-invalid']);
    expect(checkJsonSchema({ ...tuple, $schema: 'http://json-schema.org/draft-07/schema#' }, '/inputSchema').issues).toEqual([]);
    expect(checkJsonSchema({ type: 'object', $schema: 'https://json-schema.org/draft/2019-09/schema' }, '/inputSchema').dialect).toBe('2019-09');
    expect(checkJsonSchema({ type: 'object', $schema: 'http://json-schema.org/draft-04/schema#' }, '/inputSchema').issues.map((i) => `${i.severity}:${i.code}`)).toEqual(['warning:schema-dialect-unsupported']);
    expect(checkJsonSchema({ type: 'bogus' }, '/inputSchema').issues.map((i) => i.code)).toEqual(['schema-invalid']);
  });

  it('applies MCP name guidance as a warning and the OpenAI function-name pattern as a risk', () => {
    expect(codes({ name: 'files.read', description: 'd', inputSchema: { type: 'object' } })).toEqual(['risk:name-openai-pattern']);
    expect(codes({ name: 'has space', description: 'd', inputSchema: { type: 'object' } })).toEqual(['warning:name-format', 'risk:name-openai-pattern']);
    expect(codes({ name: 'x'.repeat(65), description: 'd', inputSchema: { type: 'object' } })).toEqual(['risk:name-openai-pattern']);
    expect(codes({ name: 'x'.repeat(129), description: 'd', inputSchema: { type: 'object' } })).toEqual(['warning:name-format', 'risk:name-openai-pattern']);
    expect(codes({ name: '', description: 'd', inputSchema: { type: 'object' } })).toEqual(['warning:name-format', 'risk:name-openai-pattern']);
  });

  it('keeps fields the SDK would strip and reports them', () => {
    const { tool, issues } = validateTool({ name: 'a', description: 'd', inputSchema: { type: 'object' }, 'x-fastmcp-wrap-result': true });
    expect(tool.unknownFields).toEqual({ 'x-fastmcp-wrap-result': true });
    expect(issues.map((i) => `${i.severity}:${i.code}:${i.path}`)).toEqual(['info:unknown-field:/x-fastmcp-wrap-result']);
  });
});

describe('validateToolList', () => {
  it('validates tool by tool so one bad tool never hides the others, and flags duplicates', () => {
    const list = validateToolList([
      { name: 'a', description: 'd', inputSchema: { type: 'object' } },
      { name: 'b', description: 'd', inputSchema: { properties: {} } },
      { name: 'a', description: 'd', inputSchema: { type: 'object' } },
      42,
    ]);
    expect(list.tools.map((t) => t.tool.name)).toEqual(['a', 'b', 'a', '#3']);
    expect(list.issues.map((i) => `${i.code}:${i.path}`)).toEqual(['duplicate-name:/tools/2/name']);
    expect(list.tools[0]?.issues).toEqual([]);
  });

  it('checks many tools that reuse one $id without them colliding in the validator', () => {
    const tool = (name: string) => ({ name, description: 'd', inputSchema: { $id: 'https://example.test/schemas/shared.json', type: 'object', $defs: { S: { type: 'string' } }, properties: { a: { $ref: '#/$defs/S' } } } });
    const list = validateToolList([tool('a'), tool('b'), tool('c')]);
    expect(list.tools.flatMap((t) => t.issues)).toEqual([]);
  });

  it('says when tools is not an array', () => {
    expect(validateToolList({ a: 1 }).issues.map((i) => i.code)).toEqual(['tools-not-array']);
  });
});

describe('checkJsonSchema', () => {
  it('gives the same answer from its cache, a copy the caller may change', () => {
    const schema = { type: 'object', properties: { id: { $ref: '#/$defs/missing' } } };
    const first = checkJsonSchema(schema, '/inputSchema');
    expect(first.issues.map((i) => i.code)).toEqual(['schema-unresolved-ref']);
    first.issues.length = 0;
    expect(checkJsonSchema({ ...schema }, '/inputSchema').issues.map((i) => i.code)).toEqual(['schema-unresolved-ref']);
    // The path is part of the answer, so it is part of the key.
    expect(checkJsonSchema(schema, '/outputSchema').issues[0]?.path).toBe('/outputSchema');
  });
});
