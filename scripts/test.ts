// `npm test`: lint, type check, build, then every Vitest project (unit, integration, browser
// end-to-end). Ends with one plain line, "N passed, N failed, N skipped", skipped counted apart.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const TSCONFIGS = ['tsconfig.shared.json', 'tsconfig.node.json', 'tsconfig.renderer.json', 'tsconfig.e2e.json'];
// npm's shims are .cmd files on Windows, which only a shell can start.
const onWindows = process.platform === 'win32';
const bin = (name: string) => (onWindows ? `node_modules\\.bin\\${name}.cmd` : `node_modules/.bin/${name}`);

function step(title: string, command: string, args: string[]): void {
  const started = Date.now();
  console.log(`\n=== ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: onWindows && command !== process.execPath });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.log(`\n${title} failed after ${seconds}s`);
    console.log('0 passed, 1 failed');
    process.exit(result.status ?? 1);
  }
  console.log(`--- ${title}: ok (${seconds}s)`);
}

step('lint', bin('eslint'), ['--max-warnings', '0', '.']);
for (const config of TSCONFIGS) step(`typecheck ${config}`, bin('tsc'), ['-p', config]);
step('build', process.execPath, ['--import', 'tsx', 'scripts/build.ts']);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const projects = process.argv.slice(2);
const run = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...projects.flatMap((p) => ['--project', p])], { stdio: 'inherit', shell: onWindows });

interface Report { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; testResults: { name: string; status: string }[] }
let summary: Report | undefined;
try {
  summary = JSON.parse(readFileSync(report, 'utf8')) as Report;
} catch {
  console.log('\nvitest wrote no report');
}
if (summary) {
  const skipped = summary.numPendingTests + summary.numTodoTests;
  const failedFiles = summary.testResults.filter((r) => r.status === 'failed').length;
  console.log(`\nvitest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped${failedFiles ? ` (${failedFiles} file(s) failed to run)` : ''}`);
  console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests + (run.status !== 0 && summary.numFailedTests === 0 ? 1 : 0)} failed, ${skipped} skipped`);
}
process.exit(run.status ?? 1);
