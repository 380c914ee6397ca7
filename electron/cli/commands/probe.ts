import { parseArgs } from 'node:util';
import { questionLines } from '../../../shared/diagnosis/questions';
import { toProbeReport } from '../../../shared/diagnosis/diagnose';
import type { ProbeReport } from '../../../shared/lanes/probe-report';
import type { ProbeOptions } from '../../probe/probe-lane';
import { UsageError, type Command } from '../command';
import { parseArgumentsJson, parseLanes, probeOptionsFrom, recordRun, SERVER_USAGE, serverFlagOptions, withEraLane } from '../probe-flags';

const USAGE = [
  'parallax probe --server <url | "stdio:<command line>"> [--call TOOL [--arguments JSON]]',
  ...SERVER_USAGE,
].join('\n');

function parseCall(name: string | undefined, json: string | undefined): ProbeOptions['call'] {
  if (!name) {
    if (json !== undefined) throw new UsageError('--arguments needs --call TOOL');
    return undefined;
  }
  return { name, arguments: parseArgumentsJson(json) };
}

export const probeCommand: Command = {
  name: 'probe',
  summary: 'Look at one MCP server through each lane and record everything to a capture',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { server: { type: 'string' }, call: { type: 'string' }, arguments: { type: 'string' }, ...serverFlagOptions },
      strict: true,
    });
    const options: ProbeOptions = { ...await probeOptionsFrom(values.server, values), call: parseCall(values.call, values.arguments) };
    const lanes = withEraLane(parseLanes(values.lanes), options);
    const run = await recordRun('probe', lanes, options, values.out, io);
    if (!run) return 2;
    const { outcome, diagnosis, capturePath } = run;
    const ranOk = Object.values(outcome.report.lanes).every((lane) => lane.status !== 'failed');
    const exitCode = ranOk && !diagnosis.differs ? 0 : 1;
    const report: ProbeReport & { verdict: string } = { ...toProbeReport(diagnosis, capturePath), lanes: outcome.report.lanes };
    if (values.json) {
      io.out(JSON.stringify(report));
    } else {
      for (const lane of lanes) {
        const run = outcome.runs[lane.id];
        if (!run) continue;
        const { status, tools, error } = run.summary;
        io.out(`${lane.id}: ${status}${status === 'skipped' ? ` (${error ?? 'no reason given'})` : `, ${tools.length} tool(s)`}${status === 'failed' && error ? `\n  error: ${error}` : ''}`);
        for (const line of run.lines ?? []) io.out(line);
      }
      io.out('');
      io.out(`verdict: ${diagnosis.verdict}`);
      for (const line of questionLines(diagnosis.questions)) io.out(line === '' ? line : `  ${line}`);
      for (const finding of diagnosis.findings) {
        io.out(`  [${finding.severity}] ${finding.title} (${finding.id}${finding.evidence.length ? `; frames ${finding.evidence.slice(0, 8).join(', ')}` : ''})`);
        io.out(`    fix: ${finding.fix}`);
      }
      io.out(`capture: ${capturePath}`);
    }
    return exitCode;
  },
};
