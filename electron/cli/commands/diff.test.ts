import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureDiff } from '../../../shared/compare/capture-diff';
import { startFixtureServer, type RunningFixtureServer } from '../../fixtures/fixture-server';
import { probeInto, runCli, startSeedVariant } from '../test-support/cli-run';
import { diffCommand } from './diff';

let dir: string;
const running: RunningFixtureServer[] = [];
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-diff-test-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
afterEach(async () => { await Promise.all(running.splice(0).map((s) => s.close())); });

async function captureOf(name: string, edit?: Parameters<typeof startSeedVariant>[0]): Promise<string> {
  const server = await startSeedVariant(edit);
  running.push(server);
  const path = join(dir, `${name}.parallax`);
  await probeInto(server.url, path);
  return path;
}

describe('parallax diff', () => {
  it('two probes of the same server: no difference, exit 0', async () => {
    const a = await captureOf('same-a');
    const b = await captureOf('same-b');
    const text = await runCli(diffCommand, [a, b]);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe('No difference: the same lanes, tools, findings, negotiation and timing.');
    const json = await runCli(diffCommand, [a, b, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ same: true, lanes: [], findings: { appeared: [], resolved: [] } });
  });

  it('a tool dropped and one edited: named per lane and field, as text, JSON and HTML; exit 1', async () => {
    const before = await captureOf('before');
    const after = await captureOf('after', (tools) => {
      const kept = tools.filter((t) => t.definition.name !== 'cancel_appointment');
      const search = kept.find((t) => t.definition.name === 'search_patients');
      if (search) search.definition.description = 'Search patients <b>by name</b>.';
      return kept;
    });
    const json = await runCli(diffCommand, [before, after, '--json']);
    expect(json.code).toBe(1);
    const diff = JSON.parse(json.out) as CaptureDiff;
    expect(diff.same).toBe(false);
    expect(diff.lanes).toHaveLength(1);
    expect(diff.lanes[0]).toMatchObject({ lane: 'inspector', added: [], removed: ['cancel_appointment'], status: { before: 'ok', after: 'ok' } });
    expect(diff.lanes[0]?.changed).toEqual([{
      name: 'search_patients',
      fields: [{ field: 'description', paths: ['/'], before: 'Search patients by name, date of birth or medical record number.', after: 'Search patients <b>by name</b>.' }],
      evidence: { before: expect.any(Number), after: expect.any(Number) },
    }]);

    const html = join(dir, 'diff.html');
    const text = await runCli(diffCommand, [before, after, '--html', html]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('Differences: 1 tool listing(s) removed, 1 changed.');
    expect(text.out).toContain('Inspector:\n  - tool cancel_appointment\n  ~ tool search_patients: description: "Search patients by name');
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<li class="del">- tool cancel_appointment</li>');
    expect(page).toContain('&lt;b&gt;by name&lt;/b&gt;');
    expect(page).not.toContain('<b>by name');
    expect(page).not.toMatch(/<script|src=|href=/);
  });

  it('two live servers: each is probed first (the Inspector lane), then compared like two captures', async () => {
    const before = await startSeedVariant();
    const after = await startSeedVariant((tools) => tools.filter((t) => t.definition.name !== 'cancel_appointment'));
    running.push(before, after);
    const json = await runCli(diffCommand, [before.url, after.url, '--json']);
    expect(json.code).toBe(1);
    const diff = JSON.parse(json.out) as CaptureDiff;
    expect(diff.lanes).toEqual([expect.objectContaining({ lane: 'inspector', removed: ['cancel_appointment'], added: [] })]);
    expect(diff.before).toMatch(/parallax-probe-.*\.parallax$/);
    // Saved captures are compared as they are: a probe option there is a mistake.
    const a = await captureOf('lanes-a');
    await expect(runCli(diffCommand, [a, a, '--lanes', 'inspector'])).rejects.toThrow(/--lanes is for a server that diff probes/);
  });

  it('the same dual-era server probed over 2025 and then 2026-07-28: the revision and how it was reached differ, the tools do not', async () => {
    const server = await startFixtureServer({ profile: 'seed', transport: 'streamable-http', era: 'dual' });
    running.push(server);
    const legacy = join(dir, 'era-legacy.parallax');
    const modern = join(dir, 'era-modern.parallax');
    expect((await probeInto(server.url, legacy, '--protocol', 'legacy')).code).toBe(0);
    expect((await probeInto(server.url, modern, '--protocol', 'auto')).code).toBe(0);
    const json = await runCli(diffCommand, [legacy, modern, '--json']);
    const diff = JSON.parse(json.out) as CaptureDiff;
    expect(diff.lanes).toEqual([expect.objectContaining({
      lane: 'inspector', added: [], removed: [], changed: [],
      protocolVersion: { before: '2025-11-25', after: '2026-07-28' },
      negotiatedVia: { before: 'initialize', after: 'server/discover' },
    })]);
    const text = await runCli(diffCommand, [legacy, modern]);
    expect(text.out).toContain('protocol version: 2025-11-25 -> 2026-07-28');
    expect(text.out).toContain('negotiated via: initialize -> server/discover');
  });

  it('timing past the threshold counts; under it, it does not', async () => {
    const a = await captureOf('timing-a');
    // The same run, with everything after the first frame seen 5 s later: a slow server.
    const [header, first, ...rest] = (await readFile(a, 'utf8')).trimEnd().split('\n');
    const slower = rest.map((line) => { const e = JSON.parse(line) as { t: number }; return JSON.stringify({ ...e, t: e.t + 5000 }); });
    const b = join(dir, 'timing-b.parallax');
    await writeFile(b, `${[header, first, ...slower].join('\n')}\n`);
    const result = await runCli(diffCommand, [a, b, '--json']);
    expect(result.code).toBe(1);
    const timing = (JSON.parse(result.out) as CaptureDiff).lanes[0]?.toolsListedAfterMs;
    expect(timing?.after).toBe((timing?.before ?? NaN) + 5000);
    expect((await runCli(diffCommand, [a, b, '--timing-threshold-ms', '60000'])).code).toBe(0);
  });

  it('bad usage and unreadable input exit 2 with the file named', async () => {
    const notCapture = join(dir, 'notes.txt');
    await writeFile(notCapture, 'hello\n');
    const result = await runCli(diffCommand, [notCapture, join(dir, 'absent.parallax')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/parallax diff: cannot read .*notes\.txt|parallax diff: cannot read .*absent\.parallax/);
    await expect(runCli(diffCommand, [notCapture])).rejects.toThrow(/expected two captures/);
    await expect(runCli(diffCommand, [notCapture, notCapture, '--timing-threshold-ms', 'soon'])).rejects.toThrow(/--timing-threshold-ms/);
  });
});
