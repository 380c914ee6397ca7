import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProbeReport } from '../../../shared/lanes/probe-report';
import { openCapture } from '../../capture/capture-loader';
import { probeCommand } from '../../cli/commands/probe';
import { runCli } from '../../cli/test-support/cli-run';
import type { FixtureEra } from '../../../shared/lanes/fixture-eras';
import { seedTools } from '../../fixtures/seed-tools';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';

/**
 * The era lane: `--compare-protocol` runs the Inspector's client a second time at another
 * revision, into its own lane of the same capture, and `mcp.era-lists-differ` says when one
 * server answers the two eras with different tools. Real SDK 2.x fixture servers in each era.
 */
let dir: string;
const running: RunningFixtureServer[] = [];
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-era-lane-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
afterEach(async () => { await Promise.all(running.splice(0).map((s) => s.close())); });

let counter = 0;
async function probeBothEras(era: FixtureEra, ...extra: string[]) {
  const server = await startFixtureServer({ profile: 'seed', transport: 'streamable-http', era });
  running.push(server);
  const out = join(dir, `era-${++counter}.parallax`);
  const result = await runCli(probeCommand, ['--server', server.url, '--lanes', 'inspector', '--protocol', 'legacy', '--compare-protocol', '2026-07-28', '--json', '--out', out, ...extra]);
  const report = ProbeReport.parse(JSON.parse(result.out.split('\n')[0] ?? ''));
  return { ...result, report, out, finding: report.findings.find((f) => f.id === 'mcp.era-lists-differ') };
}

const seedNames = seedTools.map((t) => t.definition.name);
const newest = seedNames.at(-1) as string;

describe('the era lane beside the Inspector', () => {
  it('a dual server lists the same tools in both eras: two lanes, each with its revision, and no finding', async () => {
    const { report, finding, out } = await probeBothEras('dual');
    expect(report.lanes.inspector).toMatchObject({ status: 'ok', protocol: '2025-11-25', tools: seedNames });
    expect(report.lanes.era).toMatchObject({ status: 'ok', protocol: '2026-07-28', tools: seedNames });
    expect(finding).toBeUndefined();
    // Each lane's frames are its own: 2025's initialize in one, 2026's server/discover in the other.
    const capture = await openCapture(out);
    try {
      const envelopes = await capture.readSeqRange(1, capture.count);
      const methodsOf = (lane: string) => envelopes.filter((e) => e.lane === lane && e.layer === 'jsonrpc' && e.dir === 'out').map((e) => (JSON.parse(e.raw) as { method?: string }).method);
      expect(methodsOf('inspector')).toContain('initialize');
      expect(methodsOf('inspector')).not.toContain('server/discover');
      expect(methodsOf('era')).toContain('server/discover');
      expect(methodsOf('era')).not.toContain('initialize');
      expect(capture.header.lanes.map((l) => [l.lane, l.server?.protocol])).toEqual([['inspector', 'legacy'], ['era', '2026-07-28']]);
    } finally {
      await capture.close();
    }
  });

  it('a split deployment serves 2025 an older release: a warning names the tool only 2026-07-28 clients get, citing both listings', async () => {
    const { report, finding } = await probeBothEras('split');
    expect(report.lanes.inspector?.tools).toEqual(seedNames.slice(0, -1));
    expect(report.lanes.era?.tools).toEqual(seedNames);
    expect(finding).toMatchObject({ severity: 'warning' });
    expect(finding?.title).toContain('2025-11-25 (9)');
    expect(finding?.title).toContain('2026-07-28 (10)');
    expect(finding?.detail).toContain(`only over 2026-07-28: ${newest}`);
    expect(finding?.evidence.length).toBeGreaterThanOrEqual(2);
  });

  it('a 2026-07-28-only server refuses the legacy lane: an error says 2025-only clients see none of its tools', async () => {
    const { report, finding, code } = await probeBothEras('modern');
    expect(code).toBe(1);
    expect(report.lanes.inspector?.status).toBe('failed');
    expect(report.lanes.era).toMatchObject({ status: 'ok', tools: seedNames });
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding?.title).toBe('The server lists 10 tools over 2026-07-28 and none over the 2025 revisions (initialize)');
    expect(finding?.detail).toContain('-32022');
    expect(report.findings.map((f) => f.id)).toContain('mcp.no-shared-revision');
  });

  it('refuses the era lane without a revision to compare with, and a bad revision, as usage errors', async () => {
    const server = await startFixtureServer({ profile: 'seed', transport: 'streamable-http', era: 'dual' });
    running.push(server);
    await expect(runCli(probeCommand, ['--server', server.url, '--lanes', 'inspector,era', '--json'])).rejects.toThrow(/--compare-protocol legacy\|auto/);
    await expect(runCli(probeCommand, ['--server', server.url, '--compare-protocol', '2099-01-01', '--json'])).rejects.toThrow(/--compare-protocol must be auto, legacy or one of/);
  });
});
