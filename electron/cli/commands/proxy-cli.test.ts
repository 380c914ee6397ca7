import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/capture/envelope';
import { startEmulator } from '../../emulator/emulator';
import { startFixtureServer } from '../../fixtures/fixture-server';
import WebSocket from 'ws';
import { SampleRealtimeClient } from '../../proxy/test-support/sample-realtime-client';
import { rawRequest } from '../../net/test-support/raw-request';
import { startWsUpstream } from '../../proxy/test-support/ws-upstream';
import { proxyCommand } from './proxy';

const running: { close(): Promise<void> }[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await thing.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs `parallax <args>` until it prints a line matching `ready`; `stop()` sends SIGINT and waits for the exit code. */
async function startCli(args: string[], ready: RegExp): Promise<{ match: RegExpExecArray; stop(): Promise<{ code: number | null; stdout: string; stderr: string }> }> {
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
      return { code: await exited, stdout, stderr };
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

  it('proxy --allow-host answers to a tunnel\'s name, says which names it answers to, and reports a refused one on stderr; a URL is bad usage', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-proxy-cli-'));
    const fixture = await startFixtureServer({ profile: 'seed', transport: 'streamable-http' });
    running.push(fixture);
    const cli = await startCli(['proxy', '--target', fixture.url, '--allow-host', 'abc.trycloudflare.com', '--out', join(dir, 'tunnel.parallax')], /Answers to Host: (.+)/);
    expect(cli.match[1]).toMatch(/^127\.0\.0\.1:\d+, localhost:\d+, \[::1\]:\d+, abc\.trycloudflare\.com \(any port\)$/);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(cli.match[1] as string)?.[1]);
    expect((await rawRequest(port, { path: '/mcp', host: 'abc.trycloudflare.com' })).status).not.toBe(421);
    const refused = await rawRequest(port, { path: '/mcp', host: 'other.example' });
    expect(refused.status).toBe(421);
    expect(refused.body).toContain('parallax proxy --allow-host other.example');
    const { code, stderr } = await cli.stop();
    expect(code).toBe(0);
    expect(stderr).toContain('parallax proxy: refused a request (421): Misdirected Request: this server does not answer to Host "other.example"');

    const io = { out: () => undefined, err: () => undefined, stopped: new Promise<void>(() => undefined) };
    await expect(proxyCommand.run(['--target', fixture.url, '--out', join(dir, 'x.parallax'), '--allow-host', 'https://abc.trycloudflare.com'], io)).rejects.toThrow(/takes a host name, not a URL/);
    await expect(proxyCommand.run(['--target', fixture.url, '--out', join(dir, 'x.parallax'), '--allow-origin', 'abc'], io)).rejects.toThrow(/not an origin/);
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

  it('tap-realtime --limit message-bytes closes a connection whose client sends more, with 1009 both ways, and records the hit', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-tap-cli-'));
    let upstreamSaw: (code: number) => void = () => undefined;
    const upstreamClosed = new Promise<number>((resolve) => { upstreamSaw = resolve; });
    const upstream = await startWsUpstream((socket) => {
      socket.send(JSON.stringify({ type: 'session.created' }));
      socket.on('close', (code) => upstreamSaw(code));
    });
    running.push(upstream);
    const out = join(dir, 'limited.parallax');
    const cli = await startCli(['tap-realtime', '--upstream', upstream.url, '--limit', 'message-bytes=64KiB', '--out', out], /Realtime URL for your client: (\S+)/);
    const client = new WebSocket(cli.match[1] as string);
    client.on('error', () => undefined);
    const clientClosed = new Promise<number>((resolve) => client.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => client.once('message', () => resolve()));
    client.send('x'.repeat(100 * 1024));
    expect(await clientClosed).toBe(1009);
    expect(await upstreamClosed).toBe(1009);
    expect((await cli.stop()).code).toBe(0);
    const hits = (await envelopesOf(out)).filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as { kind: string; limit?: string; value?: number; side?: string }).filter((m) => m.kind === 'limit-exceeded');
    expect(hits).toEqual([expect.objectContaining({ limit: 'messageBytes', value: 64 * 1024, side: 'client' })]);
  });

  it('proxy --stdio --limit frame-bytes keeps a longer line clipped, and passes it through whole', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-stdio-cli-'));
    const out = join(dir, 'stdio.parallax');
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/parallax.ts', 'proxy', '--stdio', '--limit', 'frame-bytes=16KiB', '--out', out, '--', process.execPath, '-e', 'process.stdin.pipe(process.stdout)'], { stdio: 'pipe' });
    let echoed = '';
    child.stdout.on('data', (c: Buffer) => { echoed += c.toString('utf8'); });
    const line = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'p'.repeat(40 * 1024)}"}}\n`;
    child.stdin.end(line);
    expect(await new Promise<number | null>((resolve) => child.once('close', resolve))).toBe(0);
    expect(echoed).toBe(line);
    const lines = (await envelopesOf(out)).filter((e) => e.layer === 'stdio');
    expect(lines.map((e) => [e.dir, e.truncated, e.size])).toEqual([['out', true, line.length], ['in', true, line.length]]);
  });
});
