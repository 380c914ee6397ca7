import { uniqueSeqs } from '../json';
import { referenceView } from '../tool-matrix';
import { LANE_NAMES } from '../views/build-views';
import { listingFailed, mcpConfigSeqs, mcpConfigsOf, type LaneView, type PlaygroundLaneView, type RealtimeLaneView } from '../views/lane-view';
import { nonPublicHostReason } from './non-public-host';
import { isOpenAiLane, type DiagnosisFinding, type Rule } from './rule';

type OpenAiView = RealtimeLaneView | PlaygroundLaneView;

/**
 * OpenAI's hosted MCP client connects from OpenAI's servers: a `server_url` on loopback, a private
 * range or a local-only name never works there. That holds whoever ran the lane, so it is named
 * against the local emulator too: as a warning when the emulator (which allows private addresses)
 * connected anyway, and as the error it is when the listing failed because of the address.
 */
export const reachabilityRule: Rule = ({ views, header }) => {
  const byUrl = new Map<string, { url: string; label: string; lanes: OpenAiView[] }>();
  for (const view of views.filter(isOpenAiLane) as OpenAiView[]) {
    for (const config of mcpConfigsOf(view)) {
      if (!config.server_url || !unreachableBecause(config.server_url, view)) continue;
      const entry = byUrl.get(config.server_url) ?? { url: config.server_url, label: config.server_label, lanes: [] };
      if (!entry.lanes.includes(view)) entry.lanes.push(view);
      byUrl.set(config.server_url, entry);
    }
  }
  return [...byUrl.values()].map(({ url, label, lanes }): DiagnosisFinding => {
    const emulated = (v: OpenAiView) => v.emulated || header?.emulated === true;
    // Against the emulator, only a refusal it was asked for, or a 424 while the server itself
    // answers every tool cleanly, is the address's doing; any other failure has its own finding.
    const failedForIt = lanes.filter((v) => emulated(v)
      ? listingFailed(v) && (PUBLIC_ONLY.test(urlOf(v)) || (REFUSED.test(v.error?.message ?? '') && serverLooksHealthy(views)))
      : listingFailed(v) || v.toolsState === 'not-loaded');
    // Lanes refused before listing (a rejected session.update) never went near the server.
    const reachedAnyway = lanes.filter((v) => emulated(v) && !failedForIt.includes(v) && (v.toolsState === 'listed' || listingFailed(v)));
    const reason = unreachableBecause(url, lanes[0] as OpenAiView) as string;
    const host = URL.canParse(url) ? new URL(url).host : url;
    const names = (vs: OpenAiView[]) => vs.map((v) => LANE_NAMES[v.lane]).join(' and ');
    const anyway = reachedAnyway.length > 0
      ? ` The local emulator behind ${names(reachedAnyway)} connected to it anyway (it allows private addresses) so the rest of the run can be seen; OpenAI's hosted client would end there with mcp_list_tools.failed (Responses: HTTP 424).`
      : '';
    return {
      id: 'openai.server-unreachable', severity: failedForIt.length > 0 ? 'error' : 'warning', lanes: lanes.map((v) => v.lane),
      title: `OpenAI cannot reach ${host}: ${reason}${failedForIt.length === 0 && reachedAnyway.length > 0 ? ' (the local emulator connected anyway)' : ''}`,
      detail: `${names(lanes)} ${lanes.length === 1 ? 'gives' : 'give'} OpenAI server_url ${url} (server_label ${label}). OpenAI's hosted MCP client connects from OpenAI's servers on the public Internet, where ${host} is ${reason}.${failedForIt.length > 0 ? ` The listing failed: ${failedForIt.map((v) => v.error?.message ?? v.toolsState).join('; ')}.` : ''}${anyway}`,
      evidence: uniqueSeqs(lanes.flatMap((v) => [...mcpConfigSeqs(v), ...v.toolsEvidence, ...v.serverAddresses.map((a) => a.seq)])),
      fix: `Expose the server on a public HTTPS URL (deploy it, or run a tunnel such as \`cloudflared tunnel --url ${URL.canParse(url) ? new URL(url).origin : url}\` or ngrok) and give that URL as server_url.`,
      // A run the emulator completed is not explained by the address: the verdict keeps to what happened.
      ...(failedForIt.length > 0 || !lanes.every(emulated) ? { headline: `OpenAI cannot reach ${host} (${reason})` } : {}),
    };
  });
};

/**
 * Why OpenAI cannot reach `url`: its host name or address says so, or every address the name
 * resolved to where the lane ran is loopback or private (a VPN, a split-horizon zone, /etc/hosts).
 */
function unreachableBecause(url: string, view: OpenAiView): string | null {
  const byName = nonPublicHostReason(url);
  if (byName || !URL.canParse(url)) return byName;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const resolved = view.serverAddresses.find((a) => a.host === host && a.addresses.length > 0);
  if (!resolved) return null;
  const reasons = resolved.addresses.map((address) => nonPublicHostReason(`http://${address.includes(':') ? `[${address}]` : address}/`));
  if (reasons.some((r) => r === null)) return null;
  return `a name that resolves only to ${resolved.addresses.slice(0, 3).join(', ')} (${reasons[0] as string}) where Parallax ran it`;
}

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

