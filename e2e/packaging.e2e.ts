import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILDER_CONFIG } from '../scripts/builder-args';
import { asarOf, fuseMismatches, packagedExecutable, unexpectedAsarContents } from '../scripts/packaged-app';

const root = path.resolve(import.meta.dirname, '..');
/**
 * Development dependencies no runtime dependency needs (the lock marks them `dev`): a package that
 * is both (ajv-formats: tests use it, the MCP SDK needs it at run time) belongs in the app.
 */
function devOnly(names: string[]): string[] {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return names.filter((name) => lock.packages[`node_modules/${name}`]?.dev === true);
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; productName: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const config = JSON.parse(readFileSync(path.join(root, BUILDER_CONFIG), 'utf8')) as { electronFuses: Record<string, boolean> };

/**
 * An unpacked "Electron" for Linux that is not Electron: a script holding Electron's fuse
 * sentinel and a wire in Electron's default state. electron-builder copies it, writes the asar
 * beside it and flips its fuses exactly as it would the real binary, so the packaging pipeline
 * runs end to end where the real binary cannot be downloaded. Launching the app needs the real
 * one (the release workflow does that).
 */
function standInElectron(dir: string): string {
  const dist = path.join(dir, 'electron-dist');
  mkdirSync(path.join(dist, 'resources'), { recursive: true });
  //                                       RunAsNode Cookie NodeOptions Inspect AsarIntegrity OnlyAsar V8Snapshot FileProtocol WasmTrap
  const wire = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 9]), Buffer.from('101100011')]);
  writeFileSync(path.join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron: cannot run the app"\nexit 1\n# '), wire, Buffer.from('\n')]));
  chmodSync(path.join(dist, 'electron'), 0o755);
  for (const file of ['LICENSE', 'LICENSES.chromium.html', 'chrome-sandbox']) writeFileSync(path.join(dist, file), '');
  writeFileSync(path.join(dist, 'version'), '45.5.0');
  return dist;
}

const work = mkdtempSync(path.join(tmpdir(), 'parallax-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(process.platform !== 'linux')('npm run package -- --linux dir, against a stand-in Electron binary', () => {
  it('produces an app folder whose asar holds dist/ and runtime dependencies only, with the fuses flipped', async () => {
    const output = path.join(work, 'release');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts', '--linux', 'dir', `--config.directories.output=${output}`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: standInElectron(work) },
      timeout: 280_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('package: Linux: AppImage and deb are not signed');

    const executable = packagedExecutable(output, 'linux', pkg.name, pkg.productName);
    expect(executable).toBeDefined();
    expect(await fuseMismatches(executable as string, config.electronFuses)).toEqual([]);
    expect(unexpectedAsarContents(asarOf(executable as string, 'linux'), Object.keys(pkg.dependencies), devOnly(Object.keys(pkg.devDependencies)))).toEqual([]);
    expect(existsSync(path.join(path.dirname(executable as string), 'resources', 'about-icon.png'))).toBe(true);
  }, 300_000);
});
