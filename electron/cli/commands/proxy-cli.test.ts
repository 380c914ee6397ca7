import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/capture/envelope';
import { startEmulator } from '../../emulator/emulator';
import { startFixtureServer } from '../../fixtures/fixture-server';
import { SampleRealtimeClient } from '../../proxy/test-support/sample-realtime-client';
import { proxyCommand } from './proxy';

const running: { close(): Promise<void> }[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await thing.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs `parallax <args>` until it prints a line matching `ready`; `stop()` sends SIGINT and waits for the exit code. */
async function startCli(args: string[], ready: RegExp): Promise<{ match: RegExpExecArray; stop(): Promise<{ code: number | null; stdout: string }> }> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/parallax.ts', ...args], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const found = ready.exec(stdout);
      if (found) resolve(found);
    });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    void exited.then((code) => reject(new Error(`parallax ${args[0]} exited (${code}) before it was ready: ${stderr}`)));
  });
  return {
    match,
    async stop() {
      child.kill('SIGINT');
      return { code: await exited, stdout };
    },
  };
}

const envelopesOf = async (path: string): Promise<Envelope[]> => (await readFile(path, 'utf8')).trim().split('\n').slice(1).map((line) => JSON.parse(line) as Envelope);

describe('parallax proxy / tap-realtime (CLI)', () => {
  it('proxy --target records an MCP session into the journal and exits 0 on Ctrl+C', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-proxy-cli-'));
    const fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
    running.push(fixture);
    const out = join(dir, 'server.parallax');
    const cli = await startCli(['proxy', '--target', fixture.url, '--out', out], /Point your client at: (\S+)/);
    const answer = await fetch(cli.match[1] as string, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'user-agent': 'openai-mcp/1.0.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'openai-mcp', version: '1.0.0' } } }),
    });
    expect(answer.status).toBe(200);
    await answer.text();
    const { code, stdout } = await cli.stop();
    expect(code).toBe(0);
    expect(stdout).toMatch(/Saved \d+ frames/);
    const envelopes = await envelopesOf(out);
    const identified = envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as { kind: string; label?: string }).find((m) => m.kind === 'client-identified');
    expect(identified?.label).toBe('OpenAI connector (openai-mcp/1.0.0)');
    expect(envelopes.some((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.raw.includes('"protocolVersion"'))).toBe(true);
  });

  it('proxy --limit lowers a recording limit: the client still gets the whole answer, the capture keeps its head and tail and says which limit; a bad --limit is bad usage', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-proxy-cli-'));
    const fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
    running.push(fixture);
    const out = join(dir, 'limited.parallax');
    const cli = await startCli(['proxy', '--target', fixture.url, '--limit', 'frame-bytes=64', '--out', out], /Point your client at: (\S+)/);
    const answer = await fetch(cli.match[1] as string, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'limits-test', version: '1' } } }),
    });
    expect(await answer.text()).toContain('"serverInfo"');
    expect((await cli.stop()).code).toBe(0);
    const hits = (await envelopesOf(out)).filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as { kind: string; limit?: string; value?: number }).filter((m) => m.kind === 'limit-exceeded');
    expect(hits[0]).toMatchObject({ limit: 'frameBytes', value: 64 });

    const io = { out: () => undefined, err: () => undefined, stopped: new Promise<void>(() => undefined) };
    await expect(proxyCommand.run(['--target', fixture.url, '--out', join(dir, 'x.parallax'), '--limit', 'frame-bytes=lots'], io)).rejects.toThrow(/not a size/);
    await expect(proxyCommand.run(['--target', fixture.url, '--out', join(dir, 'x.parallax'), '--limit', 'bogus=1'], io)).rejects.toThrow(/--limit expects name=value with one of frame-bytes/);
  });

  it('proxy --keep-whole-bodies: a request past frame-bytes goes whole to a side file named by its frame, whose SHA-256 is its own', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-proxy-whole-'));
    const fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
    running.push(fixture);
    const out = join(dir, 'whole.parallax');
    const cli = await startCli(['proxy', '--target', fixture.url, '--limit', 'frame-bytes=64', '--keep-whole-bodies', '--out', out], /Point your client at: (\S+)[\s\S]*go whole to: (\S+)/);
    expect(cli.match[2]).toBe(`${join(dir, 'whole.bodies')}/`);
    const request = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'whole-bodies-test', version: '1' } } });
    const answer = await fetch(cli.match[1] as string, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: request });
    expect(await answer.text()).toContain('"serverInfo"');
    expect((await cli.stop()).code).toBe(0);
    // The answer comes as an SSE event, which sse-event-bytes bounds, not frame-bytes: only the request is clipped.
    const [frame, ...others] = (await envelopesOf(out)).filter((e) => e.clip);
    expect(others).toEqual([]);
    expect(frame).toMatchObject({ dir: 'out', clip: { file: 'whole.bodies/body-1.bin', fileSize: Buffer.byteLength(request), fileSha256: frame?.clip?.sha256 } });
    const body = await readFile(join(dir, frame?.clip?.file ?? ''));
    expect(body.toString('utf8')).toBe(request);
    expect(createHash('sha256').update(body).digest('hex')).toBe(frame?.clip?.sha256);
    const io = { out: () => undefined, err: () => undefined, stopped: new Promise<void>(() => undefined) };
    await expect(proxyCommand.run(['--stdio', '--keep-whole-bodies', '--', 'node', 'server.js'], io)).rejects.toThrow(/--keep-whole-bodies is for the HTTP proxy/);
  });

  it('tap-realtime records a client session against the emulator and exits 0 on Ctrl+C', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-tap-cli-'));
    const emulator = await startEmulator();
    running.push(emulator);
    const out = join(dir, 'client.parallax');
    const cli = await startCli(['tap-realtime', '--upstream', emulator.realtimeUrl, '--out', out], /Realtime URL for your client: (\S+)/);
    const client = await SampleRealtimeClient.open(cli.match[1] as string, { Authorization: 'Bearer sk-cli-tap-secret-value' });
    await client.next('session.created');
    await client.close();
    const { code } = await cli.stop();
    expect(code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain('sk-cli-tap-secret-value');
    const envelopes = await envelopesOf(out);
    expect(envelopes.every((e) => e.lane === 'client')).toBe(true);
    expect(envelopes.some((e) => e.layer === 'ws' && e.raw.includes('session.created'))).toBe(true);
  });
});
