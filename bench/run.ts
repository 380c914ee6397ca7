// `npm run bench [-- <name> [options]]`: runs bench/<name>.bench.ts, or every benchmark in turn,
// then prints every headline figure in one table with the machine it ran on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURES_FILE_ENV, type Figure } from './figures';

const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
const [name, ...options] = process.argv.slice(2);
if (name !== undefined && !available.includes(name)) {
  console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
  process.exit(2);
}
const scratch = mkdtempSync(join(os.tmpdir(), 'parallax-bench-figures-'));
const figuresFile = join(scratch, 'figures.jsonl');
let failed = false;
for (const bench of name ? [name] : available) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${dir}${bench}.bench.ts`, ...options], {
    stdio: 'inherit', env: { ...process.env, [FIGURES_FILE_ENV]: figuresFile },
  });
  if (result.status !== 0) console.log(`(${bench} exited with ${result.status ?? result.signal})`);
  failed ||= result.status !== 0;
}
const figures: Figure[] = existsSync(figuresFile) ? readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Figure) : [];
rmSync(scratch, { recursive: true, force: true });
printTable(figures);
process.exit(failed ? 1 : 0);

function printTable(rows: Figure[]): void {
  const cpus = os.cpus();
  console.log(`\n=== figures: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.versions.node}, ${os.platform()} ${os.arch()}`);
  const header = ['figure', 'measured', 'baseline', 'ratio', 'target', 'met?'];
  const body = rows.map((f) => [f.name, f.measured, f.baseline, f.ratio.toFixed(3), f.target, f.met ? 'yes' : 'NO']);
  const widths = header.map((title, c) => Math.max(title.length, ...body.map((r) => r[c]?.length ?? 0)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of body) console.log(line(r));
  const missed = rows.filter((f) => !f.met);
  console.log(missed.length ? `missed: ${missed.map((f) => f.name).join('; ')}` : rows.length ? 'every target met' : 'no figures were reported');
}
