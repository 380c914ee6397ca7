import { parseArgs } from 'node:util';
import { toProbeReport, type Diagnosis } from '../../../shared/diagnosis/diagnose';
import { LANE_NAMES } from '../../../shared/diagnosis/views/build-views';
import { UsageError, type Command, type CommandIo } from '../command';
import { CaptureInputError, readDiagnosedCapture } from '../diagnosed-capture';

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'Explain why the lanes of a saved capture differ, with frames as evidence (no network)',
  usage: 'parallax diagnose <capture.parallax[.gz] | bundle.zip> [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one capture, got ${positionals.length}` : 'which capture? Give its path');
    return diagnoseFile(positionals[0] as string, values.json, io);
  },
};

async function diagnoseFile(path: string, json: boolean, io: CommandIo): Promise<number> {
  let diagnosis: Diagnosis;
  try {
    ({ diagnosis } = await readDiagnosedCapture(path));
  } catch (error) {
    if (error instanceof CaptureInputError) {
      io.err(`parallax diagnose: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (json) io.out(JSON.stringify(toProbeReport(diagnosis, path)));
  else io.out(describe(diagnosis, path));
  return diagnosis.differs ? 1 : 0;
}

function describe(diagnosis: Diagnosis, path: string): string {
  const lines = [diagnosis.verdict, ''];
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
  return lines.join('\n');
}
