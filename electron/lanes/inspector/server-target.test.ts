import { describe, expect, it } from 'vitest';
import { redactArgs, redactHeaders } from './redact';
import { BadTargetError, describeTarget, parseServerTarget, splitCommandLine } from './server-target';

describe('splitCommandLine', () => {
  it('splits words and honours quotes and escapes like a POSIX shell, without expanding anything', () => {
    expect(splitCommandLine('node server.js --port 3')).toEqual(['node', 'server.js', '--port', '3']);
    expect(splitCommandLine(`python -m "my server" --name='a b' x\\ y ""`)).toEqual(['python', '-m', 'my server', '--name=a b', 'x y', '']);
    expect(splitCommandLine(`echo "say \\"hi\\" \\n" '$HOME'`)).toEqual(['echo', 'say "hi" \\n', '$HOME']);
    expect(splitCommandLine('  spaced\t out  ')).toEqual(['spaced', 'out']);
  });

  it('refuses an unterminated quote', () => {
    expect(() => splitCommandLine(`node 'oops`)).toThrow(BadTargetError);
  });
});

describe('parseServerTarget', () => {
  it('reads stdio: command lines and http(s) URLs', () => {
    expect(parseServerTarget('stdio:uvx my-server --flag', { cwd: '/srv', env: { A: '1' } })).toEqual({ kind: 'stdio', command: 'uvx', args: ['my-server', '--flag'], cwd: '/srv', env: { A: '1' } });
    expect(parseServerTarget('https://example.test/mcp')).toMatchObject({ kind: 'http', url: new URL('https://example.test/mcp') });
  });

  it('names what is wrong with a bad target', () => {
    expect(() => parseServerTarget('stdio:')).toThrow(/needs a command line/);
    expect(() => parseServerTarget('example.test/mcp')).toThrow(/neither an http\(s\) URL nor "stdio:<command line>"/);
    expect(() => parseServerTarget('ws://example.test/mcp')).toThrow(/ws: URLs are not MCP transports/);
  });

  it('describes targets without userinfo, and quotes stdio words that need it', () => {
    expect(describeTarget(parseServerTarget('https://user:pw@example.test/mcp'))).toBe('https://example.test/mcp');
    expect(describeTarget(parseServerTarget(`stdio:node "/my dir/s.js"`))).toBe(`stdio:node '/my dir/s.js'`);
  });
});

describe('redactArgs', () => {
  it('hides values of credential-looking flags and assignments, nothing else', () => {
    expect(redactArgs(['server.js', '--api-key', 'k1', '--token=t1', 'GITHUB_TOKEN=g1', '--port', '3000', '--auth', '--verbose']))
      .toEqual(['server.js', '--api-key', '[redacted]', '--token=[redacted]', 'GITHUB_TOKEN=[redacted]', '--port', '3000', '--auth', '--verbose']);
    expect(describeTarget(parseServerTarget('stdio:npx srv --api-key sk-123'))).toBe('stdio:npx srv --api-key [redacted]');
  });
});

describe('redactHeaders', () => {
  it('hides credential values but keeps names, order and the auth scheme', () => {
    expect(redactHeaders([['Authorization', 'Bearer abc'], ['X-Api-Key', 'k'], ['Cookie', 'a=b'], ['X-Tenant', 'acme']]))
      .toEqual([['Authorization', 'Bearer [redacted]'], ['X-Api-Key', '[redacted]'], ['Cookie', '[redacted]'], ['X-Tenant', 'acme']]);
  });
});
