import { parseArgs } from 'node:util';
import { APP_VERSION } from '../../app-version';
import path from 'node:path';
import { defaultDataDir } from '../../engine/app-data';
import { exportsDir } from '../../engine/save-destination';
import { createEngine } from '../../engine/engine';
import { startBrowserHost } from '../../host/browser-host';
import { UsageError, type Command } from '../command';
import { findRendererDir } from '../renderer-dir';

export const webCommand: Command = {
  name: 'web',
  summary: 'Serve the UI on 127.0.0.1 with the engine in this process',
  usage: 'parallax web [--port N]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${JSON.stringify(values.port)}`);
    const rendererDir = findRendererDir();
    if (!rendererDir) {
      io.err('parallax web: the UI is not built yet. Run `npm run build` (or `npm run web`, which builds it) first.');
      return 2;
    }
    const dataDir = defaultDataDir();
    const engine = createEngine({ host: 'browser', appVersion: APP_VERSION, dataDir });
    const host = await startBrowserHost({ engine, rendererDir, port, uploadDir: path.join(dataDir, 'uploads'), downloadDir: exportsDir(dataDir) });
    io.out(`MCP Parallax is serving the UI at ${host.url}`);
    io.out('Open that address (the token after # is required). It listens on 127.0.0.1 only; on a remote box use ssh -L. Ctrl+C stops it.');
    await io.stopped;
    await host.close();
    await engine.dispose();
    return 0;
  },
};
