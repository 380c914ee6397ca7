import type { LaneRequest, InspectorResult } from '../../shared/lanes/inspector-result';
import type { RequestReport } from '../../shared/lanes/call-report';
import { probeLanes } from '../probe/lanes';
import { UsageError, type CommandIo } from './command';
import { describeContent } from './describe-content';
import { probeOptionsFrom, recordRun, type ServerFlagValues } from './probe-flags';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the plain output shows of a result: resources' contents or a prompt's messages, block by block. */
function describeResult(result: unknown): string[] {
  if (!isRecord(result)) return [];
  if (Array.isArray(result.contents)) {
    return result.contents.map((entry) => (isRecord(entry)
      ? `${String(entry.uri ?? '?')}${typeof entry.mimeType === 'string' ? ` (${entry.mimeType})` : ''}: ${typeof entry.text === 'string' ? entry.text : typeof entry.blob === 'string' ? `[${Math.floor(entry.blob.length * 3 / 4)} bytes]` : '?'}`
      : JSON.stringify(entry)));
  }
  if (Array.isArray(result.messages)) {
    return [
      ...(typeof result.description === 'string' ? [`description: ${result.description}`] : []),
      ...result.messages.flatMap((message) => (isRecord(message) ? describeContent([message.content]).map((line) => `${String(message.role ?? '?')}: ${line}`) : [])),
    ];
  }
  return [JSON.stringify(result)];
}

/**
 * Sends one MCP request through the Inspector lane (no tool listing: a server may offer only
 * resources or prompts) into a new capture, and prints it. Exit 0 for an answer that fits the
 * MCP schema, 1 for an error or a misfit, 2 for bad usage.
 */
export async function runRequestCommand(command: string, server: string, request: LaneRequest, values: ServerFlagValues, io: CommandIo): Promise<number> {
  if (values.lanes !== undefined && values.lanes.split(',').some((id) => id.trim() !== 'inspector')) {
    throw new UsageError(`${command} runs through the Inspector lane only: the OpenAI lanes reach MCP servers through tools alone`);
  }
  const options = { ...await probeOptionsFrom(server, values), requests: [request], listTools: false };
  const run = await recordRun(command, probeLanes.filter((lane) => lane.id === 'inspector'), options, values.out, io);
  if (!run) return 2;
  const lane = run.outcome.runs.inspector;
  const detail = lane?.detail as InspectorResult | undefined;
  const outcome = detail?.requests?.[0];
  const error = outcome?.error ?? lane?.summary.error;
  const report: RequestReport = {
    method: request.method, params: request.params, status: lane?.summary.status ?? 'failed',
    outcome: outcome && outcome.error === undefined ? 'result' : 'failed',
    ...(outcome && 'result' in outcome ? { result: outcome.result } : {}),
    ...(outcome?.schemaProblems ? { schemaProblems: outcome.schemaProblems } : {}),
    ...(error ? { error } : {}),
    ...(outcome?.errorCode !== undefined ? { errorCode: outcome.errorCode } : {}),
    evidence: outcome?.evidence ?? detail?.error?.evidence ?? [],
    findings: run.diagnosis.findings, capture: run.capturePath,
  };
  if (values.json) {
    io.out(JSON.stringify(report));
  } else {
    io.out(`${request.method}: ${report.outcome === 'result' ? 'ok' : `failed - ${report.error ?? 'no answer'}${report.errorCode !== undefined ? ` (error ${report.errorCode})` : ''}`}`);
    for (const line of describeResult(report.result)) io.out(`  ${line}`);
    for (const problem of report.schemaProblems ?? []) io.out(`  ! the result breaks the MCP schema at ${problem.path}: ${problem.message}`);
    io.out(`capture: ${report.capture}`);
  }
  return report.outcome === 'result' && !report.schemaProblems?.length ? 0 : 1;
}
