import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCurl } from './curl';

describe('toCurl', () => {
  it('builds a command a shell reads back to the same arguments', () => {
    const body = `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"q":"it's $HOME \`x\`"}}`;
    const command = toCurl({
      seq: 3, t: 0, lane: 'inspector', conn: 'c', layer: 'http', dir: 'out', raw: body,
      http: { exchange: 'x', phase: 'request', method: 'POST', url: 'http://127.0.0.1:9/mcp', headers: [['Accept', 'application/json, text/event-stream'], ['Content-Length', '99'], ['Mcp-Session-Id', 'abc']] },
    });
    expect(command).not.toContain('Content-Length');
    // Let a real shell split it, and compare what curl would receive.
    const argv = JSON.parse(execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- ${command.replace(/^curl /, '')}`]).toString()) as string[];
    expect(argv).toEqual(['-N', '-X', 'POST', 'http://127.0.0.1:9/mcp', '-H', 'Accept: application/json, text/event-stream', '-H', 'Mcp-Session-Id: abc', '--data-raw', body]);
  });

  it('refuses frames that are not HTTP requests', () => {
    expect(() => toCurl({ seq: 1, t: 0, lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'out', raw: '{}' })).toThrow(/not an HTTP request/);
  });

  it('quotes single quotes', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});
