import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { McpLaneView, McpListing } from '../views/lane-view';
import { count, isOpenAiLane, type DiagnosisFinding, type Rule } from './rule';

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';
const pageSeqs = (listing: McpListing) => listing.pages.flatMap((p) => [p.requestSeq, p.responseSeq]);

/** tools/list pages: a paged list, a cursor that loops, and a client that read only the first page. */
export const paginationRule: Rule = ({ views }) => {
  const findings: DiagnosisFinding[] = [];
  const mcp = views.filter(isMcp);
  for (const view of mcp) {
    const loop = view.listings.find((l) => l.stoppedBecause === 'cursor-loop');
    if (loop) {
      const cursor = loop.pages.at(-1)?.nextCursor;
      findings.push({
        id: 'mcp.cursor-loop', severity: 'error', lanes: [view.lane],
        title: `tools/list pagination loops: nextCursor ${JSON.stringify(cursor)} comes back again`,
        detail: `${LANE_NAMES[view.lane]} followed nextCursor through ${count(loop.pages.length, 'page')} and was handed ${JSON.stringify(cursor)} a second time (seq ${loop.pages.at(-1)?.responseSeq}). A client that follows cursors never finishes; OpenAI's hosted client may give up and fail the whole listing.`,
        evidence: uniqueSeqs(pageSeqs(loop)),
        fix: 'Make the server return a fresh cursor for each next page and omit nextCursor on the last page.',
        headline: 'the server\'s tools/list pagination loops forever',
      });
      continue;
    }
    const paged = view.listings.find((l) => l.pages.length > 1 && l.stoppedBecause === 'end');
    const reference = paged?.pages.reduce((n, p) => n + p.toolCount, 0) ?? 0;
    const firstPage = paged?.pages[0]?.toolCount ?? 0;
    const shortLanes = paged ? views.filter((v) => isOpenAiLane(v) && v.toolsState === 'listed' && v.tools.length === firstPage && firstPage < reference) : [];
    if (paged && shortLanes.length > 0) {
      findings.push({
        id: 'mcp.one-page-read', severity: 'error', lanes: shortLanes.map((v) => v.lane),
        title: `${shortLanes.map((v) => LANE_NAMES[v.lane]).join(' and ')} read only the first of ${paged.pages.length} tools/list pages`,
        detail: `The server lists ${count(reference, 'tool')} over ${count(paged.pages.length, 'page')} (${paged.pages.map((p) => p.toolCount).join(' + ')}); ${shortLanes.map((v) => `${LANE_NAMES[v.lane]} shows ${v.tools.length}`).join(', ')}: exactly the first page.`,
        evidence: uniqueSeqs([...pageSeqs(paged), ...shortLanes.flatMap((v) => v.toolsEvidence)]),
        fix: 'Until the client follows nextCursor, return every tool on one page (most servers need no pagination below a few hundred tools).',
      });
    } else if (paged) {
      findings.push({
        id: 'mcp.paginated', severity: 'info', lanes: [view.lane],
        title: `The server lists its ${count(reference, 'tool')} over ${count(paged.pages.length, 'page')}`,
        detail: `tools/list answered ${paged.pages.map((p) => p.toolCount).join(' + ')} tools, linked by nextCursor. Clients that read one page (the MCP SDK's listTools(), some auto-refreshes, Inspector CLI v1) see only the first ${firstPage}.`,
        evidence: uniqueSeqs(pageSeqs(paged)),
        fix: 'Keep pagination only if the list is really long; otherwise return all tools on one page so every client sees them.',
      });
    }
    // A walk that stopped with a cursor nobody followed: this client itself read one page.
    const unfollowed = view.listings.find((l) => l.stoppedBecause === 'unfollowed');
    if (unfollowed) {
      findings.push({
        id: 'mcp.one-page-read', severity: 'warning', lanes: [view.lane],
        title: `A client on ${LANE_NAMES[view.lane]} stopped after page ${unfollowed.pages.length} although the server offered nextCursor`,
        detail: `The last tools/list answer (seq ${unfollowed.pages.at(-1)?.responseSeq}) carries nextCursor ${JSON.stringify(unfollowed.pages.at(-1)?.nextCursor)}, and no request for it followed on connection ${unfollowed.conn}. That client sees only ${count(unfollowed.pages.reduce((n, p) => n + p.toolCount, 0), 'tool')}.`,
        evidence: uniqueSeqs(pageSeqs(unfollowed)),
        fix: 'Loop on nextCursor until it is absent (with the MCP SDK: call client.listTools({cursor}) again), or serve every tool on one page.',
      });
    }
  }
  return findings;
};
