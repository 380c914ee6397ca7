import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Har } from '../../../shared/capture/har-schema';
import { CaptureJournal } from '../../capture/journal';
import type { CommandIo } from '../command';
import { exportCommand } from './export';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-export-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped: new Promise(() => undefined) };
  return { io: value, out, err };
}

/** A small session through the real journal: one Streamable HTTP exchange answered over SSE, a Realtime socket, a stdio line. */
async function writeCapture(path: string): Promise<void> {
  const journal = await CaptureJournal.create(path, {
    app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date(0).toISOString(), lanes: [{ lane: 'inspector' }, { lane: 'realtime' }], emulated: true,
  });
  const post = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'http', dir: 'out', raw: post,
    http: { exchange: 'i1/x1', phase: 'request', method: 'POST', url: 'http://127.0.0.1:9/mcp', headers: [['accept', 'application/json, text/event-stream']] } });
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'jsonrpc', dir: 'out', raw: post, link: { exchange: 'i1/x1', carrier: 1 } });
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'http', dir: 'in', raw: '',
    http: { exchange: 'i1/x1', phase: 'response', status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream']], elapsed: 12 } });
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'sse', dir: 'in', raw: 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"tools":[]}}\n\n',
    http: { exchange: 'i1/x1', phase: 'body', elapsed: 15 }, link: { exchange: 'i1/x1' } });
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'http', dir: 'in', raw: '', http: { exchange: 'i1/x1', phase: 'end', elapsed: 16 } });
  journal.record({ lane: 'realtime', conn: 'r1', layer: 'http', dir: 'out', raw: '',
    http: { exchange: 'r1/h', phase: 'request', method: 'GET', url: 'ws://127.0.0.1:9/v1/realtime', headers: [['upgrade', 'websocket']] } });
  journal.record({ lane: 'realtime', conn: 'r1', layer: 'http', dir: 'in', raw: '', http: { exchange: 'r1/h', phase: 'response', status: 101, statusText: 'Switching Protocols', elapsed: 3 } });
  journal.record({ lane: 'realtime', conn: 'r1', layer: 'ws', dir: 'in', raw: '{"type":"session.created"}', ws: { kind: 'text' } });
  journal.record({ lane: 'inspector', conn: 's1', layer: 'stderr', dir: 'in', raw: 'starting' });
  await journal.close();
}

describe('parallax export --har', () => {
  it('writes a HAR 1.2 file with the HTTP exchange and the WebSocket', async () => {
    const capture = join(dir, 'session.parallax');
    const out = join(dir, 'session.har');
    await writeCapture(capture);
    const run = io();
    expect(await exportCommand.run([capture, '--har', out], run.io)).toBe(0);
    const har = Har.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(har.log.entries.map((e) => [e.request.method, e.response.status, (e as Record<string, unknown>)._resourceType])).toEqual([
      ['POST', 200, undefined], ['GET', 101, 'websocket'],
    ]);
    expect(har.log.entries[0]?.timings).toMatchObject({ wait: 12, receive: 4 });
    expect(run.out.join('\n')).toMatch(/1 HTTP exchange\(s\) and 1 WebSocket connection\(s\) from 9 envelope\(s\)/);
    expect(run.out.join('\n')).toMatch(/1 stderr/);
    expect(run.err).toEqual([]);
  });

  it('exports what a damaged capture still holds and says what was skipped', async () => {
    const capture = join(dir, 'damaged.parallax');
    await writeCapture(capture);
    await writeFile(capture, `${await readFile(capture, 'utf8')}{"seq":10,"t":`, { flag: 'w' });
    const run = io();
    expect(await exportCommand.run([capture, '--har', join(dir, 'd.har')], run.io)).toBe(0);
    expect(run.err.join('\n')).toMatch(/1 piece\(s\) skipped[\s\S]*line 11: torn-last-line/);
  });

  it('answers bad input with exit code 2 and a reason', async () => {
    const newer = join(dir, 'newer.parallax');
    await writeFile(newer, '{"format":"mcp-parallax-capture","version":99}\n');
    const run = io();
    expect(await exportCommand.run([newer, '--har', join(dir, 'x.har')], run.io)).toBe(2);
    expect(run.err.join('')).toMatch(/format version 99/);
    expect(await exportCommand.run([join(dir, 'missing.parallax'), '--har', join(dir, 'x.har')], io().io)).toBe(2);
    await expect(exportCommand.run([newer], io().io)).rejects.toThrow(/--har OUT.har is required/);
    await expect(exportCommand.run([newer, '--har', newer], io().io)).rejects.toThrow(/not the capture itself/);
  });

  it('is registered in the parallax command line', async () => {
    const capture = join(dir, 'cli.parallax');
    const out = join(dir, 'cli.har');
    await writeCapture(capture);
    const cli = fileURLToPath(new URL('../parallax.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, 'export', capture, '--har', out], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(Har.safeParse(JSON.parse(await readFile(out, 'utf8'))).success).toBe(true);
  });
});
