import { safeStorage } from 'electron';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KEY_ENV_VARS, type KeyVault } from '../engine/secrets';
import type { KeyProvider } from '../../shared/ipc/contract';

/**
 * A provider's entered key (OpenAI's or Anthropic's), encrypted with Electron's safeStorage (Keychain, DPAPI, or the Linux
 * secret service) in the app's data folder. Refuses to store it in the clear when the OS offers
 * no encryption (Linux without a keyring falls back to a hard-coded password).
 */
export function safeStorageVault(dataDir: string, provider: KeyProvider = 'openai'): KeyVault {
  const file = join(dataDir, `${provider}-key.bin`);
  return {
    async load() {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch {
        return null;
      }
      if (!safeStorage.isEncryptionAvailable()) return null;
      try {
        return safeStorage.decryptString(bytes);
      } catch {
        return null; // Encrypted by another user or machine: as if none were stored.
      }
    },
    async save(key) {
      if (!safeStorage.isEncryptionAvailable() || (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')) {
        throw new Error(`this system offers no secure storage for the key; set ${KEY_ENV_VARS[provider]} in the environment instead`);
      }
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, safeStorage.encryptString(key), { mode: 0o600 });
    },
    async erase() {
      await rm(file, { force: true });
    },
  };
}
