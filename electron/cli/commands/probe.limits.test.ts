import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProbeReport } from '../../../shared/lanes/probe-report';
import { openCapture } from '../../capture/capture-loader';
import { startEmulator } from '../../emulator/emulator';
import { startFixtureServer } from '../../fixtures/fixture-server';
import { closeAfterEach } from '../../lanes/inspector/test-support/http-server';
import { startHostileHttpServer } from '../../lanes/inspector/test-support/hostile-server';
import { UsageError } from '../command';
import { runCli } from '../test-support/cli-run';
import { probeCommand } from './probe';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-probe-limits-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
const serve = closeAfterEach();
const cleanups: { close(): Promise<void> }[] = [];
afterEach(async () => { await Promise.all(cleanups.splice(0).map((c) => c.close())); });

describe('parallax probe --limit and --settings', () => {
  it('takes limits from a settings file, a --limit flag winning over it, and reports the one that stopped the answer', async () => {
    const server = await serve(startHostileHttpServer({ kind: 'huge', bytes: 8 * 1024 * 1024 }));
    const settings = join(dir, 'settings.json');
    await writeFile(settings, JSON.stringify({ limits: { messageBytes: '512KiB', frameBytes: '128KiB' } }));
    const out = join(dir, 'limits.parallax');
    const result = await runCli(probeCommand, ['--server', server.url, '--lanes', 'inspector', '--settings', settings, '--limit', 'message-bytes=1MiB', '--json', '--out', out]);
    expect(result.code).toBe(1);
    const report = ProbeReport.parse(JSON.parse(result.out));
    expect(report.lanes.inspector?.error).toMatch(/exceeded message-bytes \(1 MiB\)/);
    expect(report.findings.find((f) => f.id === 'capture.limit-exceeded')?.detail).toMatch(/exceeded frame-bytes \(128 KiB\)/);
    const capture = await openCapture(out);
    const kept = [];
    for await (const envelope of capture.envelopes()) if (envelope.truncated) kept.push(envelope);
    await capture.close();
    expect(kept).toHaveLength(1);
  });

  it('goes on in linked files past --limit capture-bytes, and the set opens whole from any of its files', async () => {
    const fixture = await startFixtureServer({ profile: 'seed' });
    cleanups.push(fixture);
    const out = join(dir, 'rotated.parallax');
    const result = await runCli(probeCommand, ['--server', fixture.url, '--lanes', 'inspector', '--limit', 'capture-bytes=4KiB', '--json', '--out', out]);
    expect(result.code).toBe(0);
    const report = ProbeReport.parse(JSON.parse(result.out));
    expect(report.lanes.inspector?.tools?.length).toBeGreaterThan(0);
    const continued = report.findings.find((f) => f.id === 'capture.continued');
    expect(continued?.title).toMatch(/^The recording went on in \d+ more files? at capture-bytes \(4 KiB\)$/);
    const whole = await openCapture(out);
    const fromSecond = await openCapture(join(dir, 'rotated.part2.parallax'));
    try {
      expect(whole.files.length).toBeGreaterThan(1);
      expect(fromSecond.files).toEqual(whole.files);
      expect(fromSecond.count).toBe(whole.count);
      expect([...whole.index.seqs]).toEqual(Array.from({ length: whole.count }, (_, i) => i + 1));
    } finally {
      await whole.close();
      await fromSecond.close();
    }
  });

  it('refuses a settings file it cannot use, naming the file and the key', async () => {
    const settings = join(dir, 'typo.json');
    await writeFile(settings, JSON.stringify({ limits: { mesageBytes: 1 } }));
    await expect(runCli(probeCommand, ['--server', 'http://127.0.0.1:9/mcp', '--settings', settings])).rejects.toThrow(UsageError);
    await expect(runCli(probeCommand, ['--server', 'http://127.0.0.1:9/mcp', '--settings', settings])).rejects.toThrow(/the settings file .*typo\.json has a problem: limits: Unrecognized key: "mesageBytes"/);
    await expect(runCli(probeCommand, ['--server', 'http://127.0.0.1:9/mcp', '--settings', join(dir, 'missing.json')])).rejects.toThrow(/cannot read the settings file .*missing\.json \(ENOENT\)/);
  });

  it('reaches the hosted lanes too: a Responses stream past --limit message-bytes stops that lane with the limit named', async () => {
    const fixture = await startFixtureServer({ profile: 'seed' });
    const emulator = await startEmulator({ allowPrivateNetwork: true });
    cleanups.push(fixture, emulator);
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-parallax-limits-test-0123456789';
    let result;
    try {
      result = await runCli(probeCommand, ['--server', fixture.url, '--lanes', 'playground', '--openai-base-url', emulator.baseUrl, '--limit', 'message-bytes=1KiB', '--json', '--out', join(dir, 'hosted.parallax')]);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
    const report = ProbeReport.parse(JSON.parse(result.out));
    expect(report.lanes.playground?.status).toBe('failed');
    expect(report.lanes.playground?.error).toMatch(/exceeded message-bytes \(1 KiB\)/);
  });
});
