import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandIo } from '../cli/command';
import { probeCommand } from '../cli/commands/probe';
import { proxyCommand } from '../cli/commands/proxy';
import { startFixtureServer } from '../fixtures/fixture-server';
import { startMcpProxy } from '../proxy/mcp-proxy';
import { openCapture } from './capture-loader';
import { CaptureJournal } from './journal';
import { canMakeThinDisks, canMountDisks, fillLeaving, mountSmallDisk, mountThinDisk } from './test-support/small-disk';

const KiB = 1024;
const MiB = 1024 * KiB;
const header = { app: { name: 'MCP Parallax', version: 'test' }, createdAt: '2026-12-07T12:00:00.000Z', lanes: [{ lane: 'server' as const }] };
const fullDisk = (path: string) => `Recording stopped: the disk holding the capture ${path} is full (ENOSPC). Everything recorded before this is in the file and opens as usual.`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // In reverse: servers and files close before the disk under them is unmounted.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const track = <T extends { close(): Promise<unknown> }>(thing: T): T => {
  cleanups.push(() => thing.close());
  return thing;
};

async function smallDisk(bytes: number): Promise<string> {
  const disk = await mountSmallDisk(bytes);
  cleanups.push(() => disk.remove());
  return disk.dir;
}

/** A Streamable HTTP client session by hand (real fetch, real sockets): initialize, then padded tools/list calls. */
async function mcpSession(url: string): Promise<(pad: string) => Promise<{ status: number; text: string }>> {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const init = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'disk-full-test', version: '1' } } }) });
  await init.arrayBuffer();
  const session = { ...headers, 'mcp-session-id': init.headers.get('mcp-session-id') ?? '', 'mcp-protocol-version': '2025-06-18' };
  await (await fetch(url, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).arrayBuffer();
  let id = 0;
  return async (pad) => {
    const response = await fetch(url, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/list', params: { _meta: { pad } } }) });
    return { status: response.status, text: await response.text() };
  };
}

/** Opens the capture with the app's loader: what it kept, what it skipped, and the last record read whole. */
async function load(path: string) {
  const capture = await openCapture(path);
  try {
    const seqs = Array.from(capture.index.seqs);
    const last = seqs.length ? await capture.readEnvelope(seqs[seqs.length - 1] as number) : undefined;
    return { count: capture.count, seqs, skipped: [...capture.skipped], last };
  } finally {
    await capture.close();
  }
}

const ioFor = (stopped: Promise<void> = new Promise(() => undefined)) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped };
  return { io, out, err };
};

describe.skipIf(!canMountDisks)('a disk that fills up during a recording (a real tmpfs; needs root to mount, skipped otherwise)', () => {
  it('recording proxy: the journal stops with an error naming ENOSPC and the file, the proxy keeps forwarding, the capture opens whole', async () => {
    const dir = await smallDisk(1 * MiB);
    const fixture = track(await startFixtureServer({ profile: 'seed', transport: 'streamable-http' }));
    const path = join(dir, 'proxy.parallax');
    const errors: Error[] = [];
    const journal = await CaptureJournal.create(path, header, { onError: (error) => errors.push(error) });
    cleanups.push(() => journal.close().catch(() => undefined));
    const proxy = track(await startMcpProxy({ target: fixture.url, sink: journal }));
    const list = await mcpSession(proxy.address);

    // Each request carries 96 KiB, recorded twice (HTTP body and JSON-RPC message): the disk fills within a few.
    let requests = 0;
    while (errors.length === 0 && requests < 40) {
      const answer = await list('p'.repeat(96 * KiB));
      requests++;
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('"tools"');
      await journal.flush();
    }
    expect(errors.map((e) => e.message)).toEqual([fullDisk(path)]);
    expect(errors[0]).toMatchObject({ code: 'ENOSPC' });
    // The process and the proxy go on: later requests are forwarded and answered as before.
    for (let i = 0; i < 3; i++) expect((await list('after')).text).toContain('"tools"');
    const written = journal.flushedSeq;
    expect(written).toBeGreaterThan(0);
    // Frames recorded after the disk filled still read back (from memory) for the live view.
    const tail = await journal.readBack([written, written + 1, journal.lastSeq]);
    expect(tail.map((e) => e?.seq)).toEqual([written, written + 1, journal.lastSeq]);
    await proxy.close();
    await expect(journal.close()).rejects.toThrow(/^Recording stopped: the disk holding the capture .* is full \(ENOSPC\)\..* envelope\(s\) recorded after the failure are not in it\.$/);

    // What was written opens with the app's loader: every envelope up to the last good write, the last line whole.
    const loaded = await load(path);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.seqs).toEqual(Array.from({ length: written }, (_, i) => i + 1));
    expect(loaded.last?.seq).toBe(written);
    console.info(`disk full after ${requests} requests: ${written} envelopes, ${(await stat(path)).size} bytes kept of a 1 MiB disk`);

    // A second recording (on a disk with room) works in the same process.
    const roomy = await mkdtemp(join(tmpdir(), 'parallax-after-full-'));
    cleanups.push(() => rm(roomy, { recursive: true, force: true }));
    const second = await CaptureJournal.create(join(roomy, 'second.parallax'), header);
    const secondProxy = await startMcpProxy({ target: fixture.url, sink: second });
    expect((await (await mcpSession(secondProxy.address))('again')).text).toContain('"tools"');
    await secondProxy.close();
    await second.close();
    expect((await load(second.path)).skipped).toEqual([]);
  });

  it('journal: after the disk filled and space is freed, retry() writes what was held, in order, and the file opens with nothing skipped', async () => {
    const dir = await smallDisk(256 * KiB);
    const filler = await fillLeaving(dir, 16 * KiB);
    const path = join(dir, 'retry.parallax');
    const errors: Error[] = [];
    const journal = await CaptureJournal.create(path, header, { maxBufferedBytes: 4 * KiB, onError: (error) => errors.push(error) });
    cleanups.push(() => journal.close().catch(() => undefined));
    const raws = Array.from({ length: 200 }, (_, n) => JSON.stringify({ jsonrpc: '2.0', id: n, result: { text: `ü ${'y'.repeat(300 + (n % 17))}` } }));
    for (const raw of raws) {
      journal.record({ lane: 'server', conn: 'c', layer: 'jsonrpc', dir: 'in', raw });
      await journal.flush();
    }
    expect(errors.map((e) => e.message)).toEqual([fullDisk(path)]);
    const kept = journal.flushedSeq;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(raws.length);
    expect((await load(path)).seqs).toEqual(Array.from({ length: kept }, (_, i) => i + 1));

    await rm(filler);
    await journal.retry();
    expect(journal.flushedSeq).toBe(raws.length);
    await journal.close();
    const capture = await openCapture(path);
    try {
      expect(capture.skipped).toEqual([]);
      expect((await capture.readSeqRange(1, raws.length)).map((e) => e.raw)).toEqual(raws);
    } finally {
      await capture.close();
    }
  });

  it('parallax probe: the lanes stop with the error in words, the capture opens, and once space is freed the next probe records whole', async () => {
    const dir = await smallDisk(256 * KiB);
    const fixture = track(await startFixtureServer({ profile: 'seed', transport: 'streamable-http' }));
    const filler = await fillLeaving(dir, 8 * KiB);
    const path = join(dir, 'probe.parallax');
    const first = ioFor();
    const code = await probeCommand.run(['--server', fixture.url, '--lanes', 'inspector', '--out', path], first.io);
    expect(code).toBe(2);
    expect(first.err.join('\n')).toContain(`parallax probe: ${fullDisk(path)}`);
    const loaded = await load(path);
    expect(loaded.count).toBeGreaterThan(0);
    // Whole, or if the disk would not even let the torn piece be cut, reported with its reason.
    for (const skipped of loaded.skipped) expect(skipped).toMatchObject({ kind: 'torn-last-line', reason: expect.stringContaining('incomplete') });
    expect(loaded.skipped).toEqual([]);
    expect(loaded.last?.seq).toBe(loaded.count);
    console.info(`probe on a nearly full disk: ${loaded.count} envelopes, ${(await stat(path)).size} bytes kept`);

    await rm(filler);
    const again = join(dir, 'probe-again.parallax');
    const second = ioFor();
    expect(await probeCommand.run(['--server', fixture.url, '--lanes', 'inspector', '--out', again], second.io)).not.toBe(2);
    expect(second.err).toEqual([]);
    expect(second.out.join('\n')).toContain('inspector: ok, 10 tool(s)');
    expect((await load(again)).skipped).toEqual([]);
  });

  it('parallax proxy: stops recording, says why, names what the file holds, and exits 1', async () => {
    const dir = await smallDisk(512 * KiB);
    const fixture = track(await startFixtureServer({ profile: 'seed', transport: 'streamable-http' }));
    const path = join(dir, 'cli-proxy.parallax');
    const err: string[] = [];
    let listening: (address: string) => void = () => undefined;
    const address = new Promise<string>((resolve) => { listening = resolve; });
    const io: CommandIo = {
      out: (line) => { if (line.includes('Point your client at: ')) listening(line.split('Point your client at: ')[1] as string); },
      err: (line) => err.push(line),
      stopped: new Promise(() => undefined),
    };
    const running = proxyCommand.run(['--target', fixture.url, '--out', path], io);
    const list = await mcpSession(await Promise.race([address, running.then((code) => { throw new Error(`proxy exited ${code}: ${err.join('\n')}`); })]));
    let stopped = false;
    void running.then(() => { stopped = true; });
    // Requests until the proxy stops itself (the disk filled); a refused connection is that stop.
    while (!stopped) await list('q'.repeat(64 * KiB)).catch(() => undefined);
    expect(await running).toBe(1);
    expect(err[0]).toMatch(new RegExp(`^parallax proxy: ${escape(fullDisk(path))} \\d+ envelope\\(s\\) recorded after the failure are not in it\\.$`));
    expect(err.at(-1)).toMatch(new RegExp(`^parallax proxy: \\d+ frames were written to ${escape(path)}$`));
    const loaded = await load(path);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.count).toBe(Number(/(\d+) frames were written to/.exec(err.at(-1) ?? '')?.[1]));
  });
});

describe.skipIf(!canMakeThinDisks)('a disk that accepts writes it cannot store (ext4 on a loop device over a full tmpfs; needs root and mkfs.ext4, skipped otherwise)', () => {
  it('close() says the capture may be incomplete, naming the file and the code, instead of reporting success', async () => {
    const disk = await mountThinDisk(512 * KiB, 16 * MiB);
    cleanups.push(() => disk.remove());
    const path = join(disk.dir, 'thin.parallax');
    const errors: Error[] = [];
    const journal = await CaptureJournal.create(path, header, { onError: (error) => errors.push(error) });
    cleanups.push(() => journal.close().catch(() => undefined));
    // 4 MiB the page cache accepts: every write succeeds.
    for (let n = 0; n < 64; n++) {
      journal.record({ lane: 'server', conn: 'c', layer: 'jsonrpc', dir: 'in', raw: JSON.stringify({ jsonrpc: '2.0', id: n, result: { text: 'z'.repeat(64 * KiB) } }) });
      await journal.flush();
    }
    expect(journal.error).toBeUndefined();
    expect(journal.flushedSeq).toBe(64);
    await expect(journal.close()).rejects.toThrow(new RegExp(`^The capture ${escape(path)} may be incomplete: when it was flushed to disk at the end, the disk (ran out of room \\(ENOSPC\\)|reported an input/output error \\(EIO\\)), so frames the system had accepted earlier may be missing from it\\.$`));
    expect(errors).toHaveLength(1);
    console.info(`thin disk: fsync at close failed with ${(errors[0] as NodeJS.ErrnoException).code} after 64 accepted writes`);
  });
});
