import type { InspectorResult, McpClientLaneId } from '../../../shared/lanes/inspector-result';
import type { ProtocolRequest } from '../../../shared/lanes/protocol-revision';
import type { ProbeLane, ProbeOptions } from '../../probe/probe-lane';
import { runInspectorLane } from './inspector-lane';
import { redactHeaders } from './redact';
import { describeTarget, parseServerTarget } from './server-target';

/**
 * Parallax's own MCP client as a `parallax probe` lane, at the revision `protocolOf` picks. The
 * Inspector follows `--protocol`; the `era` lane is the same client at `--compare-protocol`, so one
 * server answering two eras shows side by side.
 */
function mcpClientProbeLane(id: McpClientLaneId, protocolOf: (options: ProbeOptions) => ProtocolRequest | undefined): ProbeLane {
  return {
    id,
    ...(id === 'era' ? { skipReason: (options: ProbeOptions) => (options.compareProtocol === undefined ? 'no revision to compare with: give --compare-protocol (or choose one in Setup)' : undefined) } : {}),
    config(options: ProbeOptions) {
      const target = parseServerTarget(options.server, { cwd: options.cwd, env: options.env });
      return {
        lane: id,
        conn: id,
        server: { target: describeTarget(target), transport: options.transport, protocol: protocolOf(options) ?? 'legacy', ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { envNames: Object.keys(options.env) } : {}) },
        settings: { capabilities: options.capabilities, headers: redactHeaders(options.headers), bearerToken: options.bearerToken ? '[redacted]' : undefined, call: options.call?.name, ...(options.requests?.length ? { requests: options.requests.map((r) => r.method) } : {}) },
      };
    },
    async run(options, sink, signal) {
      const result = await runInspectorLane({
        lane: id,
        connPrefix: id,
        target: parseServerTarget(options.server, { cwd: options.cwd, env: options.env }),
        transport: options.transport,
        protocol: protocolOf(options),
        headers: options.headers,
        bearerToken: options.bearerToken,
        capabilities: options.capabilities,
        ...(options.answers ? { answers: options.answers(id) } : {}),
        ...(options.roots ? { roots: options.roots } : {}),
        call: options.call,
        requests: options.requests,
        // One client keeps the user's connection: the era lane's second run is a snapshot.
        ...(options.connection && id === 'inspector' ? { connection: options.connection } : {}),
        listTools: options.listTools,
        requestTimeoutMs: options.requestTimeoutMs,
        ...(options.limits ? { limits: options.limits } : {}),
        signal,
      }, sink);
      return {
        summary: {
          status: result.status, tools: result.tools.map((t) => t.tool.name),
          ...(result.negotiation?.revision ? { protocol: result.negotiation.revision } : {}),
          ...(result.error ? { error: result.error.message } : {}),
        },
        detail: result,
        lines: describeResult(result),
      };
    },
  };
}

/** The Inspector lane as `parallax probe` runs it. */
export const inspectorProbeLane = mcpClientProbeLane('inspector', (options) => options.protocol);

/** The Inspector's client again, at the revision to compare with. */
export const eraProbeLane = mcpClientProbeLane('era', (options) => options.compareProtocol);

function describeResult(result: InspectorResult): string[] {
  const lines: string[] = [];
  for (const attempt of result.attempts) {
    lines.push(`  ${attempt.transport}: ${attempt.outcome}${attempt.status ? ` (HTTP ${attempt.status})` : ''}${attempt.outcome !== 'connected' && attempt.reason ? ` - ${attempt.reason}` : ''}`);
  }
  const hs = result.handshake;
  if (hs) {
    const server = hs.serverInfo ? `${String(hs.serverInfo.name)} ${String(hs.serverInfo.version ?? '')}`.trim() : 'unnamed server';
    lines.push(`  ${server}, protocol ${hs.negotiatedProtocolVersion ?? '?'} (offered ${hs.offeredProtocolVersion}), client capabilities: ${hs.capabilityProfile}`);
  }
  if (result.negotiation) lines.push(`  negotiation (--protocol ${result.negotiation.requested}): ${result.negotiation.revision ?? '?'} via ${result.negotiation.via}: ${result.negotiation.why}`);
  for (const { tool, issues } of result.tools) {
    const serious = issues.filter((i) => i.severity === 'error' || i.severity === 'warning' || i.severity === 'risk');
    lines.push(`  - ${tool.name}${serious.length ? `  [${serious.map((i) => `${i.severity}: ${i.code}`).join(', ')}]` : ''}`);
  }
  for (const listing of result.listings) {
    for (const issue of listing.issues.filter((i) => !i.path.startsWith('/tools/') || i.code === 'duplicate-name')) lines.push(`  ! ${issue.severity}: ${issue.message}`);
  }
  for (const frame of result.invalidFrames) lines.push(`  ! invalid frame #${frame.seq}: ${frame.reason}: ${frame.preview.trim()}`);
  if (result.call) lines.push(`  call ${result.call.name}: ${result.call.error ?? (result.call.isError ? 'isError: true' : 'ok')}`);
  for (const request of result.requests ?? []) lines.push(`  ${request.method}: ${request.error ?? (request.schemaProblems?.length ? `answered, but the result breaks the MCP schema at ${request.schemaProblems.map((p) => p.path).join(', ')}` : 'ok')}`);
  if (result.auth?.protectedResource) lines.push(`  auth: ${result.auth.protectedResource.detail}`);
  return lines;
}
