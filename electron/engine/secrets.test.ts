import { describe, expect, it } from 'vitest';
import { BadApiKeyError, createSecretStore, type KeyVault } from './secrets';

function memoryVault(initial: string | null = null): KeyVault & { stored: string | null } {
  const vault = {
    stored: initial,
    load: async () => vault.stored,
    save: async (key: string) => { vault.stored = key; },
    erase: async () => { vault.stored = null; },
  };
  return vault;
}

describe('SecretStore', () => {
  it('prefers the entered key over OPENAI_API_KEY and reports where the key comes from', async () => {
    const env: NodeJS.ProcessEnv = {};
    const vault = memoryVault();
    const store = createSecretStore(env, vault);
    expect(await store.status()).toBe('missing');
    expect(await store.getApiKey()).toBeNull();
    env.OPENAI_API_KEY = ' sk-from-env ';
    expect(await store.status()).toBe('env');
    expect(await store.getApiKey()).toBe('sk-from-env');
    await store.setApiKey('  sk-entered-123  ');
    expect(vault.stored).toBe('sk-entered-123');
    expect(await store.status()).toBe('set');
    expect(await store.getApiKey()).toBe('sk-entered-123');
    await store.clearApiKey();
    expect(vault.stored).toBeNull();
    expect(await store.getApiKey()).toBe('sk-from-env');
  });

  it('reads a key stored by an earlier run', async () => {
    const store = createSecretStore({}, memoryVault('sk-saved-before'));
    expect(await store.status()).toBe('set');
    expect(await store.getApiKey()).toBe('sk-saved-before');
  });

  it('refuses an unusable key without echoing it', async () => {
    const store = createSecretStore({});
    await expect(store.setApiKey('   ')).rejects.toThrow(BadApiKeyError);
    const attempt = store.setApiKey('sk-has a space');
    await expect(attempt).rejects.toThrow('printable ASCII without spaces');
    await expect(store.setApiKey('sk-has a space')).rejects.not.toThrow(/sk-has/);
    expect(await store.status()).toBe('missing');
  });

  it('keeps each provider apart: the Anthropic store reads ANTHROPIC_API_KEY, never OPENAI_API_KEY', async () => {
    const env = { OPENAI_API_KEY: 'sk-openai', ANTHROPIC_API_KEY: 'sk-ant-env' };
    const anthropic = createSecretStore(env, undefined, 'anthropic');
    expect(await anthropic.getApiKey()).toBe('sk-ant-env');
    expect(await createSecretStore({ OPENAI_API_KEY: 'sk-openai' }, undefined, 'anthropic').status()).toBe('missing');
    await anthropic.setApiKey('sk-ant-entered');
    expect(await anthropic.getApiKey()).toBe('sk-ant-entered');
    expect(await createSecretStore(env).getApiKey()).toBe('sk-openai');
  });
});
