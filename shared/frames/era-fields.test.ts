import { describe, expect, it } from 'vitest';
import type { Envelope } from '../capture/envelope';
import { eraFieldsOf } from './era-fields';

const base = { t: 0, lane: 'inspector' as const, conn: 'c1' };
const jsonrpc = (seq: number, dir: 'out' | 'in', message: unknown): Envelope => ({ ...base, seq, dir, layer: 'jsonrpc', raw: JSON.stringify(message), link: { exchange: 'x1' } });
const httpRequest = (headers: [string, string][]): Envelope => ({ ...base, seq: 1, dir: 'out', layer: 'http', raw: '', http: { exchange: 'x1', phase: 'request', method: 'POST', url: 'http://127.0.0.1/mcp', headers } });
const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {}, 'io.modelcontextprotocol/clientInfo': { name: 'c', version: '1' } };
const names = (fields: ReturnType<typeof eraFieldsOf>) => fields.map((f) => f.name);

describe('eraFieldsOf', () => {
  it('explains a 2026-07-28 request: the three _meta keys and the headers that mirror them', () => {
    const request = httpRequest([['mcp-protocol-version', '2026-07-28'], ['mcp-method', 'tools/call'], ['mcp-name', 'echo']]);
    const fields = eraFieldsOf(jsonrpc(2, 'out', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', _meta: meta } }), request);
    expect(names(fields)).toEqual(['MCP-Protocol-Version', 'Mcp-Method', 'Mcp-Name', '_meta["io.modelcontextprotocol/protocolVersion"]', '_meta["io.modelcontextprotocol/clientCapabilities"]', '_meta["io.modelcontextprotocol/clientInfo"]']);
    expect(fields.every((f) => f.problem === undefined)).toBe(true);
  });

  it('marks what the revision does not allow: a header that contradicts _meta, a wrong method header, an unknown revision, a non-object _meta', () => {
    const request = httpRequest([['mcp-protocol-version', '2025-11-25'], ['mcp-method', 'tools/list']]);
    const clash = eraFieldsOf(jsonrpc(2, 'out', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { _meta: { ...meta, 'io.modelcontextprotocol/protocolVersion': '2026-13-99' } } }), request);
    expect(clash.find((f) => f.name === 'MCP-Protocol-Version')?.problem).toContain('-32020');
    expect(clash.find((f) => f.name === 'Mcp-Method')?.problem).toContain('"tools/call"');
    expect(clash.find((f) => f.name.includes('protocolVersion'))?.problem).toContain('no published MCP revision');
    expect(eraFieldsOf(jsonrpc(2, 'out', { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: 'x' } }))[0]).toMatchObject({ name: 'params._meta', problem: 'must be an object' });
  });

  it('explains a discover result, a list\'s cache hints and the -32022 refusal; flags a bad ttlMs or cacheScope', () => {
    expect(names(eraFieldsOf(jsonrpc(3, 'in', { jsonrpc: '2.0', id: 1, result: { supportedVersions: ['2026-07-28'], resultType: 'complete', ttlMs: 0, cacheScope: 'private' } })))).toEqual(['result.supportedVersions', 'result.resultType', 'result.ttlMs', 'result.cacheScope']);
    const bad = eraFieldsOf(jsonrpc(3, 'in', { jsonrpc: '2.0', id: 2, result: { tools: [], ttlMs: -5, cacheScope: 'everyone' } }));
    expect(bad.map((f) => f.problem)).toEqual([expect.stringContaining('non-negative'), expect.stringContaining('"public" or "private"')]);
    const refusal = eraFieldsOf(jsonrpc(3, 'in', { jsonrpc: '2.0', id: 1, error: { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2026-07-28'], requested: '2025-11-25' } } }));
    expect(refusal[0]?.value).toBe('["2026-07-28"]');
  });

  it('explains the 2025 handshake and a session id; nothing for frames without era fields', () => {
    expect(names(eraFieldsOf(jsonrpc(2, 'out', { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } } }), httpRequest([['mcp-session-id', 'abc']])))).toEqual(['Mcp-Session-Id', 'params.protocolVersion']);
    expect(eraFieldsOf(jsonrpc(2, 'in', { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info' } }))).toEqual([]);
    expect(eraFieldsOf({ ...base, seq: 9, dir: 'in', layer: 'stderr', raw: 'not json' })).toEqual([]);
  });

  it('explains a multi-round-trip: the input_required result, its inputRequests and requestState, and the retry carrying inputResponses; and the tasks extension', () => {
    const incomplete = eraFieldsOf(jsonrpc(3, 'in', { jsonrpc: '2.0', id: 1, result: { resultType: 'input_required', inputRequests: { ask1: { method: 'elicitation/create', params: { message: 'Which patient?' } } }, requestState: 'opaque-1' } }));
    expect(names(incomplete)).toEqual(['result.resultType', 'result.inputRequests', 'result.requestState']);
    expect(incomplete[1]?.value).toBe('ask1: elicitation/create');
    const retry = eraFieldsOf(jsonrpc(4, 'out', { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'book', inputResponses: { ask1: { action: 'accept', content: { id: 'p1' } } }, requestState: 'opaque-1', _meta: meta } }));
    expect(names(retry)).toEqual(expect.arrayContaining(['params.inputResponses', 'params.requestState']));
    expect(retry.find((f) => f.name === 'params.inputResponses')?.value).toBe('ask1');
    expect(eraFieldsOf(jsonrpc(5, 'in', { jsonrpc: '2.0', id: 3, result: { resultType: 'input_required', inputRequests: [], requestState: 7 } })).filter((f) => f.problem).map((f) => f.name)).toEqual(['result.inputRequests', 'result.requestState']);
    expect(names(eraFieldsOf(jsonrpc(6, 'out', { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'slow', task: { ttl: 60000 } } })))).toEqual(['params.task']);
    expect(names(eraFieldsOf(jsonrpc(7, 'out', { jsonrpc: '2.0', id: 5, method: 'tasks/get', params: { taskId: 't1' } })))).toEqual(['method']);
    expect(names(eraFieldsOf(jsonrpc(8, 'in', { jsonrpc: '2.0', id: 4, result: { task: { taskId: 't1', status: 'working' } } })))).toEqual(['result.task']);
  });
});
