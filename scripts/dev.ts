// `npm run dev`: rebuild on every change and serve the UI through the browser host, restarting
// the engine when Node-side code changes. Reload the page to pick up renderer changes.
import { spawn } from 'node:child_process';

const children = [
  spawn('node_modules/.bin/vite', ['build', '--watch', '--config', 'vite.config.ts'], { stdio: 'inherit' }),
  spawn('node_modules/.bin/tsx', ['watch', '--clear-screen=false', 'electron/cli/parallax.ts', 'web', '--port', process.env.PARALLAX_PORT ?? '5317'], { stdio: 'inherit' }),
];
const stop = () => { for (const child of children) child.kill('SIGTERM'); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
