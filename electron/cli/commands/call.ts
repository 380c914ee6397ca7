import { parseArgs } from 'node:util';
import { callSucceeded, type CallReport, type LaneCall } from '../../../shared/lanes/call-report';
import { callReportOf } from '../../probe/call-report';
import { UsageError, type Command, type CommandIo } from '../command';
import { describeContent } from '../describe-content';
import { parseArgumentsJson, parseLanes, probeOptionsFrom, recordRun, SERVER_USAGE, serverFlagOptions, withEraLane } from '../probe-flags';
import { probeLanes } from '../../probe/lanes';

const USAGE = [
  'parallax call <url | "stdio:<command line>"> <tool> [--arguments JSON]',
  ...SERVER_USAGE,
].join('\n');

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function printLane(lane: LaneCall, io: CommandIo): void {
  io.out(`${lane.lane}: ${lane.outcome}${lane.error ? ` - ${lane.error}` : ''}`);
  if (lane.outcome === 'skipped') return;
  const result = isRecord(lane.result) ? lane.result : undefined;
  for (const line of describeContent(result?.content)) io.out(`  ${line}`);
  if (result && 'structuredContent' in result) io.out(`  structuredContent: ${JSON.stringify(result.structuredContent)}`);
  if (lane.output !== undefined) io.out(`  output: ${lane.output ?? '(none)'}`);
  if (lane.structuredContent && lane.structuredContent.ok !== 'unchecked') {
    io.out(`  outputSchema: ${lane.structuredContent.ok ? 'structuredContent fits' : `does not fit: ${lane.structuredContent.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`}`);
  }
  for (const problem of lane.resultProblems ?? []) io.out(`  ! the result breaks the MCP schema at ${problem.path}: ${problem.message}`);
}

export const callCommand: Command = {
  name: 'call',
  summary: 'Call one tool through the chosen lanes (default: the Inspector lane) and record it to a capture',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { arguments: { type: 'string' }, ...serverFlagOptions }, allowPositionals: true, strict: true });
    if (positionals.length !== 2) throw new UsageError(`call needs a server and a tool name, got ${positionals.length} argument(s)`);
    const [server, tool] = positionals as [string, string];
    const args = parseArgumentsJson(values.arguments);
    const options = { ...await probeOptionsFrom(server, values), call: { name: tool, arguments: args } };
    // The OpenAI lanes cost a model turn each: they run only when asked for.
    const lanes = withEraLane(parseLanes(values.lanes, probeLanes.filter((lane) => lane.id === 'inspector')), options);
    const run = await recordRun('call', lanes, options, values.out, io);
    if (!run) return 2;
    const report: CallReport = {
      tool, arguments: args, ...callReportOf(run.outcome.runs, tool, args),
      findings: run.diagnosis.findings, verdict: run.diagnosis.verdict, capture: run.capturePath,
    };
    if (values.json) {
      io.out(JSON.stringify(report));
    } else {
      const check = report.argumentCheck;
      if (check?.ok === false) io.out(`! the arguments do not fit ${tool}'s inputSchema (sent anyway): ${check.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
      for (const lane of report.lanes) printLane(lane, io);
      for (const finding of report.findings) io.out(`[${finding.severity}] ${finding.title} (${finding.id})`);
      io.out(`capture: ${report.capture}`);
    }
    return callSucceeded(report) ? 0 : 1;
  },
};
