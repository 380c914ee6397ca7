// `npm start`: build, then launch the Electron app. Where no Electron binary can be had
// (installs with ELECTRON_SKIP_BINARY_DOWNLOAD, locked-down networks) say so in one line.
import { spawn, spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary';

const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = findElectronBinary();
if (!electron) {
  console.error('MCP Parallax: no Electron binary on this machine (it was not downloaded); run the same UI in a browser with `npm run web`.');
  process.exit(1);
}
const child = spawn(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
