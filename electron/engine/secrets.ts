/**
 * Where the OpenAI API key lives. The engine asks this store for the key when a hosted lane is
 * about to run and hands it only to those lanes; the UI can set or clear it but never read it
 * back, only learn whether one is `set` (entered in the app), taken from the `env`ironment, or
 * `missing`.
 */
export type KeyStatus = 'set' | 'env' | 'missing';

export interface SecretStore {
  /** The key to use: the one entered in the app, else `OPENAI_API_KEY`, else null. */
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
export function createSecretStore(env: NodeJS.ProcessEnv = process.env, vault?: KeyVault): SecretStore {
  let entered: string | null | undefined = vault ? undefined : null;
  const enteredKey = async () => {
    if (entered === undefined) entered = (await vault?.load()) ?? null;
    return entered;
  };
  const fromEnv = () => {
    const value = env.OPENAI_API_KEY?.trim();
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
