import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientsReportSchema } from '../../../shared/ipc/clients-report';
import { ProbeReport } from '../../../shared/lanes/probe-report';
import { APP_VERSION } from '../../app-version';
import { CaptureJournal } from '../../capture/journal';
import { mcpTool, recordInspector, recordPlayground, recordRealtime, realtimeUrl, startWorld, type World } from '../../diagnosis/test-support/recorded-runs';
import { ScriptedRealtimeClient } from '../../diagnosis/test-support/scripted-client';
import type { CommandIo } from '../command';
import { diagnoseCommand } from './diagnose';

let world: World | undefined;
let dir: string | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped: new Promise(() => undefined) };
  return { value, out, err };
}

/** Runs the seed lanes with every envelope also written by the real capture journal, as `probe --out` does. */
async function recordSeedCapture(withSeedClient: boolean): Promise<string> {
  world = await startWorld('seed');
  dir = await mkdtemp(join(tmpdir(), 'parallax-diagnose-'));
  const path = join(dir, 'seed.parallax');
  const journal = await CaptureJournal.create(path, { app: { name: 'MCP Parallax', version: APP_VERSION }, createdAt: new Date().toISOString(), lanes: [], emulated: true });
  const stop = world.sink.subscribe(({ seq: _seq, ...envelope }) => journal.record(envelope));
  await recordInspector(world);
  await recordPlayground(world);
  await recordRealtime(world);
  if (withSeedClient) {
    const client = await ScriptedRealtimeClient.open(realtimeUrl(world), world.sink);
    await client.waitFor('session.created');
    client.send({ type: 'session.update', session: { tools: [mcpTool(world, { server_label: 'health' })] } });
    await client.waitFor('error');
    await client.close();
  }
  stop();
  await journal.close();
  return path;
}

/** Records the Inspector lane against a fixture profile into a real capture file. */
async function recordInspectorCapture(profile: string): Promise<string> {
  world = await startWorld(profile);
  dir = await mkdtemp(join(tmpdir(), 'parallax-diagnose-'));
  const path = join(dir, `${profile}.parallax`);
  const journal = await CaptureJournal.create(path, { app: { name: 'MCP Parallax', version: APP_VERSION }, createdAt: new Date().toISOString(), lanes: [], emulated: true });
  const stop = world.sink.subscribe(({ seq: _seq, ...envelope }) => journal.record(envelope));
  await recordInspector(world);
  stop();
  await journal.close();
  return path;
}

describe('parallax diagnose --clients', () => {
  it('the seed server: every client keeps its tools, Gemini CLI and Claude Code rename them, each cell naming rule and frame', async () => {
    const path = await recordInspectorCapture('seed');
    const json = io();
    expect(await diagnoseCommand.run([path, '--clients', '--json'], json.value)).toBe(0);
    const report = ClientsReportSchema.parse(JSON.parse(json.out.join('\n')));
    expect(report.toolCount).toBe(10);
    expect(report.rows.map((r) => r.tool)).toContain('search_patients');
    expect(report.clients.every((c) => c.lost === 0)).toBe(true);
    const gemini = report.rows[0]?.cells['gemini-cli'];
    expect(gemini?.state).toBe('changed');
    expect(gemini?.hits[0]).toMatchObject({ rule: 'gemini-cli.name-qualified', confidence: 'observed-in-source', evidence: [report.rows[0]?.seq] });
    expect(report.verdict).toMatch(/^Every client in the rulebook keeps all 10 tools/);

    const text = io();
    expect(await diagnoseCommand.run([path, '--clients'], text.value)).toBe(0);
    const lines = text.out.join('\n').split('\n');
    expect(lines[0]).toBe(report.verdict);
    expect(lines.some((l) => /^ {2}search_patients +(\S+ +){4}/.test(l))).toBe(true);
  });

  it('a malformed tool: strict SDK clients lose the whole list, blamed on the tool and its tools/list frame; exit 1', async () => {
    const path = await recordInspectorCapture('malformed-tool');
    const json = io();
    expect(await diagnoseCommand.run([path, '--clients', '--json'], json.value)).toBe(1);
    const report = ClientsReportSchema.parse(JSON.parse(json.out.join('\n')));
    const gemini = report.clients.find((c) => c.client === 'gemini-cli');
    expect(gemini?.lost).toBe(report.toolCount);
    const echo = report.rows.find((r) => r.tool !== 'broken_schema_tool');
    const hit = echo?.cells['gemini-cli']?.hits.find((h) => h.rule === 'gemini-cli.tool-invalid');
    expect(hit?.detail).toMatch(/because of `broken_schema_tool`/);
    expect(hit?.evidence).toEqual([report.rows.find((r) => r.tool === 'broken_schema_tool')?.seq]);
    expect(report.verdict).toMatch(/Gemini CLI loses all \d+ \(gemini-cli\.tool-invalid\)/);
    expect(report.verdict).toMatch(/OpenAI Agents SDK loses all/);
  });
});

describe('parallax diagnose', () => {
  it('a clean seed capture: exit 0, the JSON report shape of design.md, only the loopback warning', async () => {
    const path = await recordSeedCapture(false);
    const { value, out } = io();
    expect(await diagnoseCommand.run([path, '--json'], value)).toBe(0);
    const report = ProbeReport.parse(JSON.parse(out.join('\n')));
    expect(report.capture).toBe(path);
    // The emulator reached 127.0.0.1; OpenAI never would, and the report says so whoever ran the lanes.
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([['openai.server-unreachable', 'warning']]);
    expect(report.findings[0]?.title).toMatch(/^OpenAI cannot reach 127\.0\.0\.1:\d+: a loopback address .*\(the local emulator connected anyway\)$/);
    expect(Object.keys(report.lanes)).toEqual(['inspector', 'playground', 'realtime']);
    for (const lane of Object.values(report.lanes)) expect(lane).toMatchObject({ status: 'ok', tools: expect.arrayContaining(['search_patients', 'book_appointment']) });
  });

  it('the seed scenario: exit 1, the session.type finding with its evidence seqs, and the verdict first in text mode', async () => {
    const path = await recordSeedCapture(true);
    const json = io();
    expect(await diagnoseCommand.run([path, '--json'], json.value)).toBe(1);
    const report = JSON.parse(json.out.join('\n')) as ProbeReport & { verdict: string };
    const finding = report.findings.find((f) => f.id === 'realtime.session-type-missing');
    expect(finding).toMatchObject({ severity: 'error', evidence: [expect.any(Number), expect.any(Number)], fix: expect.stringContaining('"type": "realtime"') });
    expect(report.lanes.client).toMatchObject({ status: 'failed', tools: [] });
    expect(report.verdict).toMatch(/GA Realtime rejects your session\.update .* missing session\.type/);

    const text = io();
    expect(await diagnoseCommand.run([path], text.value)).toBe(1);
    expect(text.out.join('\n').split('\n')[0]).toBe(report.verdict);
    expect(text.out.join('\n')).toContain(`[error] realtime.session-type-missing: GA Realtime rejected your session.update: it has no session.type`);
  });

  it('a damaged capture (a torn last line) is diagnosed from what remains, with a finding saying so', async () => {
    const path = await recordSeedCapture(false);
    await appendFile(path, '{"seq":999999,"t":1,"lane":"inspector","conn":"x","layer":"jsonrpc","dir":"in","raw":"{\\"jsonrpc');
    const { value, out } = io();
    expect(await diagnoseCommand.run([path, '--json'], value)).toBe(0);
    const report = ProbeReport.parse(JSON.parse(out.join('\n')));
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([['openai.server-unreachable', 'warning'], ['capture.damaged', 'warning']]);
    expect(report.lanes.inspector?.tools).toHaveLength(10);
  });

  it('bad usage and unreadable input exit 2', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallax-diagnose-'));
    const notCapture = join(dir, 'notes.txt');
    await writeFile(notCapture, 'hello\n');
    const unreadable = io();
    expect(await diagnoseCommand.run([notCapture], unreadable.value)).toBe(2);
    expect(unreadable.err.join('\n')).toContain('cannot read');
    const missing = io();
    expect(await diagnoseCommand.run([join(dir, 'absent.parallax')], missing.value)).toBe(2);
    await expect(diagnoseCommand.run([], io().value)).rejects.toThrow(/which capture/);
  });
});
