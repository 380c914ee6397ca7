import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallReport } from '../../../shared/lanes/call-report';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import type { CommandIo } from '../command';
import { callCommand } from './call';

const API_KEY = 'sk-parallax-call-test-6b6b6b6b6b';
let dir: string;
let savedKey: string | undefined;
let openai: RunningEmulator;
let seed: RunningFixtureServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-call-hosted-'));
  savedKey = process.env.OPENAI_API_KEY;
  process.env.OPENAI_API_KEY = API_KEY;
  openai = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY });
  seed = await startFixtureServer({ profile: 'seed' });
});
afterAll(async () => {
  if (savedKey === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = savedKey;
  await Promise.all([seed.close(), openai.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('parallax call through every lane (local OpenAI emulator)', () => {
  it('puts the direct tools/call beside both hosted mcp_calls of the same tool and arguments', async () => {
    const out: string[] = [];
    const io: CommandIo = { out: (t) => out.push(t), err: (t) => out.push(t), stopped: new Promise(() => undefined) };
    const code = await callCommand.run([seed.url, 'search_patients', '--arguments', '{"query":"Ada"}', '--lanes', 'inspector,playground,realtime',
      '--openai-base-url', openai.baseUrl, '--require-approval', 'never', '--json', '--out', join(dir, 'all.parallax')], io);
    const report = CallReport.parse(JSON.parse(out[0] ?? ''));
    expect(report.lanes.map((l) => [l.lane, l.outcome])).toEqual([['inspector', 'result'], ['playground', 'result'], ['realtime', 'result']]);
    const direct = JSON.stringify(report.lanes[0]?.result);
    for (const hosted of report.lanes.slice(1)) {
      expect(hosted.output).toEqual(expect.any(String));
      expect(hosted.evidence.length).toBeGreaterThan(0);
      // The hosted output is the server's text content, relayed: it appears in the direct result.
      expect(direct).toContain(JSON.stringify(hosted.output).slice(1, 40));
    }
    expect(code).toBe(0);
    expect(JSON.stringify(report)).not.toContain(API_KEY);
    // The same call in every lane: nothing to explain.
    expect(report.findings.filter((f) => f.id === 'calls.results-differ')).toEqual([]);
  }, 60_000);

  it('explains, with the frames, a call that answers in the Inspector and fails in Realtime', async () => {
    const timingOut = await startEmulator({ allowPrivateNetwork: true, apiKey: API_KEY, faults: ['call-timeout'] });
    try {
      const out: string[] = [];
      const io: CommandIo = { out: (t) => out.push(t), err: (t) => out.push(t), stopped: new Promise(() => undefined) };
      const code = await callCommand.run([seed.url, 'search_patients', '--arguments', '{"query":"Ada"}', '--lanes', 'inspector,realtime',
        '--openai-base-url', timingOut.baseUrl, '--require-approval', 'never', '--json', '--out', join(dir, 'timeout.parallax')], io);
      const report = CallReport.parse(JSON.parse(out[0] ?? ''));
      expect(report.lanes.map((l) => [l.lane, l.outcome])).toEqual([['inspector', 'result'], ['realtime', 'failed']]);
      const differ = report.findings.filter((f) => f.id === 'calls.results-differ');
      expect(differ).toHaveLength(1);
      expect(differ[0]).toMatchObject({ severity: 'error', title: '`search_patients` answered in Inspector, failed in Realtime' });
      expect(differ[0]?.detail).toContain('Every lane sent the same arguments');
      // Evidence: the Inspector's request and answer, and Realtime's failed mcp_call item.
      const evidence = new Set(differ[0]?.evidence);
      for (const lane of report.lanes) expect(lane.evidence.some((seq) => evidence.has(seq))).toBe(true);
      expect(code).toBe(1);
    } finally {
      await timingOut.close();
    }
  }, 60_000);
});
