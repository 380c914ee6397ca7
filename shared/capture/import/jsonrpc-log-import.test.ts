import { describe, expect, it } from 'vitest';
import { CaptureHeader, Envelope } from '../envelope';
import { importJsonRpcLog } from './jsonrpc-log-import';
import { sniffTextFormat } from './sniff';

const INIT = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}';
const INIT_RESULT = '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18"}}';

describe('importJsonRpcLog', () => {
  it('reads timestamps, direction markers and batches, and counts the lines it skipped', () => {
    const log = [
      'server starting on stdio',
      `2026-11-25T12:00:00.000Z -> ${INIT}`,
      `[2026-11-25T12:00:00.250Z] <- ${INIT_RESULT}`,
      '[12:00:01.5] send: {"jsonrpc":"2.0","method":"notifications/initialized"}',
      '',
      '[info] recv {"jsonrpc":"2.0","id":"s1","method":"roots/list"}',
      '> {"jsonrpc":"2.0","id":"s1","result":{"roots":[]}}',
      '[{"jsonrpc":"2.0","id":2,"method":"tools/list"},{"jsonrpc":"2.0","id":3,"method":"prompts/list"}]',
      '{"level":"debug","msg":"not a message"}',
      '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}',
    ].join('\n');
    const { envelopes, header, notes } = importJsonRpcLog(log, 'C:\\logs\\session.log', { now: 0 });
    for (const envelope of envelopes) expect(Envelope.safeParse(envelope).success).toBe(true);
    expect(CaptureHeader.safeParse(header).success).toBe(true);
    expect(header.imported).toMatchObject({ format: 'jsonrpc-log', file: 'session.log' });
    expect(envelopes.map((e) => [e.dir, e.raw])).toEqual([
      ['out', INIT],
      ['in', INIT_RESULT],
      ['out', '{"jsonrpc":"2.0","method":"notifications/initialized"}'],
      ['in', '{"jsonrpc":"2.0","id":"s1","method":"roots/list"}'],
      ['out', '{"jsonrpc":"2.0","id":"s1","result":{"roots":[]}}'],
      ['out', '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'],
      ['out', '{"jsonrpc":"2.0","id":3,"method":"prompts/list"}'],
    ]);
    expect(envelopes.every((e) => e.lane === 'inspector' && e.layer === 'jsonrpc')).toBe(true);
    const start = Date.UTC(2026, 10, 25, 12);
    // A time of day takes its date from the last full timestamp; an unstamped line keeps the time before it.
    expect(envelopes.map((e) => e.t)).toEqual([start, start + 250, start + 1500, start + 1500, start + 1500, start + 1500, start + 1500]);
    expect(notes.join(' ')).toContain('3 lines are not JSON-RPC and were skipped (first: line 1, "server starting on stdio")');
    expect(notes.join(' ')).toContain('2 messages have no direction marker');
  });

  it('answers go the opposite way of the request they answer when no marker says otherwise', () => {
    const log = [
      '<- {"jsonrpc":"2.0","id":7,"method":"sampling/createMessage","params":{}}',
      '{"jsonrpc":"2.0","id":7,"result":{}}',
      '{"jsonrpc":"2.0","id":8,"method":"ping"}',
      '{"jsonrpc":"2.0","id":8,"result":{}}',
      '{"jsonrpc":"2.0","id":99,"error":{"code":-32601,"message":"nope"}}',
    ].join('\r\n');
    const { envelopes } = importJsonRpcLog(log, 'x.jsonl', { now: 1000 });
    expect(envelopes.map((e) => e.dir)).toEqual(['in', 'out', 'out', 'in', 'in']);
    // Without any timestamp the lines keep their order 1 ms apart.
    expect(envelopes.map((e) => e.t)).toEqual([1000, 1001, 1002, 1003, 1004]);
  });

  it('says "no MCP traffic found" when no line is JSON-RPC', () => {
    expect(() => importJsonRpcLog('hello\n{"a":1}\n', '/var/log/app.log')).toThrow('no MCP traffic found in app.log: none of its 2 lines is a JSON-RPC message.');
    expect(() => importJsonRpcLog('\n\n', 'empty.jsonl')).toThrow('no MCP traffic found in empty.jsonl: the file is empty.');
  });
});

describe('sniffTextFormat', () => {
  it('decides by content first, then by name', () => {
    expect(sniffTextFormat('a.jsonl', '{"format":"mcp-parallax-capture","version":1}\n{"seq":1}')).toBe('capture');
    expect(sniffTextFormat('export.json', '\uFEFF{\n  "log": {\n    "version": "1.2"')).toBe('har');
    expect(sniffTextFormat('broken.har', 'garbage')).toBe('har');
    expect(sniffTextFormat('session.log', 'anything')).toBe('jsonrpc-log');
    expect(sniffTextFormat('noext', '-> {"jsonrpc": "2.0", "id": 1, "method": "ping"}')).toBe('jsonrpc-log');
    expect(sniffTextFormat('damaged.parallax', '{"jsonrpc":"2.0"}')).toBe('capture');
    expect(sniffTextFormat('other', 'hello')).toBe('capture');
  });
});
