import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProbeReport } from '../../../shared/lanes/probe-report';
import { openCapture } from '../../capture/capture-loader';
import type { RunningServer } from '../../lanes/inspector/test-support/http-server';
import { demoServer, startSseServer, startStreamableServer } from '../../lanes/inspector/test-support/mcp-servers';
import { startModernOnlyServer } from '../../lanes/inspector/test-support/modern-server';
import { rawStdioServer } from '../../lanes/inspector/test-support/stdio-command';
import { UsageError, type CommandIo } from '../command';
import { probeCommand } from './probe';

let dir: string;
const running: RunningServer[] = [];
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-probe-test-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
afterEach(async () => { await Promise.all(running.splice(0).map((s) => s.close())); });

async function probe(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped: new Promise(() => undefined) };
  const code = await probeCommand.run(argv, io);
  return { code, out, err };
}
let counter = 0;
const capturePath = () => join(dir, `probe-${++counter}.parallax`);

describe('parallax probe', () => {
  it('--json prints one report object, writes a loadable capture and exits 0', async () => {
    const server = await startSseServer(demoServer);
    running.push(server);
    const out = capturePath();
    // Only the Inspector: the OpenAI lanes (probe.hosted.test.ts) would be skipped or run depending on OPENAI_API_KEY.
    const result = await probe('--server', server.url, '--json', '--out', out, '--header', 'X-Trace: 1', '--lanes', 'inspector');
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(1);
    const report = ProbeReport.parse(JSON.parse(result.out[0] ?? ''));
    expect(report).toEqual({ lanes: { inspector: { status: 'ok', tools: ['echo', 'enable_extra'], protocol: '2025-11-25' } }, findings: [], capture: out });

    const capture = await openCapture(out);
    try {
      expect(capture.skipped).toEqual([]);
      expect(capture.header.lanes).toEqual([expect.objectContaining({ lane: 'inspector', server: expect.objectContaining({ target: server.url, transport: 'auto' }) })]);
      const envelopes = await capture.readSeqRange(1, capture.count);
      expect(envelopes.some((e) => e.http?.status === 405)).toBe(true);
      expect(envelopes.filter((e) => e.layer === 'jsonrpc').length).toBeGreaterThanOrEqual(6);
    } finally {
      await capture.close();
    }
  });

  it('--protocol auto reaches a 2026-07-28-only server and --json reports the revision; the default (legacy) names the refusal; an unknown revision is bad usage', async () => {
    const server = await startModernOnlyServer(['echo']);
    running.push(server);
    const modern = await probe('--server', server.url, '--protocol', 'auto', '--json', '--out', capturePath(), '--lanes', 'inspector');
    expect(modern.code).toBe(0);
    expect(ProbeReport.parse(JSON.parse(modern.out[0] ?? '')).lanes.inspector).toMatchObject({ status: 'ok', tools: ['echo'], protocol: '2026-07-28' });

    const legacy = await probe('--server', server.url, '--out', capturePath(), '--lanes', 'inspector');
    expect(legacy.code).toBe(1);
    expect(legacy.out.join('\n')).toContain('-32022');
    expect(legacy.out.join('\n')).toContain('--protocol auto');

    await expect(probe('--server', server.url, '--protocol', '2027-01-01')).rejects.toThrow(/--protocol must be auto, legacy or one of .*2026-07-28/);
  });

  it('reports a failing lane in the JSON and exits 1', async () => {
    const server = await startStreamableServer(demoServer, { requireAuthorization: 'Bearer right' });
    running.push(server);
    const result = await probe('--server', server.url, '--json', '--out', capturePath(), '--bearer-token', 'wrong-token-123');
    expect(result.code).toBe(1);
    const report = ProbeReport.parse(JSON.parse(result.out[0] ?? ''));
    expect(report.lanes.inspector).toMatchObject({ status: 'failed', tools: [], error: expect.stringMatching(/401/) });
    expect(result.out.join('\n')).not.toContain('wrong-token-123');
  });

  it('prints a readable summary without --json', async () => {
    const result = await probe('--server', rawStdioServer('--banner'), '--capabilities', 'all', '--out', capturePath());
    // The malformed tool is an error finding, so the probe exits 1 (design.md's exit rule).
    expect(result.code).toBe(1);
    const text = result.out.join('\n');
    expect(text).toMatch(/^verdict: /m);
    expect(text).toMatch(/\[error\] .*\(tools\.malformed/);
    expect(text).toMatch(/^inspector: ok, 2 tool\(s\)/);
    expect(text).toContain('client capabilities: all');
    expect(text).toMatch(/no_type {2}\[error: sdk-schema, error: inputSchema-root-not-object/);
    expect(text).toMatch(/invalid frame #\d+: not JSON/);
  });

  it('rejects bad usage with UsageError (exit 2 from the CLI)', async () => {
    await expect(probe('--json')).rejects.toThrow(UsageError);
    await expect(probe('--server', 'ftp://x')).rejects.toThrow(/not MCP transports/);
    await expect(probe('--server', 'http://127.0.0.1:1/mcp', '--transport', 'websocket')).rejects.toThrow(/--transport must be/);
    await expect(probe('--server', 'http://127.0.0.1:1/mcp', '--header', 'no colon')).rejects.toThrow(/--header must look like/);
    await expect(probe('--server', 'http://127.0.0.1:1/mcp', '--capabilities', 'some')).rejects.toThrow(/--capabilities must be none or all/);
    await expect(probe('--server', 'http://127.0.0.1:1/mcp', '--lanes', 'nonsense')).rejects.toThrow(/unknown lane/);
    await expect(probe('--server', 'http://127.0.0.1:1/mcp', '--call', 'x', '--arguments', '[1]')).rejects.toThrow(/JSON object/);
    await expect(probe('--server', 'stdio:node "unterminated')).rejects.toThrow(/unterminated double quote/);
  });

  it('runs as a real process: stdout is exactly the JSON report, and bad usage exits 2', async () => {
    const server = await startStreamableServer(demoServer);
    running.push(server);
    const cli = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/parallax.ts', 'probe', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const ok = await cli(['--server', server.url, '--json', '--out', capturePath()]);
    expect(ok.code).toBe(0);
    expect(ProbeReport.parse(JSON.parse(ok.stdout)).lanes.inspector?.tools).toEqual(['echo', 'enable_extra']);
    const bad = await cli(['--server', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neither an http\(s\) URL nor "stdio:<command line>"/);
  });
});
