// `tsx scripts/smoke-packaged.ts [--no-launch] [release-dir]`, after `npm run package`: checks
// the unpacked app electron-builder left in release/ — fuses flipped, only dist/ and runtime
// dependencies in the asar — then launches it through Playwright and checks that the window
// loads our page and reaches the engine in the main process. On Linux run it under xvfb-run.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { BUILDER_CONFIG } from './builder-args';
import { asarOf, fuseMismatches, packagedExecutable, unexpectedAsarContents } from './packaged-app';

interface Pkg { name: string; productName: string; version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> }
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Pkg;
const config = JSON.parse(readFileSync(BUILDER_CONFIG, 'utf8')) as { electronFuses: Record<string, boolean> };
const launch = !process.argv.includes('--no-launch');
const release = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'release';

const fail = (message: string): never => {
  console.error(`smoke: FAILED: ${message}`);
  process.exit(1);
};

const executable = packagedExecutable(release, process.platform, pkg.name, pkg.productName) ?? fail(`no unpacked app for ${process.platform} in ${release}/; run \`npm run package\` first`);
const problems = [
  ...(await fuseMismatches(executable, config.electronFuses)),
  ...unexpectedAsarContents(asarOf(executable, process.platform), Object.keys(pkg.dependencies), Object.keys(pkg.devDependencies)),
];
if (problems.length) fail(`${executable}:\n  ${problems.join('\n  ')}`);
console.log(`smoke: ${executable}: fuses as configured; asar holds dist/ and runtime dependencies only`);

if (launch) {
  const app = await electron.launch({ executablePath: executable, timeout: 60_000 });
  try {
    const window = await app.firstWindow();
    await window.waitForLoadState('domcontentloaded');
    const title = await window.title();
    if (title !== pkg.productName) fail(`window title is "${title}"`);
    const connection = window.getByTestId('engine-connection');
    await connection.waitFor({ timeout: 30_000 });
    const connectionText = (await connection.textContent()) ?? '';
    if (!connectionText.includes('Electron main process')) fail(`the page did not reach the engine: "${connectionText}"`);
    const main = await app.evaluate(({ app: electronApp }) => ({ packaged: electronApp.isPackaged, version: electronApp.getVersion() }));
    if (!main.packaged || main.version !== pkg.version) fail(`main process reports ${JSON.stringify(main)}`);
    mkdirSync('test-results', { recursive: true });
    await window.screenshot({ path: path.join('test-results', 'packaged-app.png') });
    console.log(`smoke: launched ${pkg.productName} ${main.version}: window loaded, engine reachable (screenshot in test-results/packaged-app.png)`);
  } finally {
    await app.close();
  }
}
