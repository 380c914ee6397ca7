import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { DEFAULT_LIMITS } from '../../shared/capture/limits';
import { MemorySink } from '../capture/memory-sink';
import { startStdioShim } from './stdio-shim';
import { everythingScript, runInspectorCli } from './test-support/everything-server';

const envelopesOf = async (path: string): Promise<Envelope[]> => (await readFile(path, 'utf8')).trim().split('\n').slice(1).map((line) => JSON.parse(line) as Envelope);

describe('proxy --stdio', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('sits between the Inspector CLI and server-everything unchanged, recording both directions and stderr', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-stdio-'));
    const out = join(dir, 'stdio.parallax');
    const direct = await runInspectorCli([process.execPath, '--method', 'tools/list', '--', everythingScript(), 'stdio']);
    const shimmed = await runInspectorCli([
      process.execPath, '--method', 'tools/list', '--',
      '--import', 'tsx', 'electron/cli/parallax.ts', 'proxy', '--stdio', '--out', out, '--', process.execPath, everythingScript(), 'stdio',
    ]);
    expect(direct.code, direct.stderr).toBe(0);
    expect(shimmed.code, shimmed.stderr).toBe(0);
    expect(JSON.parse(shimmed.stdout)).toEqual(JSON.parse(direct.stdout));

    const envelopes = await envelopesOf(out);
    const lines = (dir_: 'out' | 'in') => envelopes.filter((e) => e.layer === 'stdio' && e.dir === dir_).map((e) => JSON.parse(e.raw) as Record<string, unknown>);
    expect(lines('out').map((m) => m.method)).toEqual(expect.arrayContaining(['initialize', 'notifications/initialized', 'tools/list']));
    const listId = lines('out').find((m) => m.method === 'tools/list')?.id;
    const answer = lines('in').find((m) => m.id === listId && 'result' in m) as { result: { tools: unknown[] } } | undefined;
    expect(answer?.result.tools).toEqual((JSON.parse(shimmed.stdout) as { tools: unknown[] }).tools);
    expect(envelopes.some((e) => e.layer === 'stderr')).toBe(true);
    expect(envelopes.filter((e) => e.layer === 'jsonrpc')).toHaveLength(envelopes.filter((e) => e.layer === 'stdio').length);
    const metaKinds = envelopes.filter((e) => e.layer === 'meta').map((e) => (JSON.parse(e.raw) as { kind: string }).kind);
    expect(metaKinds).toEqual(expect.arrayContaining(['process-started', 'client-identified', 'process-exit']));
  });

  it('passes a server\'s non-protocol stdout through and records it as an invalid frame, including a last line without newline', async () => {
    const sink = new MemorySink();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const script = 'process.stdout.write("Server ready!\\n");process.stderr.write("log line\\n");process.stdin.on("data",(d)=>process.stdout.write(d));process.stdin.on("end",()=>process.stdout.write("{\\"jsonrpc\\":\\"2.0\\""))';
    const shim = await startStdioShim({ command: process.execPath, args: ['-e', script], sink, stdin, stdout, stderr });
    let seen = '';
    stdout.on('data', (c: Buffer) => { seen += c.toString('utf8'); });
    stdin.end('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    const exit = await shim.exited;
    expect(exit.code).toBe(0);
    expect(seen).toBe('Server ready!\n{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"jsonrpc":"2.0"');
    const invalid = sink.envelopes.filter((e) => e.layer === 'meta' && JSON.parse(e.raw).kind === 'invalid-frame').map((e) => JSON.parse(e.raw) as { reason: string });
    expect(invalid.map((i) => i.reason)).toEqual([expect.stringContaining('not JSON'), expect.stringContaining('middle of a line')]);
    expect(sink.envelopes.find((e) => e.layer === 'stderr')?.raw).toBe('log line\n');
  });

  it('follows message-bytes and frame-bytes: a line past message-bytes passes through unkept, one past frame-bytes is kept clipped', async () => {
    const sink = new MemorySink();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const limits = { ...DEFAULT_LIMITS, messageBytes: 64 * 1024, frameBytes: 16 * 1024 };
    const script = 'process.stdin.pipe(process.stdout)';
    const shim = await startStdioShim({ command: process.execPath, args: ['-e', script], sink, stdin, stdout, stderr: new PassThrough(), limits });
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const huge = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'h'.repeat(100 * 1024)}"}}\n`;
    const big = `{"jsonrpc":"2.0","id":2,"method":"ping","params":{"pad":"${'b'.repeat(40 * 1024)}"}}\n`;
    const small = '{"jsonrpc":"2.0","id":3,"method":"ping"}\n';
    stdin.end(huge + big + small);
    expect((await shim.exited).code).toBe(0);

    // The client and the server got every byte, whatever the capture keeps.
    expect(Buffer.concat(chunks).toString('utf8')).toBe(huge + big + small);
    const lines = sink.envelopes.filter((e) => e.layer === 'stdio' && e.dir === 'out');
    expect(lines.map((e) => e.truncated ?? false)).toEqual([true, true, false]);
    expect(lines[0]?.raw).toMatch(/not kept: longer than message-bytes \(64 KiB\)/);
    expect(lines[1]).toMatchObject({ size: Buffer.byteLength(big), clip: { sha256: createHash('sha256').update(big).digest('hex') } });
    const hits = sink.envelopes.filter((e) => e.layer === 'meta' && e.raw.includes('"kind":"limit-exceeded"') && e.dir === 'in' && e.link?.carrier !== undefined && lines.some((l) => l.seq === e.link?.carrier))
      .map((e) => JSON.parse(e.raw) as { limit: string; value: number; observed: number });
    expect(hits).toEqual([
      expect.objectContaining({ limit: 'messageBytes', value: 64 * 1024, observed: huge.length - 1 }),
      expect.objectContaining({ limit: 'frameBytes', value: 16 * 1024, observed: big.length }),
    ]);
    // Only the whole line is parsed as JSON-RPC.
    expect(sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'out').map((e) => (JSON.parse(e.raw) as { id: number }).id)).toEqual([3]);
  });

  it('names a server command that cannot start', async () => {
    const sink = new MemorySink();
    await expect(startStdioShim({ command: 'parallax-no-such-server-command', args: [], sink, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() }))
      .rejects.toThrow(/could not start "parallax-no-such-server-command"/);
  });

  it('the CLI refuses --stdio without a command', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/parallax.ts', 'proxy', '--stdio'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/needs the server command after --/);
  });
});
