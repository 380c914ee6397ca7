import { sessionlessRevisions } from '../../lanes/protocol-revision';
import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { McpLaneView } from '../views/lane-view';
import type { DiagnosisFinding, Rule } from './rule';

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';
/** Versions OpenAI's hosted client has been reported to request. */
const OPENAI_REQUESTED = ['2025-03-26', '2025-06-18', '2025-11-25'];

/** A server that answers initialize with an older protocol than the client offered (it must not error, it counters). */
export const protocolVersionRule: Rule = ({ views }) => views.filter(isMcp).flatMap((view): DiagnosisFinding[] => {
  const downgraded = view.initializes.filter((i) => i.offered && i.negotiated && i.offered !== i.negotiated);
  const first = downgraded[0];
  if (!first) return [];
  const old = !OPENAI_REQUESTED.includes(first.negotiated as string);
  return [{
    id: 'mcp.protocol-version-downgraded', severity: old ? 'warning' : 'info', lanes: [view.lane],
    title: `The server answered protocol ${first.negotiated} to ${LANE_NAMES[view.lane]}'s ${first.offered}`,
    detail: `initialize (seq ${first.requestSeq}) offered ${first.offered}; the server answered ${first.negotiated} (seq ${first.responseSeq}). Features newer than ${first.negotiated} (tool annotations, titles, outputSchema, structured content) may be missing or ignored.${old ? ` OpenAI's hosted client has been reported to request ${OPENAI_REQUESTED.join(', ')}; it may refuse ${first.negotiated}.` : ''}`,
    evidence: uniqueSeqs(downgraded.flatMap((i) => [i.requestSeq, i.responseSeq])),
    fix: `Upgrade the server's MCP SDK so it supports ${first.offered} (the Python SDK, FastMCP and the TypeScript SDK all do in their current releases).`,
  }];
});

/**
 * The server refused the client's revision with -32022 and listed the ones it supports, none of
 * which the client offered: the two share no revision, so the client sees no tools at all. The
 * common case today is a 2026-07-28-only server reached by a 2025-era client.
 */
export const sharedRevisionRule: Rule = ({ views }) => views.filter(isMcp).flatMap((view): DiagnosisFinding[] => {
  const refused = view.initializes.filter((i) => i.versionRefusal);
  const first = refused[0];
  if (!first?.versionRefusal || view.toolsState === 'listed') return [];
  const { supported } = first.versionRefusal;
  const offered = first.versionRefusal.requested ?? first.offered ?? '?';
  const sessionless = sessionlessRevisions(supported);
  return [{
    id: 'mcp.no-shared-revision', severity: 'error', lanes: [view.lane],
    title: `${LANE_NAMES[view.lane]} and the server share no MCP protocol revision`,
    detail: `initialize (seq ${first.requestSeq}) offered ${offered}; the server answered error -32022 "unsupported protocol version" (seq ${first.responseSeq ?? '?'}) and supports ${supported.join(', ') || 'nothing it named'}.${sessionless.length > 0 ? ` ${sessionless.join(', ')} is the sessionless revision: clients reach it with server/discover, not initialize, so every 2025-era client (SDK 1.x, and any client pinned to a 2025 revision) sees this refusal and no tools.` : ''}`,
    evidence: uniqueSeqs(refused.flatMap((i) => [i.requestSeq, i.responseSeq])),
    fix: sessionless.length > 0
      ? 'Serve 2025 clients too (TypeScript SDK 2.x: createMcpHandler(factory, { legacy: "stateless" }) instead of "reject"), or move the client to a 2026-07-28 SDK with version negotiation (SDK 2.x: versionNegotiation: { mode: "auto" }; Parallax: --protocol auto).'
      : `Make the server support ${offered}, or the client offer one of ${supported.join(', ')}.`,
  }];
});
