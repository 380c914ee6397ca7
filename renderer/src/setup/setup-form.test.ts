import { describe, expect, it } from 'vitest';
import { setupProblems } from '../../../shared/lanes/probe-setup';
import { EMPTY_FORM, fromSetup, parseHeaderLines, parseRootLines, toSetup } from './setup-form';

describe('Setup form', () => {
  it('reads "Name: value" header lines and names a bad one', () => {
    expect(parseHeaderLines('X-Team: blue\n\nAuthorization: Bearer abc:def')).toEqual({ headers: [['X-Team', 'blue'], ['Authorization', 'Bearer abc:def']], errors: [] });
    expect(parseHeaderLines('no colon here').errors).toEqual(['header line 1 is not "Name: value"']);
  });

  it('turns the form into a setup the engine accepts, and explains what it refuses', () => {
    const { setup } = toSetup({ ...EMPTY_FORM, server: 'https://mcp.example.com/mcp', allowedTools: 'a, b', sessionUpdateMode: 'custom', sessionUpdate: '{"type":"session.update"}' });
    expect(setupProblems(setup)).toEqual([]);
    expect(setup.allowedTools).toEqual(['a', 'b']);
    expect(setup.openai?.sessionUpdate).toBe('{"type":"session.update"}');
    expect(setupProblems(toSetup({ ...EMPTY_FORM, server: 'ftp://x' }).setup)[0]?.message).toContain('neither an http(s) URL nor a stdio');
    expect(setupProblems(toSetup({ ...EMPTY_FORM, server: 'stdio:node server.js', lanes: [] }).setup)[0]?.path).toBe('lanes');
    const badJson = toSetup({ ...EMPTY_FORM, server: 'stdio:node s.js', sessionUpdateMode: 'custom', sessionUpdate: '{' }).setup;
    expect(setupProblems(badJson)[0]?.path).toBe('openai.sessionUpdate');
  });

  it('reads roots as file:// URIs with optional names, sends them only when roots are declared, and names a bad line', () => {
    expect(parseRootLines('file:///home/ada/project Ada project\n\nfile:///tmp')).toEqual({ roots: [{ uri: 'file:///home/ada/project', name: 'Ada project' }, { uri: 'file:///tmp' }], errors: [] });
    expect(parseRootLines('https://example.com').errors).toEqual(['root line 1 is not a file:// URI']);
    const form = { ...EMPTY_FORM, server: 'stdio:node s.js', capabilities: 'all' as const, roots: 'file:///srv/app App' };
    const { setup, errors } = toSetup(form);
    expect(errors).toEqual([]);
    expect(setupProblems(setup)).toEqual([]);
    expect(setup.roots).toEqual([{ uri: 'file:///srv/app', name: 'App' }]);
    expect(fromSetup(setup).roots).toBe('file:///srv/app App');
    expect(toSetup({ ...form, capabilities: 'none' }).setup.roots).toEqual([]);
  });

  it('reads limits as sizes, sends only those typed, round-trips them, and names a bad one by its flag', () => {
    const form = { ...EMPTY_FORM, server: 'stdio:node s.js', limits: { messageBytes: '256MiB', frameBytes: '', sseEventBytes: '1000' } };
    const { setup, errors } = toSetup(form);
    expect(errors).toEqual([]);
    expect(setupProblems(setup)).toEqual([]);
    expect(setup.limits).toEqual({ messageBytes: 256 * 1024 * 1024, sseEventBytes: 1000 });
    expect(fromSetup(setup).limits).toEqual({ messageBytes: '256MiB', frameBytes: '', sseEventBytes: '1000' });
    expect(toSetup({ ...EMPTY_FORM, server: 'stdio:node s.js' }).setup.limits).toBeUndefined();
    const bad = toSetup({ ...form, limits: { ...form.limits, frameBytes: 'lots' } });
    expect(bad.errors).toEqual([{ path: 'limits.frameBytes', message: expect.stringMatching(/^frame-bytes: "lots" is not a size/) }]);
  });

  it('names a bad root line under roots, and only when roots are declared', () => {
    expect(toSetup({ ...EMPTY_FORM, server: 'stdio:node s.js', capabilities: 'all', roots: 'nope' }).errors).toEqual([{ path: 'roots', message: 'root line 1 is not a file:// URI' }]);
    expect(toSetup({ ...EMPTY_FORM, server: 'stdio:node s.js', roots: 'nope' }).errors).toEqual([]);
  });
});
