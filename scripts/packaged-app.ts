// Checks on an app electron-builder produced, read from its files: the executable's fuse wire
// and the asar's contents. The release workflow's smoke test runs them on the real installers'
// app folder; they need no display and no running Electron.
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const FUSE_ON = 49; // '1' in the wire
const FUSE_OFF = 48; // '0'

/** The executable inside electron-builder's unpacked output for a platform, if it was built. */
export function packagedExecutable(releaseDir: string, platform: NodeJS.Platform, executableName: string, productName: string): string | undefined {
  if (platform === 'linux') return present(path.join(releaseDir, 'linux-unpacked', executableName));
  if (platform === 'win32') return present(path.join(releaseDir, 'win-unpacked', `${productName}.exe`));
  if (!existsSync(releaseDir)) return undefined;
  // macOS: one folder per arch (mac, mac-arm64, mac-universal); take the first that was built.
  for (const dir of readdirSync(releaseDir).filter((d) => d.startsWith('mac')).sort()) {
    const exe = present(path.join(releaseDir, dir, `${productName}.app`, 'Contents', 'MacOS', productName));
    if (exe) return exe;
  }
  return undefined;
}

const present = (file: string) => (existsSync(file) ? file : undefined);

/** The asar beside an executable from packagedExecutable. */
export function asarOf(executable: string, platform: NodeJS.Platform): string {
  return platform === 'darwin'
    ? path.join(path.dirname(executable), '..', 'Resources', 'app.asar')
    : path.join(path.dirname(executable), 'resources', 'app.asar');
}

/** Fuses whose state in the binary differs from the builder config, as "name: expected on, is off". */
export async function fuseMismatches(executable: string, wanted: Readonly<Record<string, boolean>>): Promise<string[]> {
  const wire = (await getCurrentFuseWire(executable)) as unknown as Record<string, number>;
  const problems: string[] = [];
  for (const [option, on] of Object.entries(wanted)) {
    const name = option.charAt(0).toUpperCase() + option.slice(1);
    const index = (FuseV1Options as unknown as Record<string, number | undefined>)[name];
    if (index === undefined) continue; // a builder-only option such as resetAdHocDarwinSignature
    const state = wire[index];
    if (state !== (on ? FUSE_ON : FUSE_OFF)) problems.push(`${option}: expected ${on ? 'on' : 'off'}, is ${state === FUSE_ON ? 'on' : state === FUSE_OFF ? 'off' : `state ${String(state)}`}`);
  }
  return problems;
}

/**
 * What the asar holds beyond the built app and its runtime dependencies: anything at the top
 * besides dist/, package.json and node_modules/, and any development-only package.
 */
export function unexpectedAsarContents(asar: string, dependencies: readonly string[], devDependencies: readonly string[]): string[] {
  const entries = listPackage(asar, { isPack: false }).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, ''));
  const topLevel = new Set(entries.map((entry) => entry.split('/')[0] as string));
  const problems = [...topLevel].filter((name) => !['dist', 'package.json', 'node_modules'].includes(name)).map((name) => `unexpected top-level entry ${name}`);
  const packages = new Set(entries.filter((e) => e.startsWith('node_modules/')).map((e) => e.split('/').slice(1, e.startsWith('node_modules/@') ? 3 : 2).join('/')));
  for (const dep of dependencies) if (!packages.has(dep)) problems.push(`runtime dependency ${dep} is missing`);
  const runtime = new Set(dependencies);
  for (const dev of devDependencies) if (!runtime.has(dev) && packages.has(dev)) problems.push(`development dependency ${dev} was packaged`);
  if (!entries.includes('dist/electron/main.js')) problems.push('dist/electron/main.js is missing');
  if (entries.some((e) => e.endsWith('.map') && e.startsWith('dist/'))) problems.push('source maps were packaged');
  return problems;
}
