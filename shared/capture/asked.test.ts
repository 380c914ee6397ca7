import { describe, expect, it } from 'vitest';
import { ASKED_MAX_BYTES, askedTarget, boundedAsked } from './asked';
import { parseHeaderLine, serializeHeader } from './capture-lines';
import { AskedRecord, CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader } from './envelope';

const header: CaptureHeader = {
  format: CAPTURE_FORMAT, version: CAPTURE_VERSION, app: { name: 'MCP Parallax', version: 'test' },
  createdAt: '2026-12-07T12:00:00.000Z', lanes: [{ lane: 'inspector' }],
};
const call: AskedRecord = { kind: 'tools/call', tool: 'book_visit', arguments: { patient: { name: 'Ada' }, urgency: 'soon' }, lanes: ['inspector', 'playground'], invalid: [{ path: '/urgency', message: 'must be equal to one of the allowed values' }] };
const reads: AskedRecord = { kind: 'requests', requests: [{ method: 'resources/read', params: { uri: 'clinic://patients/p-7/summary' } }], lanes: ['inspector'] };

describe('the record of what was asked', () => {
  it('accepts a tool call (invalid arguments marked) and resources/prompts requests', () => {
    expect(AskedRecord.parse(call)).toEqual(call);
    expect(AskedRecord.parse(reads)).toEqual(reads);
  });

  it('refuses records a reader could not re-run', () => {
    expect(AskedRecord.safeParse({ ...call, tool: '' }).success).toBe(false);
    expect(AskedRecord.safeParse({ ...call, lanes: [] }).success).toBe(false);
    expect(AskedRecord.safeParse({ ...call, lanes: ['nowhere'] }).success).toBe(false);
    expect(AskedRecord.safeParse({ ...call, arguments: [1, 2] }).success).toBe(false);
    expect(AskedRecord.safeParse({ ...reads, requests: [] }).success).toBe(false);
    expect(AskedRecord.safeParse({ kind: 'sampling', lanes: ['inspector'] }).success).toBe(false);
  });

  it('round-trips in the header, and a header without one still reads (older captures)', () => {
    expect(parseHeaderLine(serializeHeader({ ...header, asked: call }))).toEqual({ header: { ...header, asked: call }, fileVersion: CAPTURE_VERSION });
    expect(parseHeaderLine(serializeHeader(header)).header.asked).toBeUndefined();
  });

  it('drops a broken record with the reason and keeps the rest of the header', () => {
    const parsed = parseHeaderLine(JSON.stringify({ ...header, asked: { kind: 'tools/call', tool: 'x', arguments: 'not an object', lanes: ['inspector'] } }));
    expect(parsed.header).toEqual(header);
    expect(parsed.droppedAsked).toMatch(/"asked".*left out.*arguments/);
    // A header broken elsewhere is still refused.
    expect(() => parseHeaderLine(JSON.stringify({ ...header, lanes: 'x', asked: call }))).toThrow(/header is invalid/);
  });

  it('keeps arguments too big for a header out of it, saying how big they were', () => {
    expect(boundedAsked(call)).toBe(call);
    const big = { ...call, arguments: { text: 'x'.repeat(ASKED_MAX_BYTES) } } as AskedRecord;
    const bounded = boundedAsked(big);
    expect(bounded).toMatchObject({ kind: 'tools/call', tool: 'book_visit', arguments: {}, lanes: ['inspector', 'playground'] });
    expect(bounded.omitted).toBe(JSON.stringify(big.kind === 'tools/call' ? big.arguments : {}).length);
    const bigReads = boundedAsked({ kind: 'requests', requests: [{ method: 'prompts/get', params: { name: 'triage', arguments: { complaint: 'y'.repeat(ASKED_MAX_BYTES) } } }], lanes: ['inspector'] });
    expect(bigReads).toMatchObject({ requests: [{ method: 'prompts/get', params: {} }] });
    expect(bigReads.omitted).toBeGreaterThan(ASKED_MAX_BYTES);
  });

  it('names the target in one line', () => {
    expect(askedTarget(call)).toBe('tools/call book_visit');
    expect(askedTarget(reads)).toBe('resources/read clinic://patients/p-7/summary');
    expect(askedTarget({ kind: 'requests', requests: [{ method: 'resources/list', params: {} }, { method: 'prompts/get', params: { name: 'triage' } }], lanes: ['inspector'] })).toBe('resources/list, prompts/get triage');
  });
});
