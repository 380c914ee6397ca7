// The electron-builder command line `npm run package` runs: our config and never publishing
// (releases are uploaded by the workflow), followed by whatever the caller passed.

export const BUILDER_CONFIG = 'build/electron-builder.json';

type Env = Readonly<Record<string, string | undefined>>;

export function builderArgs(userArgs: readonly string[], env: Env): string[] {
  const args = ['--config', BUILDER_CONFIG, '--publish', 'never'];
  // The same override scripts/electron-binary.ts honours: an unpacked Electron already on disk,
  // so packaging for this platform needs no download.
  const localElectron = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (localElectron) args.push(`--config.electronDist=${localElectron}`);
  return [...args, ...userArgs];
}

const PLATFORM_FLAGS: Readonly<Record<string, NodeJS.Platform>> = {
  '--mac': 'darwin', '-m': 'darwin', '--macos': 'darwin', '-o': 'darwin',
  '--win': 'win32', '-w': 'win32', '--windows': 'win32',
  '--linux': 'linux', '-l': 'linux',
};

/** The platforms electron-builder will package for: those named by flags, else this one. */
export function requestedPlatforms(userArgs: readonly string[], host: NodeJS.Platform): NodeJS.Platform[] {
  const named = [...new Set(userArgs.flatMap((arg) => PLATFORM_FLAGS[arg] ?? []))];
  return named.length ? named : [host];
}
