import { describe, expect, it } from 'vitest';
import { Envelope } from '../../../shared/capture/envelope';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { rawStdioServer } from './test-support/stdio-command';

const metas = (sink: MemorySink, kind: string) => sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as Record<string, unknown>).filter((m) => m.kind === kind);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Inspector lane over stdio (real child processes)', () => {
  it('turns a non-JSON stdout line into an invalid frame, records stderr, and still lists every tool', async () => {
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--banner')), call: { name: 'echo', arguments: { text: 'x' } } }, sink);

    expect(result.status).toBe('ok');
    expect(result.transport).toBe('stdio');
    expect(result.tools.map((t) => t.tool.name)).toEqual(['echo', 'no_type']);
    expect(result.tools[1]?.issues.map((i) => i.code)).toContain('inputSchema-root-not-object');
    expect(result.handshake).toMatchObject({ negotiatedProtocolVersion: '2025-11-25', serverInfo: { name: 'raw-stdio' }, instructions: 'A hand-written server.' });

    for (const envelope of sink.envelopes) Envelope.parse(envelope);
    const banner = sink.envelopes.find((e) => e.layer === 'stdio' && e.dir === 'in' && e.raw.startsWith('Starting raw stdio server'));
    expect(banner?.raw).toBe('Starting raw stdio server v0.1 (press Ctrl+C to stop)\n');
    expect(result.invalidFrames).toEqual([expect.objectContaining({ seq: banner?.seq, preview: expect.stringContaining('Starting raw stdio server') })]);
    expect(result.invalidFrames[0]?.reason).toMatch(/not JSON/);
    expect(metas(sink, 'invalid-frame')).toHaveLength(1);
    expect(sink.envelopes.filter((e) => e.layer === 'stderr').map((e) => e.raw)).toContain('raw stdio server: ready\n');

    // Every stdout line is one stdio envelope; every JSON-RPC line also a jsonrpc envelope pointing at it.
    const lines = sink.envelopes.filter((e) => e.layer === 'stdio');
    const rpc = sink.envelopes.filter((e) => e.layer === 'jsonrpc');
    expect(rpc).toHaveLength(lines.length - 1);
    for (const message of rpc) {
      const carrier = lines.find((l) => l.seq === message.link?.carrier);
      expect(carrier?.dir).toBe(message.dir);
      expect(carrier?.raw).toBe(`${message.raw}\n`);
    }
    expect(result.steps.find((s) => s.name === 'shutdown')?.detail).toBe('close-stdin');
    // The server exited on EOF, which Parallax asked for by closing stdin.
    expect(metas(sink, 'process-exit')).toEqual([{ kind: 'process-exit', code: 0, signal: null, by: 'parallax', after: 'close-stdin' }]);
  });

  it('shuts a server that ignores stdin and SIGTERM down with SIGKILL, recording each step', async () => {
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--stubborn')), shutdownGraceMs: 300 }, sink);
    expect(result.status).toBe('ok');
    expect(metas(sink, 'shutdown').map((m) => [m.step, m.exited])).toEqual([['close-stdin', false], ['sigterm', false], ['sigkill', true]]);
    expect(metas(sink, 'process-exit')).toEqual([{ kind: 'process-exit', code: null, signal: 'SIGKILL', by: 'parallax', after: 'sigkill' }]);
    const pid = metas(sink, 'process-started')[0]?.pid as number;
    expect(isAlive(pid)).toBe(false);
    expect(sink.envelopes.some((e) => e.layer === 'stderr' && e.raw.includes('ignoring SIGTERM'))).toBe(true);
  });

  it('re-lists after notifications/tools/list_changed', async () => {
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--list-changed')), call: { name: 'grow', arguments: {} } }, new MemorySink());
    expect(result.listings.map((l) => [l.trigger, l.tools.length])).toEqual([['initial', 3], ['list_changed', 4]]);
    expect(result.tools.at(-1)?.tool.name).toBe('grown_3');
  });

  it('bounds the re-lists of a server that answers every tools/list with another list_changed', async () => {
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--flood')), maxRelists: 3 }, sink);
    expect(result.status).toBe('ok');
    expect(result.listings.map((l) => l.trigger)).toEqual(['initial', 'list_changed', 'list_changed', 'list_changed']);
    expect(metas(sink, 'relist-skipped').length).toBeGreaterThanOrEqual(1);
  });

  it('explains a server that exits before the handshake with its stderr', async () => {
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--exit-early')) }, sink);
    expect(metas(sink, 'process-exit')).toEqual([{ kind: 'process-exit', code: 3, signal: null, by: 'itself' }]);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('process-exited');
    expect(result.error?.message).toMatch(/exited \(code 3\).*DATABASE_URL is not set/);
  });

  it('explains a server that crashes after the handshake with its exit code and stderr', async () => {
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--crash-on-list')) }, new MemorySink());
    expect(result.status).toBe('failed');
    expect(result.handshake?.serverInfo).toMatchObject({ name: 'raw-stdio' });
    expect(result.error?.code).toBe('process-exited');
    expect(result.error?.message).toMatch(/^tools\/list failed: .*the server process exited \(code 5\); its last stderr: raw stdio server: ready \| panic: tool registry is corrupt$/);
    expect(result.steps.find((s) => s.name === 'shutdown')?.detail).toBe('already exited (code 5)');
  });

  it('records a server that kills itself with a signal as ended by itself, with the signal and no code', async () => {
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--signal-on-list=SIGTERM')) }, sink);
    expect(result.error?.code).toBe('process-exited');
    expect(metas(sink, 'process-exit')).toEqual([{ kind: 'process-exit', code: null, signal: 'SIGTERM', by: 'itself' }]);
    expect(sink.envelopes.filter((e) => e.layer === 'stderr').map((e) => e.raw)).toContain('raw stdio server: killing itself with SIGTERM\n');
  });

  it('fails the handshake when the server answers with a protocol version the SDK does not know', async () => {
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--version=1999-01-01')) }, new MemorySink());
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('version-unsupported');
    expect(result.error?.message).toMatch(/1999-01-01/);
    expect(result.handshake).toMatchObject({ offeredProtocolVersion: '2025-11-25', negotiatedProtocolVersion: '1999-01-01', serverInfo: { name: 'raw-stdio' } });
    expect(result.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['connect:ok', 'initialize:failed']);
  });

  it('names a command that cannot start', async () => {
    const result = await runInspectorLane({ target: parseServerTarget('stdio:/nonexistent/parallax-no-such-server --x') }, new MemorySink());
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('connect-failed');
    expect(result.error?.message).toMatch(/could not start "\/nonexistent\/parallax-no-such-server".*ENOENT/);
  });

  it('names a missing working directory instead of blaming the command', async () => {
    const result = await runInspectorLane({ target: parseServerTarget('stdio:node server.js', { cwd: '/nonexistent/parallax-cwd' }) }, new MemorySink());
    expect(result.error).toMatchObject({ code: 'connect-failed', message: expect.stringMatching(/working directory "\/nonexistent\/parallax-cwd" does not exist/) });
  });

  it('passes the given environment to the server on top of the SDK defaults', async () => {
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(rawStdioServer('--echo-env=PARALLAX_PROBE_TEST'), { env: { PARALLAX_PROBE_TEST: 'from-the-user' } }) }, sink);
    expect(result.status).toBe('ok');
    expect(sink.envelopes.some((e) => e.layer === 'stderr' && e.raw === 'PARALLAX_PROBE_TEST=from-the-user\n')).toBe(true);
    const config = sink.envelopes.find((e) => e.layer === 'meta' && e.raw.includes('lane-config'));
    expect(config?.raw).toContain('"envNames":["PARALLAX_PROBE_TEST"]');
    expect(config?.raw).not.toContain('from-the-user');
  });

  it('refuses a transport that does not fit the target', async () => {
    const result = await runInspectorLane({ target: parseServerTarget('stdio:node x.js'), transport: 'sse' }, new MemorySink());
    expect(result.error).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/needs an http\(s\) URL/) });
  });
});
