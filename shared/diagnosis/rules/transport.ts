import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import { listingFailed, type McpLaneView } from '../views/lane-view';
import { isOpenAiLane, type DiagnosisFinding, type Rule } from './rule';

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';
const REFUSALS: Record<number, string> = {
  400: '400 (the server refused the request shape)',
  404: '404 (nothing at this path)',
  405: '405 (the method is not allowed here: a legacy SSE endpoint answers POST this way)',
  406: '406 (the Accept header was refused: Streamable HTTP needs "application/json, text/event-stream")',
};

/**
 * How the MCP transport was chosen: a Streamable HTTP POST refused (400/404/405/406) and a legacy
 * SSE GET as fallback. A fallback that worked everywhere is not a problem; one that failed, or
 * one beside a failed OpenAI listing, is.
 */
export const transportRule: Rule = ({ views }) => {
  const openAiFailed = views.filter(isOpenAiLane).filter(listingFailed);
  return views.filter(isMcp).flatMap((view): DiagnosisFinding[] => {
    const refused = view.attempts.filter((a) => a.outcome !== 'connected');
    const connected = view.attempts.some((a) => a.outcome === 'connected') || view.toolsState === 'listed';
    const statuses = view.refusals.filter((r) => r.status in REFUSALS && r.method !== 'DELETE');
    const refusedByStatus = refused.some((a) => a.status !== undefined && a.status in REFUSALS) || statuses.length > 0;
    // A server that named the protocol revision as the reason (-32022) is reported by the protocol-version rule.
    const refusedVersion = view.initializes.some((i) => i.versionRefusal);
    if (!connected && refusedByStatus && !refusedVersion) {
      const path = view.target && URL.canParse(view.target) ? new URL(view.target).pathname : undefined;
      const hint = path?.endsWith('/sse') ? 'The URL ends in /sse, the legacy HTTP+SSE shape; a Streamable HTTP server usually lives at /mcp.'
        : path?.endsWith('/mcp') ? 'The URL ends in /mcp, the Streamable HTTP shape; a legacy SSE server (FastMCP\'s default) usually lives at /sse.' : '';
      return [{
        id: 'mcp.transport-mismatch', severity: 'error', lanes: [view.lane],
        title: `${LANE_NAMES[view.lane]} found no MCP transport that works at ${view.target ?? 'the URL'}`,
        detail: `${refused.map((a) => `${a.transport}: ${a.status !== undefined ? `HTTP ${REFUSALS[a.status] ?? a.status}` : a.reason ?? a.outcome}`).join('; ') || statuses.map((r) => `${r.method} ${r.url}: HTTP ${REFUSALS[r.status]}`).join('; ')}. ${hint}`.trim(),
        evidence: uniqueSeqs([...refused.map((a) => a.seq), ...statuses.map((r) => r.seq)]),
        fix: path?.endsWith('/mcp') ? 'Point the client at the server\'s SSE endpoint (e.g. /sse), or serve Streamable HTTP at /mcp (FastMCP: transport="streamable-http").'
          : path?.endsWith('/sse') ? 'Point the client at the server\'s Streamable HTTP endpoint (often /mcp), or choose the transport that matches the URL.'
            : 'Check the URL path and the server\'s transport: Streamable HTTP (POST to one endpoint, often /mcp) or legacy HTTP+SSE (GET /sse then POST to the endpoint it names).',
        headline: `${LANE_NAMES[view.lane]} cannot find a working MCP transport at ${view.target ?? 'the URL'}`,
      }];
    }
    const fellBack = view.attempts.filter((a) => a.outcome === 'fell-back');
    if (fellBack.length === 0 || openAiFailed.length === 0) return [];
    return [{
      id: 'mcp.transport-fallback', severity: 'warning', lanes: [view.lane, ...openAiFailed.map((v) => v.lane)],
      title: `The server needed the legacy SSE fallback, and ${openAiFailed.map((v) => LANE_NAMES[v.lane]).join(' and ')} failed to list its tools`,
      detail: `${LANE_NAMES[view.lane]}'s Streamable HTTP POST was refused (${fellBack.map((a) => `HTTP ${a.status !== undefined ? REFUSALS[a.status] ?? a.status : '?'}`).join(', ')}) and it connected over legacy SSE. OpenAI's hosted client is reported to fall back the same way; if it does not in your case, that may be why its listing failed (${openAiFailed.map((v) => v.error?.message ?? v.toolsState).join('; ')}).`,
      evidence: uniqueSeqs([...fellBack.map((a) => a.seq), view.transportSeq, ...openAiFailed.flatMap((v) => v.toolsEvidence)]),
      fix: 'Serve Streamable HTTP (FastMCP: transport="streamable-http", endpoint /mcp) and give OpenAI that URL; it removes the fallback from the picture.',
    }];
  });
};
