import { z } from 'zod';
import { LaneId } from '../capture/envelope';
import { SchemaProblem } from '../tools/validate-value';
import { TaskRef } from './inspector-result';
import { Finding, LaneStatus } from './probe-report';

/**
 * One tool call as every lane made it, side by side: what `parallax call --json` prints and what
 * the Call panel shows. The Inspector lane's raw result, the hosted lanes' `mcp_call` output.
 */

export const SchemaVerdict = z.object({
  ok: z.union([z.boolean(), z.literal('unchecked')]),
  problems: z.array(SchemaProblem),
  reason: z.string().optional(),
});
export type SchemaVerdict = z.infer<typeof SchemaVerdict>;

/** result: the tool answered; error-result: it answered isError; failed: no answer (see error); not-called / skipped: the lane never got there. */
export const CallOutcome = z.enum(['result', 'error-result', 'failed', 'not-called', 'skipped']);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const LaneCall = z.object({
  lane: LaneId,
  status: LaneStatus,
  outcome: CallOutcome,
  /** Inspector: the raw `tools/call` result. */
  result: z.unknown().optional(),
  /** Hosted lanes: the `mcp_call` item's output text, as the API relayed it. */
  output: z.string().nullable().optional(),
  error: z.string().optional(),
  /** Inspector: where the result breaks the MCP CallToolResult schema. */
  resultProblems: z.array(SchemaProblem).optional(),
  /** Inspector: the task the call ran as, for a tool that requires one. */
  task: TaskRef.optional(),
  /** Inspector: structuredContent against the tool's outputSchema. */
  structuredContent: SchemaVerdict.optional(),
  evidence: z.array(z.number().int()),
});
export type LaneCall = z.infer<typeof LaneCall>;

export const CallReport = z.object({
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** The arguments against the tool's inputSchema as the Inspector lane listed it; absent when it did not list the tool. */
  argumentCheck: SchemaVerdict.optional(),
  lanes: z.array(LaneCall),
  findings: z.array(Finding),
  verdict: z.string(),
  capture: z.string(),
});
export type CallReport = z.infer<typeof CallReport>;

/** A call went through when every lane that ran got a result that fits the tool's and MCP's schemas. */
export function callSucceeded(report: Pick<CallReport, 'lanes'>): boolean {
  return report.lanes.every((lane) => lane.outcome === 'skipped'
    || (lane.outcome === 'result' && !lane.resultProblems?.length && lane.structuredContent?.ok !== false));
}

/** One MCP request (resources/read, prompts/get, ...) as the Inspector lane sent it: what `parallax read|prompt --json` prints. */
export const RequestReport = z.object({
  method: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** The lane's own status: failed when it could not connect. */
  status: LaneStatus,
  /** result: an answer; failed: an error answer or none (see error, errorCode). */
  outcome: z.enum(['result', 'failed']),
  result: z.unknown().optional(),
  schemaProblems: z.array(SchemaProblem).optional(),
  error: z.string().optional(),
  errorCode: z.number().int().optional(),
  evidence: z.array(z.number().int()),
  findings: z.array(Finding),
  capture: z.string(),
});
export type RequestReport = z.infer<typeof RequestReport>;
