import { ProtocolError } from '@modelcontextprotocol/client';
import { z } from 'zod';
import type { LaneRequest, RequestOutcome } from '../../../shared/lanes/inspector-result';
import { resultSchemaProblems } from '../../../shared/tools/result-schema';
import type { Connection } from './connection';
import { explainRequestFailure } from './failure';
import { refuseTooDeep } from './depth-guard';
import { evidenceOf, rejectionGuard } from './lane-guard';

/** Accepts any result object, so a result that breaks the MCP schema is still kept and shown raw. */
const RawResult = z.looseObject({});

/**
 * Sends one request the user asked for and keeps whatever came back: the raw result (checked
 * against the MCP schema but never dropped for failing it), or the error with its JSON-RPC code.
 */
export async function sendLaneRequest(connection: Connection, request: LaneRequest, timeoutMs: number, signal: AbortSignal | undefined): Promise<RequestOutcome> {
  const outcome: RequestOutcome = { method: request.method, params: request.params, evidence: [] };
  const guard = rejectionGuard(connection.recorder, signal);
  try {
    const result = await connection.client.request({ method: request.method, params: request.params } as Parameters<Connection['client']['request']>[0], RawResult, { timeout: timeoutMs, signal: guard.signal });
    const tooDeep = refuseTooDeep(result, connection.recorder, `the ${request.method} result`);
    if (tooDeep) throw new Error(tooDeep);
    outcome.result = result;
    const problems = resultSchemaProblems(request.method, outcome.result);
    if (problems) outcome.schemaProblems = problems;
  } catch (error) {
    outcome.error = explainRequestFailure(guard.cause ?? error, connection);
    if (error instanceof ProtocolError) outcome.errorCode = error.code;
  } finally {
    guard.dispose();
    outcome.evidence = evidenceOf(connection, request.method);
  }
  return outcome;
}
