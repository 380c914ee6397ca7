import { uniqueSeqs } from '../json';
import { referenceView } from '../tool-matrix';
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
export const reachabilityRule: Rule = ({ views, header }) => {
  const byUrl = new Map<string, { url: string; label: string; lanes: OpenAiView[] }>();
  for (const view of views.filter(isOpenAiLane) as OpenAiView[]) {
    for (const config of mcpConfigsOf(view)) {
      if (!config.server_url || !nonPublicHostReason(config.server_url)) continue;
      const entry = byUrl.get(config.server_url) ?? { url: config.server_url, label: config.server_label, lanes: [] };
      if (!entry.lanes.includes(view)) entry.lanes.push(view);
      byUrl.set(config.server_url, entry);
    }
  }
  return [...byUrl.values()].flatMap(({ url, label, lanes }): DiagnosisFinding[] => {
    // The emulator may allow private addresses; there, only a refusal it was asked for, or a
    // 424 while the server itself answers every tool cleanly, points at the address.
    const relevant = lanes.filter((v) => !(v.emulated || header?.emulated === true)
      || (listingFailed(v) && (PUBLIC_ONLY.test(urlOf(v)) || (REFUSED.test(v.error?.message ?? '') && serverLooksHealthy(views)))));
    if (relevant.length === 0) return [];
    const failed = relevant.filter((v) => listingFailed(v) || v.toolsState === 'not-loaded');
    const reason = nonPublicHostReason(url) as string;
    const host = URL.canParse(url) ? new URL(url).host : url;
    return [{
      id: 'openai.server-unreachable', severity: failed.length > 0 ? 'error' : 'warning', lanes: relevant.map((v) => v.lane),
      title: `OpenAI cannot reach ${host}: ${reason}`,
      detail: `${relevant.map((v) => LANE_NAMES[v.lane]).join(' and ')} ${relevant.length === 1 ? 'gives' : 'give'} OpenAI server_url ${url} (server_label ${label}). OpenAI's hosted MCP client connects from OpenAI's servers on the public Internet, where ${host} is ${reason}.${failed.length > 0 ? ` The listing failed: ${failed.map((v) => v.error?.message ?? v.toolsState).join('; ')}.` : ''}`,
      evidence: uniqueSeqs(relevant.flatMap((v) => [...configSeqs(v), ...v.toolsEvidence])),
      fix: `Expose the server on a public HTTPS URL (deploy it, or run a tunnel such as \`cloudflared tunnel --url ${URL.canParse(url) ? new URL(url).origin : url}\` or ngrok) and give that URL as server_url.`,
      headline: `OpenAI cannot reach ${host} (${reason})`,
    }];
  });
};

/** How a refusal of an unreachable server reads (OpenAI reports these as 424). */
const REFUSED = /not a public address|cannot reach|Failed Dependency/i;
/** The emulator's per-connection fault that applies OpenAI's public-address rule. */
const PUBLIC_ONLY = /[?&]parallax_fault=[^&]*public-only/;

function urlOf(view: OpenAiView): string {
  return view.kind === 'realtime' ? view.url ?? '' : '';
}

/** The direct MCP client listed every tool without an error, a loop or a refusal: the server is not the problem. */
function serverLooksHealthy(views: readonly LaneView[]): boolean {
  const reference = referenceView(views);
  if (!reference || reference.toolsState !== 'listed' || reference.kind !== 'mcp') return false;
  return reference.tools.every((t) => !t.issues.some((i) => i.severity === 'error'))
    && !reference.listings.some((l) => l.stoppedBecause === 'cursor-loop')
    && !reference.refusals.some((r) => r.status === 401 || r.status === 403);
}

function configSeqs(view: LaneView): number[] {
  if (view.kind === 'realtime') return view.sessionUpdates.filter((u) => u.mcp.length > 0).map((u) => u.seq);
  if (view.kind === 'responses') return view.exchanges.filter((x) => x.mcp.length > 0).map((x) => x.requestSeq);
  return [];
}
