import type { KeyProvider } from '../../shared/ipc/contract';

/**
 * Where an API key lives (OpenAI's for the Playground and Realtime lanes, Anthropic's for the
 * Claude lane). The engine asks the provider's store for the key when its lane is about to run
 * and hands it only to that lane; the UI can set or clear it but never read it back, only learn
 * whether one is `set` (entered in the app), taken from the `env`ironment, or `missing`.
 */
export type KeyStatus = 'set' | 'env' | 'missing';

/** The environment variable each provider's key is read from when none was entered. */
export const KEY_ENV_VARS: Record<KeyProvider, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

export interface SecretStore {
  /** The key to use: the one entered in the app, else the provider's environment variable, else null. */
  getApiKey(): Promise<string | null>;
  setApiKey(key: string): Promise<void>;
  clearApiKey(): Promise<void>;
  status(): Promise<KeyStatus>;
}

export class BadApiKeyError extends Error {
  override name = 'BadApiKeyError';
}

/** A key is one token of printable ASCII: what a header can carry. Says what is wrong without echoing it. */
export function checkApiKey(key: string): string {
  const trimmed = key.trim();
  if (trimmed === '') throw new BadApiKeyError('the API key is empty');
  if (!/^[\x21-\x7e]+$/.test(trimmed)) throw new BadApiKeyError('the API key may only contain printable ASCII without spaces');
  if (trimmed.length > 1000) throw new BadApiKeyError('the API key is longer than 1000 characters');
  return trimmed;
}

/** Persists the entered key; the Electron shell implements it with safeStorage. */
export interface KeyVault {
  load(): Promise<string | null>;
  save(key: string): Promise<void>;
  erase(): Promise<void>;
}

/**
 * The store over a vault (or only memory, for the CLI and the browser host) and an environment.
 * The environment is read at each call, so a key exported later is seen.
 */
export function createSecretStore(env: NodeJS.ProcessEnv = process.env, vault?: KeyVault, provider: KeyProvider = 'openai'): SecretStore {
  let entered: string | null | undefined = vault ? undefined : null;
  const enteredKey = async () => {
    if (entered === undefined) entered = (await vault?.load()) ?? null;
    return entered;
  };
  const fromEnv = () => {
    const value = env[KEY_ENV_VARS[provider]]?.trim();
    return value ? value : null;
  };
  return {
    async getApiKey() {
      return (await enteredKey()) ?? fromEnv();
    },
    async setApiKey(key) {
      const checked = checkApiKey(key);
      await vault?.save(checked);
      entered = checked;
    },
    async clearApiKey() {
      await vault?.erase();
      entered = null;
    },
    async status() {
      if (await enteredKey()) return 'set';
      return fromEnv() ? 'env' : 'missing';
    },
  };
}
