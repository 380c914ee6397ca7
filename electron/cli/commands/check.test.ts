import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse as parseJunit, type TestSuites } from 'junit2json';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../shared/check/check-policy';
import { startFixtureServer } from '../../fixtures/fixture-server';
import { probeInto, runCli, startSeedVariant } from '../test-support/cli-run';
import { checkCommand } from './check';

/**
 * The official SARIF 2.1.0 schema (OASIS errata 01, JSON Schema draft-04), copied unchanged from
 * github.com/oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json at e0583813.
 */
const SARIF_SCHEMA = fileURLToPath(new URL('../test-support/sarif-schema-2.1.0.json', import.meta.url));

let dir: string;
const running: { close(): Promise<void> }[] = [];
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-check-test-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
afterEach(async () => { await Promise.all(running.splice(0).map((s) => s.close())); });

const dropCancel = (tools: Parameters<NonNullable<Parameters<typeof startSeedVariant>[0]>>[0]) => tools.filter((t) => t.definition.name !== 'cancel_appointment');

async function validateSarif(path: string): Promise<Record<string, unknown>> {
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(await readFile(SARIF_SCHEMA, 'utf8')) as object);
  const log = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  return log;
}

describe('parallax check', () => {
  it('--baseline: passes on an unchanged server; fails naming the new finding after the fixture drops a tool, with SARIF and JUnit', async () => {
    const server = await startSeedVariant();
    running.push(server);
    const baseline = join(dir, 'baseline.parallax');
    expect((await probeInto(server.url, baseline)).code).toBe(0);

    const same = await runCli(checkCommand, [server.url, '--lanes', 'inspector', '--out', join(dir, 'same.parallax'), '--baseline', baseline]);
    expect(same.code, same.out + same.err).toBe(0);
    expect(same.out).toMatch(/^PASS: http:\/\/127\.0\.0\.1:\d+\/mcp against the baseline/);
    expect(same.out).toContain('Nothing new since the baseline.');

    const changed = await startSeedVariant(dropCancel);
    running.push(changed);
    const sarif = join(dir, 'out.sarif');
    const junit = join(dir, 'out.xml');
    const failed = await runCli(checkCommand, [changed.url, '--lanes', 'inspector', '--out', join(dir, 'changed.parallax'), '--baseline', baseline, '--sarif', sarif, '--junit', junit]);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/^FAIL: /);
    expect(failed.out).toContain('x [error] baseline.tool-removed: A tool the baseline listed is gone\n    Inspector no longer lists `cancel_appointment`.');

    const log = await validateSarif(sarif);
    const run = (log.runs as { results: { ruleId: string; level: string; baselineState?: string }[]; tool: { driver: { rules: { id: string }[] } } }[])[0];
    expect(run?.results).toEqual([expect.objectContaining({ ruleId: 'baseline.tool-removed', level: 'error', baselineState: 'new' })]);
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(['baseline.tool-removed']);

    const report = await parseJunit(await readFile(junit, 'utf8')) as TestSuites;
    expect(report.tests).toBe(2);
    expect(report.failures).toBe(1);
    const cases = report.testsuite?.[0]?.testcase ?? [];
    expect(cases.map((c) => [c.name, c.failure?.[0]?.type])).toEqual([
      ["Inspector lane lists the server's tools", undefined],
      ['baseline.tool-removed: A tool the baseline listed is gone', 'error:baseline.tool-removed'],
    ]);
  });

  it('--fail-on: a warning passes at error and fails at warning; a saved capture is checked without a network', async () => {
    const server = await startSeedVariant();
    running.push(server);
    const path = join(dir, 'damaged.parallax');
    await probeInto(server.url, path);
    await appendFile(path, '{"seq":999999,"t":1,"lane":"inspector","conn":"x","layer":"jsonrpc","dir":"in","raw":"{\\"jsonrpc');
    const lenient = await runCli(checkCommand, [path]);
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain('- [warning] capture.damaged');
    const strict = await runCli(checkCommand, [path, '--fail-on', 'warning', '--json']);
    expect(strict.code).toBe(1);
    const outcome = JSON.parse(strict.out) as CheckOutcome;
    expect(outcome.problems.map((p) => [p.id, p.failing])).toEqual([['capture.damaged', true]]);
    expect((await runCli(checkCommand, [path, '--fail-on', 'info'])).code).toBe(1);
  });

  it('an error finding fails without a baseline, and the SARIF for it validates', async () => {
    const server = await startFixtureServer({ profile: 'auth', transport: 'streamable-http' });
    running.push(server);
    const sarif = join(dir, 'auth.sarif');
    const result = await runCli(checkCommand, [server.url, '--lanes', 'inspector', '--out', join(dir, 'auth.parallax'), '--sarif', sarif]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('x [error] mcp.unauthorized');
    const log = await validateSarif(sarif);
    expect(JSON.stringify(log)).toContain('"ruleId":"mcp.unauthorized"');
  });

  it('bad usage exits 2 or is refused with the reason', async () => {
    await expect(runCli(checkCommand, [])).rejects.toThrow(/what should be checked/);
    await expect(runCli(checkCommand, ['x.parallax', '--fail-on', 'fatal'])).rejects.toThrow(/--fail-on must be error, warning or info/);
    await expect(runCli(checkCommand, ['x.parallax', '--lanes', 'inspector'])).rejects.toThrow(/--lanes is a probe option/);
    const missing = await runCli(checkCommand, [join(dir, 'absent.parallax')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('parallax check: cannot read');
    // Probe options are probe's to judge.
    await expect(runCli(checkCommand, ['http://127.0.0.1:9/mcp', '--transport', 'carrier-pigeon'])).rejects.toThrow(/--transport must be/);
  });
});
