import { describe, expect, it } from 'vitest';
import { MemorySink } from '../capture/memory-sink';
import { runProbe } from './run-probe';
import type { ProbeLane } from './probe-lane';
import { probeSecrets } from './probe-secrets';

describe('the server\'s credentials stay out of captures', () => {
  it('collects the bearer token and credential header values, with and without their scheme', () => {
    expect(probeSecrets({ server: 'https://h.example/mcp', bearerToken: 'tok-1234567890', headers: [['X-Api-Key', 'key-abcdefgh'], ['Authorization', 'Bearer abc-12345678'], ['X-Team', 'blue']] }))
      .toEqual(['tok-1234567890', 'key-abcdefgh', 'Bearer abc-12345678', 'abc-12345678']);
  });

  it('collects credential-looking parameters of the server URL, as written and decoded, and leaves the others', () => {
    expect(probeSecrets({ server: 'https://h.example/mcp?api_key=k%2Fey-123456&sessionId=s-1&token=t0k3n-abcdef#x', headers: [] }))
      .toEqual(['k%2Fey-123456', 'k/ey-123456', 't0k3n-abcdef']);
  });

  it('redacts them from whatever a lane records, wherever they appear', async () => {
    const token = 'secret-token-0123456789';
    // A lane that echoes the token the way a wire recording would: header, URL and body.
    const echo: ProbeLane = {
      id: 'inspector',
      config: () => ({ lane: 'inspector' }),
      async run(_options, sink) {
        sink.record({ lane: 'inspector', conn: 'c', layer: 'http', dir: 'out', raw: `{"token":"${token}"}`, http: { exchange: 'x', phase: 'request', method: 'POST', url: `https://h.example/mcp?t=${token}`, headers: [['Authorization', `Bearer ${token}`]] } });
        return { summary: { status: 'ok', tools: [] } };
      },
    };
    const sink = new MemorySink();
    await runProbe([echo], { server: 'https://h.example/mcp', transport: 'auto', headers: [], bearerToken: token, capabilities: 'none' }, sink, new AbortController().signal);
    const recorded = JSON.stringify(sink.envelopes);
    expect(recorded).not.toContain(token);
    expect(sink.envelopes[0]?.redacted).toBe(true);
  });
});
