// One line for each platform being packaged, saying whether this run will sign and notarise, decided from the same
// environment variables electron-builder reads. electron-builder itself only signs and
// notarises when those credentials are present, so a build without them still succeeds,
// unsigned; this makes that visible instead of leaving it in the middle of its log.

type Env = Readonly<Record<string, string | undefined>>;
const set = (env: Env, name: string) => Boolean(env[name]?.trim());

export interface NotarisationCredentials {
  method: 'apple-id' | 'app-store-connect-api-key' | 'keychain-profile';
  /** Variables of the chosen set that are empty; electron-builder stops the build when any are. */
  missing: string[];
}

const SETS: readonly { method: NotarisationCredentials['method']; names: string[]; triggers: string[] }[] = [
  { method: 'apple-id', names: ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'], triggers: ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD'] },
  { method: 'app-store-connect-api-key', names: ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'], triggers: ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'] },
  { method: 'keychain-profile', names: ['APPLE_KEYCHAIN_PROFILE'], triggers: ['APPLE_KEYCHAIN_PROFILE'] },
];

/** The credential set electron-builder 26 picks for notarytool: the first set any of whose trigger variables is set. */
export function notarisationCredentials(env: Env): NotarisationCredentials | null {
  const chosen = SETS.find((candidate) => candidate.triggers.some((name) => set(env, name)));
  return chosen ? { method: chosen.method, missing: chosen.names.filter((name) => !set(env, name)) } : null;
}

export function signingPlan(env: Env, platform: NodeJS.Platform): string {
  if (platform === 'darwin') {
    const signing = set(env, 'CSC_LINK')
      ? 'signing with the certificate in CSC_LINK'
      : 'signing only if a "Developer ID Application" identity is in the keychain';
    const credentials = notarisationCredentials(env);
    const notarising = !credentials
      ? 'not notarising (no APPLE_API_KEY/APPLE_ID/APPLE_KEYCHAIN_PROFILE credentials)'
      : credentials.missing.length
        ? `notarisation credentials incomplete, electron-builder will stop: set ${credentials.missing.join(', ')}`
        : `notarising with ${credentials.method} credentials once signed`;
    return `macOS: ${signing}; ${notarising}`;
  }
  if (platform === 'win32') {
    return set(env, 'WIN_CSC_LINK') || set(env, 'CSC_LINK')
      ? 'Windows: signing with the certificate in WIN_CSC_LINK/CSC_LINK'
      : 'Windows: unsigned (no WIN_CSC_LINK or CSC_LINK); SmartScreen will warn on first run';
  }
  return 'Linux: AppImage and deb are not signed';
}
