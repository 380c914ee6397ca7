import { describe, expect, it } from 'vitest';
import { compileFilter, parseFilter } from './filter';
import type { FrameSummary } from './summary';

const row = (p: Partial<FrameSummary>): FrameSummary => ({
  seq: 1, t: 0, lane: 'inspector', conn: 'c1', layer: 'jsonrpc', dir: 'in', size: 10, label: 'tools/list', kind: 'request', error: false, invalid: false, ...p,
});
const matches = (filter: string, r: FrameSummary, body?: string) => compileFilter(parseFilter(filter))(r, body);

describe('filter language', () => {
  it('ANDs different fields and ORs the same field', () => {
    const r = row({ lane: 'realtime', dir: 'in' });
    expect(matches('lane:realtime dir:in', r)).toBe(true);
    expect(matches('lane:realtime dir:out', r)).toBe(false);
    expect(matches('lane:inspector lane:realtime', r)).toBe(true);
    expect(matches('-lane:realtime', r)).toBe(false);
  });

  it('understands method, tool, status, kind and seq', () => {
    expect(matches('method:tools/list', row({ method: 'tools/list' }))).toBe(true);
    expect(matches('tool:get_patient', row({ tool: 'get_patient' }))).toBe(true);
    expect(matches('status:401', row({ httpStatus: 401 }))).toBe(true);
    expect(matches('status:4xx', row({ httpStatus: 404 }))).toBe(true);
    expect(matches('status:4xx', row({ httpStatus: 200 }))).toBe(false);
    expect(matches('status:error', row({ error: true }))).toBe(true);
    expect(matches('kind:invalid', row({ invalid: true }))).toBe(true);
    expect(matches('kind:invalid', row({}))).toBe(false);
    expect(matches('seq:5-9', row({ seq: 7 }))).toBe(true);
    expect(matches('seq:5-9', row({ seq: 10 }))).toBe(false);
  });

  it('searches free text and regex in the label and, when given, the body', () => {
    expect(matches('TOOLS', row({}))).toBe(true);
    expect(matches('patient', row({}), '{"name":"get_patient"}')).toBe(true);
    expect(matches('patient', row({}))).toBe(false);
    expect(matches('/get_\\w+/', row({}), '{"name":"get_patient"}')).toBe(true);
    expect(matches('"two words"', row({ label: 'has two words here' }))).toBe(true);
    expect(parseFilter('foo lane:x').needsBody).toBe(true);
    expect(parseFilter('lane:x').needsBody).toBe(false);
  });

  it('reports unusable tokens by name and keeps the rest', () => {
    const parsed = parseFilter('colour:red /([/ lane:realtime method:');
    expect(parsed.errors).toHaveLength(3);
    expect(parsed.errors[0]).toContain('colour:');
    expect(parsed.errors[1]).toContain('Invalid regular expression');
    expect(parsed.terms).toEqual([{ type: 'field', field: 'lane', value: 'realtime', negate: false }]);
  });
});
