import { existsSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../scripts/electron-binary';

const electronBinary = findElectronBinary(path.resolve(import.meta.dirname, '..'));
if (!electronBinary) {
  console.warn('e2e: SKIPPED Electron window tests - no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD); they run where one exists.');
}

describe.skipIf(!electronBinary)('the real Electron window', () => {
  it('opens sandboxed, isolated, with only the named bridge functions and a working round trip', async () => {
    const main = path.resolve(import.meta.dirname, '../dist/electron/main.js');
    expect(existsSync(main)).toBe(true);
    const app = await electron.launch({ executablePath: electronBinary ?? '', args: [path.resolve(import.meta.dirname, '..'), '--no-sandbox'] });
    try {
      const window = await app.firstWindow();
      const shape = await window.evaluate(() => ({
        hasRequire: typeof (globalThis as { require?: unknown }).require,
        hasProcess: typeof (globalThis as { process?: unknown }).process,
        frozen: Object.isFrozen((window as unknown as { parallax: object }).parallax),
        bridge: Object.entries((window as unknown as { parallax: Record<string, unknown> }).parallax).map(([k, v]) => `${k}:${typeof v}`),
      }));
      // Node is unreachable from the page (no nodeIntegration, isolated and sandboxed preload).
      expect(shape.hasRequire).toBe('undefined');
      expect(shape.hasProcess).toBe('undefined');
      expect(shape.frozen).toBe(true);
      expect(shape.bridge.every((entry) => entry.endsWith(':function'))).toBe(true);
      await window.getByTestId('engine-check').click();
      await expect.poll(() => window.getByTestId('engine-check-result').textContent()).toMatch(/Engine answered/);
      expect(await window.getByTestId('engine-connection').textContent()).toContain('Electron main process');
    } finally {
      await app.close();
    }
  });
});
