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
