import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { APP_VERSION } from '../../electron/app-version';
import { createEngine, type Engine, type EngineOptions } from '../../electron/engine/engine';
import { exportsDir } from '../../electron/engine/save-destination';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host';

export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../dist/renderer');

/** The real browser host over the real engine, serving the built renderer, as `parallax web` runs it. */
/** The engine and browser host on 127.0.0.1; the data directory is a new temporary one unless `dataDir` names one (then it is left in place). */
export async function startWebHost(dataDir?: string, engineOptions: Pick<EngineOptions, 'questionTimeoutMs'> = {}): Promise<{ engine: Engine; host: BrowserHost; dataDir: string; close(): Promise<void> }> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('dist/renderer is missing: `npm test` builds it before the browser tests run');
  }
  const dir = dataDir ?? await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-data-'));
  const engine = createEngine({ host: 'browser', appVersion: APP_VERSION, dataDir: dir, ...engineOptions });
  const host = await startBrowserHost({ engine, rendererDir: RENDERER_DIR, uploadDir: path.join(dir, 'uploads'), downloadDir: exportsDir(dir) });
  return {
    engine, host, dataDir: dir,
    async close() {
      await host.close();
      await engine.dispose();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
