import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import { listingFailed, mcpConfigsOf, type LaneView, type PlaygroundLaneView, type RealtimeLaneView } from '../views/lane-view';
import { nonPublicHostReason } from './non-public-host';
import { isOpenAiLane, type DiagnosisFinding, type Rule } from './rule';

type OpenAiView = RealtimeLaneView | PlaygroundLaneView;

/**
 * OpenAI's hosted MCP client connects from OpenAI's servers: a `server_url` on loopback, a private
 * range or a local-only name never works there. Against the local emulator (which may allow it)
 * this stays quiet unless the listing failed.
 */
export const reachabilityRule: Rule = ({ views, header }) => views.filter(isOpenAiLane).flatMap((view) => {
  const openai = view as OpenAiView;
  const emulated = openai.emulated || header?.emulated === true;
  const failed = listingFailed(view) || (view.toolsState === 'not-loaded' && !emulated);
  if (emulated && !failed) return [];
  const seen = new Set<string>();
  return mcpConfigsOf(view).flatMap((config): DiagnosisFinding[] => {
    const url = config.server_url;
    if (!url || seen.has(url)) return [];
    seen.add(url);
    const reason = nonPublicHostReason(url);
    if (!reason) return [];
    const host = URL.canParse(url) ? new URL(url).host : url;
    return [{
      id: 'openai.server-unreachable', severity: failed ? 'error' : 'warning', lanes: [view.lane],
      title: `OpenAI cannot reach ${host}: ${reason}`,
      detail: `${LANE_NAMES[view.lane]} gives OpenAI server_url ${url} (server_label ${config.server_label}). OpenAI's hosted MCP client connects from OpenAI's servers on the public Internet, where ${host} is ${reason}.${failed ? ` The listing failed: ${view.error?.message ?? view.toolsState}.` : ' It can only work through the local emulator.'}`,
      evidence: uniqueSeqs([...configSeqs(view), ...view.toolsEvidence]),
      fix: `Expose the server on a public HTTPS URL (deploy it, or run a tunnel such as \`cloudflared tunnel --url ${URL.canParse(url) ? new URL(url).origin : url}\` or ngrok) and give that URL as server_url.`,
      headline: `OpenAI cannot reach ${host} (${reason})`,
    }];
  });
});

function configSeqs(view: LaneView): number[] {
  if (view.kind === 'realtime') return view.sessionUpdates.filter((u) => u.mcp.length > 0).map((u) => u.seq);
  if (view.kind === 'responses') return view.exchanges.filter((x) => x.mcp.length > 0).map((x) => x.requestSeq);
  return [];
}
