import type { AppInfo } from '../../shared/ipc/contract';
import { createDispatcher, EventHub, type Dispatch, type Handlers } from './dispatch';

export interface EngineOptions {
  host: AppInfo['host'];
  appVersion: string;
  /** Electron and Chromium versions when the engine runs inside Electron's main process. */
  electronVersions?: { electron: string; chrome: string };
}

export interface Engine {
  readonly dispatch: Dispatch;
  readonly events: EventHub;
  dispose(): Promise<void>;
}

/** The engine behind the UI. It never imports Electron, so tests, the CLI and the browser host run it under plain Node. */
export function createEngine(options: EngineOptions): Engine {
  const events = new EventHub();
  const startedAt = Date.now();
  let served = 0;

  const handlers: Handlers = {
    getAppInfo: () => ({
      name: 'MCP Parallax',
      version: options.appVersion,
      host: options.host,
      platform: process.platform,
      arch: process.arch,
      pid: process.pid,
      versions: {
        node: process.versions.node,
        electron: options.electronVersions?.electron ?? null,
        chrome: options.electronVersions?.chrome ?? null,
      },
      startedAt,
    }),
    ping: ({ text }) => ({ text, receivedAt: Date.now(), served }),
  };

  const dispatch = createDispatcher(handlers, (name, error) => {
    events.emit('engineLog', { level: 'error', message: `${name} failed: ${error instanceof Error ? error.message : String(error)}`, t: Date.now() });
  });

  return {
    dispatch: async (name, payload) => {
      served += 1;
      return dispatch(name, payload);
    },
    events,
    async dispose() { /* lanes and journals register their own cleanup here as they land */ },
  };
}
