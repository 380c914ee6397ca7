import { parseArgs } from 'node:util';
import type { ImportOrigin } from '../../../shared/capture/envelope';
import type { ClientsReport } from '../../../shared/clients/evaluate';
import { questionLines } from '../../../shared/diagnosis/questions';
import { toProbeReport, type Diagnosis } from '../../../shared/diagnosis/diagnose';
import { LANE_NAMES } from '../../../shared/diagnosis/views/build-views';
import { UsageError, type Command, type CommandIo } from '../command';
import { CaptureInputError, readDiagnosedCapture } from '../../capture/diagnosed-capture';

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'Explain why the lanes of a saved capture differ, with frames as evidence (no network)',
  usage: 'parallax diagnose <capture.parallax[.gz] | bundle.zip | file.har | log.jsonl> [--json] [--clients]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv, options: { json: { type: 'boolean', default: false }, clients: { type: 'boolean', default: false } }, allowPositionals: true, strict: true,
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one capture, got ${positionals.length}` : 'which capture? Give its path');
    return diagnoseFile(positionals[0] as string, values.json, values.clients, io);
  },
};

async function diagnoseFile(path: string, json: boolean, clients: boolean, io: CommandIo): Promise<number> {
  let diagnosis: Diagnosis;
  let imported: ImportOrigin | undefined;
  try {
    ({ diagnosis, imported } = await readDiagnosedCapture(path));
  } catch (error) {
    if (error instanceof CaptureInputError) {
      io.err(`parallax diagnose: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (clients) {
    // Same object the Clients view reads (DiagnosisReport.clients), so the two agree.
    if (json) io.out(JSON.stringify({ capture: path, ...diagnosis.clients }));
    else io.out(describeClients(diagnosis.clients, path));
    return diagnosis.clients.clients.some((c) => c.lost > 0) ? 1 : 0;
  }
  if (json) io.out(JSON.stringify(toProbeReport(diagnosis, path)));
  else io.out(describe(diagnosis, path, imported));
  return diagnosis.differs ? 1 : 0;
}

const MARK = { kept: '.', changed: '~', 'at-risk': '?', dropped: 'X' } as const;

/** Tools down, clients across, one mark per cell; then each client's losses and notes with their rules and frames. */
function describeClients(report: ClientsReport, path: string): string {
  const lines = [report.verdict, ''];
  const width = Math.min(40, Math.max(4, ...report.rows.map((r) => r.tool.length)));
  lines.push(`  ${'tool'.padEnd(width)} ${report.clients.map((_, i) => String(i + 1).padStart(2)).join(' ')}`);
  for (const row of report.rows) {
    const name = row.tool.length > width ? `${row.tool.slice(0, width - 1)}…` : row.tool.padEnd(width);
    lines.push(`  ${name} ${report.clients.map((c) => MARK[row.cells[c.client]?.state ?? 'kept'].padStart(2)).join(' ')}`);
  }
  lines.push('', `  ${Object.entries(MARK).map(([state, mark]) => `${mark} ${state}`).join('   ')}`, '');
  report.clients.forEach((c, i) => {
    lines.push(`${String(i + 1).padStart(2)} ${c.name}: ${c.lost} lost, ${c.changed} changed, ${c.atRisk} at risk`);
    for (const note of c.notes) lines.push(`     ${note.rule} [${note.confidence}]: ${note.detail} (seq ${note.evidence.join(', ')})`);
    for (const row of report.rows) {
      const cell = row.cells[c.client];
      if (!cell || cell.state === 'kept' || cell.state === 'changed') continue;
      const hit = cell.hits.find((h) => h.effect === 'dropped' || h.effect === 'list-emptied') ?? cell.hits[0];
      if (hit) lines.push(`     ${row.tool.slice(0, 60)}: ${cell.state}, ${hit.rule} [${hit.confidence}]: ${hit.detail} (seq ${hit.evidence.join(', ')})`);
    }
  });
  lines.push('', `capture: ${path}`);
  return lines.join('\n');
}

function describe(diagnosis: Diagnosis, path: string, imported: ImportOrigin | undefined): string {
  const lines = [diagnosis.verdict, '', ...questionLines(diagnosis.questions)];
  for (const [lane, summary] of Object.entries(diagnosis.lanes)) {
    lines.push(`  ${LANE_NAMES[lane as keyof typeof LANE_NAMES].padEnd(11)} ${summary.status.padEnd(7)} ${summary.tools.length} tool(s)${summary.error ? `  ${summary.error}` : ''}`);
  }
  if (diagnosis.findings.length > 0) lines.push('');
  for (const finding of diagnosis.findings) {
    lines.push(`[${finding.severity}] ${finding.id}: ${finding.title}`, `    ${finding.detail}`);
    if (finding.evidence.length > 0) lines.push(`    evidence: seq ${finding.evidence.join(', ')}`);
    lines.push(`    fix: ${finding.fix}`);
  }
  lines.push('', `capture: ${path}`);
  for (const note of imported?.notes ?? []) lines.push(`  import: ${note}`);
  return lines.join('\n');
}
