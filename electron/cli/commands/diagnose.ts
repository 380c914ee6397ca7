import { parseArgs } from 'node:util';
import { CaptureFormatError } from '../../../shared/capture/capture-lines';
import type { Envelope } from '../../../shared/capture/envelope';
import { diagnose, toProbeReport, type Diagnosis } from '../../../shared/diagnosis/diagnose';
import { LANE_NAMES } from '../../../shared/diagnosis/views/build-views';
import { BundleFormatError } from '../../../shared/bundle/manifest';
import { openCaptureOrBundle } from '../../capture/open-capture-or-bundle';
import { UsageError, type Command, type CommandIo } from '../command';

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
  let source;
  try {
    source = await openCaptureOrBundle(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof CaptureFormatError || error instanceof BundleFormatError || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      io.err(`parallax diagnose: cannot read ${path}: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
  const { capture } = source;
  try {
    const envelopes: Envelope[] = [];
    for await (const envelope of capture.envelopes()) envelopes.push(envelope);
    const diagnosis = diagnose(envelopes, capture.header, { skipped: capture.skipped });
    if (json) io.out(JSON.stringify(toProbeReport(diagnosis, path)));
    else io.out(describe(diagnosis, path));
    return diagnosis.differs ? 1 : 0;
  } finally {
    await source.close();
  }
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
