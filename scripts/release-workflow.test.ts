import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILDER_CONFIG } from './builder-args';

const root = path.resolve(import.meta.dirname, '..');
interface Step { name?: string; uses?: string; if?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Job { 'runs-on': string; if?: string; needs?: string; strategy?: { matrix: { os: string[] } }; steps: Step[] }
const workflow = parse(readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const installers = workflow.jobs.installers as Job;
const runs = installers.steps.filter((s) => s.run).map((s) => ({ run: (s.run as string).trim(), if: s.if ?? '' }));
const runIndex = (command: string) => runs.findIndex((r) => r.run.includes(command));

describe('release workflow', () => {
  it('runs on macOS, Windows and Ubuntu, on version tags and by hand', () => {
    expect(installers.strategy?.matrix.os).toEqual(['macos-latest', 'windows-latest', 'ubuntu-latest']);
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'workflow_dispatch']);
  });

  it('installs with npm ci, tests, then packages, in that order', () => {
    const order = ['npm ci', 'npm test', 'npm run package'].map(runIndex);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('smoke-tests the packaged app under xvfb-run on Linux with a script that exists', () => {
    const smoke = runs.find((r) => r.run.startsWith('xvfb-run') && r.run.includes('smoke-packaged'));
    expect(smoke?.if).toBe("runner.os == 'Linux'");
    expect(runIndex('smoke-packaged')).toBeGreaterThan(runIndex('npm run package'));
    for (const r of runs) for (const script of r.run.match(/scripts\/[\w-]+\.ts/g) ?? []) expect(existsSync(path.join(root, script)), script).toBe(true);
  });

  it('uploads every installer the builder config produces', () => {
    const config = JSON.parse(readFileSync(path.join(root, BUILDER_CONFIG), 'utf8')) as Record<string, { target: { target: string }[] }>;
    const extensions: Record<string, string> = { dmg: 'dmg', zip: 'zip', nsis: 'exe', AppImage: 'AppImage', deb: 'deb' };
    const upload = installers.steps.find((s) => s.uses?.startsWith('actions/upload-artifact') && String(s.with?.name).startsWith('installers'));
    const paths = String(upload?.with?.path).split('\n').map((p) => p.trim()).filter(Boolean);
    for (const platform of ['mac', 'win', 'linux']) {
      for (const { target } of config[platform]?.target ?? []) expect(paths, target).toContain(`release/*.${extensions[target] ?? '?'}`);
    }
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('hands signing certificates to the package step only on their own OS, and notarises only when the key exists', () => {
    const pack = installers.steps.find((s) => s.run?.trim() === 'npm run package');
    expect(pack?.env?.CSC_LINK).toContain("runner.os == 'macOS'");
    expect(pack?.env?.WIN_CSC_LINK).toContain("runner.os == 'Windows'");
    const key = installers.steps.find((s) => s.run?.includes('APPLE_API_KEY='));
    expect(key?.if).toContain("env.APPLE_API_KEY_BASE64 != ''");
  });

  it('publishes a draft release only for tags, after every installer was built', () => {
    const publish = workflow.jobs.publish as Job;
    expect(publish.needs).toBe('installers');
    expect(publish.if).toBe("startsWith(github.ref, 'refs/tags/v')");
  });
});
