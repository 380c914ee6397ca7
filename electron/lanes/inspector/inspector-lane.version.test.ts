import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../shared/diagnosis/diagnose';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { closeAfterEach } from './test-support/http-server';
import { startModernOnlyServer } from './test-support/modern-server';

const serve = closeAfterEach();

describe('Inspector lane against a server that speaks only MCP 2026-07-28', () => {
  it('names the version refusal (-32022, the supported list) instead of falling back to SSE and blaming the transport', async () => {
    const server = await serve(startModernOnlyServer());
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'auto' }, sink);

    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('version-unsupported');
    expect(result.error?.message).toContain('-32022');
    expect(result.error?.message).toContain('2026-07-28');
    // One attempt: no GET to an SSE endpoint that was never there.
    expect(result.attempts.map((a) => [a.transport, a.outcome, a.status])).toEqual([['streamable-http', 'failed', 400]]);
    expect(sink.envelopes.some((e) => e.http?.phase === 'request' && e.http.method === 'GET')).toBe(false);
    // The refusal frame is in the capture and cited.
    const refusal = sink.envelopes.find((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.raw.includes('-32022'));
    expect(refusal).toBeDefined();

    const findings = diagnose(sink.envelopes).findings;
    const shared = findings.find((f) => f.id === 'mcp.no-shared-revision');
    expect(shared?.severity).toBe('error');
    expect(shared?.detail).toContain('supports 2026-07-28');
    expect(shared?.evidence).toContain(refusal?.seq);
    expect(findings.map((f) => f.id)).not.toContain('mcp.transport-mismatch');
  });
});
