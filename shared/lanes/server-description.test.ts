import { describe, expect, it } from 'vitest';
import { checkTools } from '../openai/mcp-tool-config';
import { defaultServerLabel, defaultSessionUpdate, localHostOf, mcpToolConfigFor, parseServerDescription, redactedServerDescription } from './server-description';

describe('the shared server description', () => {
  const full = parseServerDescription({
    url: 'https://mcp.example.com/sse', label: 'health', headers: [['X-Tenant', 't1'], ['X-Api-Key', 'hdr-secret']], authorization: 'tok-secret',
    allowed_tools: ['search_patients'], require_approval: { never: { read_only: true } },
  });

  it('builds the mcp tool OpenAI is given, which passes the API\'s own tool rules', () => {
    const plan = mcpToolConfigFor(full);
    expect(plan).toEqual({ ok: true, config: {
      type: 'mcp', server_label: 'health', server_url: 'https://mcp.example.com/sse', headers: { 'X-Tenant': 't1', 'X-Api-Key': 'hdr-secret' },
      authorization: 'tok-secret', allowed_tools: ['search_patients'], require_approval: { never: { read_only: true } },
    } });
    if (!plan.ok) return;
    expect(checkTools([plan.config], 'tools').error).toBeNull();
    expect(defaultSessionUpdate(plan.config, { beta: false, eventId: 'e1' })).toEqual({ type: 'session.update', event_id: 'e1', session: { type: 'realtime', tools: [plan.config] } });
    expect(defaultSessionUpdate(plan.config, { beta: true })).toEqual({ type: 'session.update', session: { tools: [plan.config] } });
  });

  it('says why a stdio server cannot be given to OpenAI', () => {
    const plan = mcpToolConfigFor(parseServerDescription({ stdio: { command: 'python', args: ['server.py'] }, label: 'local' }));
    expect(plan).toMatchObject({ ok: false, reason: expect.stringMatching(/stdio server .* public http\(s\) URL/) });
  });

  it('names the problem of a bad description', () => {
    expect(() => parseServerDescription({ url: 'https://x', label: 'bad label', headers: 'X: y' })).toThrow(/label: label must be .*; headers: /);
    expect(() => parseServerDescription({ url: 'ftp://x', stdio: { command: 'x' }, label: 'l' })).toThrow(/url: a server needs exactly one of "url" and "stdio"/);
    expect(() => parseServerDescription({ url: 'ftp://x', label: 'l' })).toThrow(/"ftp:\/\/x" is not an http\(s\) URL/);
    expect(() => parseServerDescription({ url: 'https://x', label: 'l', authorization: 't', headers: [['authorization', 'Bearer u']] })).toThrow(/either as "authorization" or as an Authorization header/);
    expect(() => parseServerDescription({ url: 'https://x', label: 'l', transport: 'stdio' })).toThrow(/transport "stdio" needs a stdio command/);
  });

  it('redacts the token and secret-looking headers for captures and the UI', () => {
    const shown = JSON.stringify(redactedServerDescription(full));
    expect(shown).not.toContain('tok-secret');
    expect(shown).not.toContain('hdr-secret');
    expect(shown).toContain('X-Tenant');
  });

  it('derives a label and spots hosts OpenAI cannot reach', () => {
    expect(defaultServerLabel({ url: 'https://mcp.example.com:8443/sse' })).toBe('mcp_example_com');
    expect(defaultServerLabel({ stdio: { command: '/usr/bin/my-server' } })).toBe('my-server');
    expect(['http://localhost:3000/mcp', 'http://127.0.0.1/x', 'http://10.1.2.3/', 'http://192.168.0.9/', 'http://[::1]:80/'].map(localHostOf)).not.toContain(null);
    expect(localHostOf('https://mcp.example.com/sse')).toBeNull();
  });
});
