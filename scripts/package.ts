// `npm run package [-- electron-builder args]`: build dist/, then make installers with
// electron-builder into release/. Where Electron (or a target's tool) cannot be downloaded,
// the failure ends in one line saying so instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builderArgs, requestedPlatforms } from './builder-args';
import { explainPackagingFailure } from './packaging-failure';
import { signingPlan } from './signing-plan';

const userArgs = process.argv.slice(2);
const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

for (const platform of requestedPlatforms(userArgs, process.platform)) console.log(`package: ${signingPlan(process.env, platform)}`);

const electronVersion = (JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string }).version;
const bin = process.platform === 'win32' ? 'node_modules\\.bin\\electron-builder.cmd' : 'node_modules/.bin/electron-builder';
const child = spawn(bin, builderArgs(userArgs, process.env), { stdio: ['inherit', 'pipe', 'pipe'], shell: process.platform === 'win32' });

// Keep electron-builder's own log visible, and a copy to read the failure from.
let output = '';
const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-200_000); };
child.stdout.on('data', (chunk: Buffer) => { process.stdout.write(chunk); keep(chunk); });
child.stderr.on('data', (chunk: Buffer) => { process.stderr.write(chunk); keep(chunk); });
child.on('error', (error) => {
  console.error(`MCP Parallax: could not start electron-builder (${error.message}); run \`npm install\` first.`);
  process.exit(1);
});
child.on('close', (code, signal) => {
  if (code === 0) process.exit(0);
  const explained = explainPackagingFailure(output, electronVersion);
  if (explained) console.error(`\n${explained}`);
  process.exit(signal ? 1 : code ?? 1);
});
