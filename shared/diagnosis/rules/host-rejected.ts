import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import { isHostRejection, type McpLaneView } from '../views/lane-view';
import { isOpenAiLane, type DiagnosisFinding, type Rule } from './rule';

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';
/** How OpenAI's connector words a listing the server refused this way. */
const HOSTED_HOST_REFUSAL = /Http status code: 421|Invalid Host/i;

/**
 * DNS-rebinding protection refusing the Host header. A server bound to loopback (FastMCP, the SDKs'
 * localhost defaults) allows only `localhost`/`127.0.0.1`; behind a tunnel or reverse proxy the
 * request carries the public host name, the server answers 421 or 403, and OpenAI reports 424.
 */
export const hostRejectedRule: Rule = ({ views }) => {
  const direct = views.filter(isMcp).flatMap((view) => view.refusals.filter(isHostRejection).map((r) => ({ view, r })));
  // A hosted 403 is the same refusal when a direct lane saw the server name the Host header.
  const hosted = views.filter(isOpenAiLane).filter((v) => v.toolsState !== 'listed' && (HOSTED_HOST_REFUSAL.test(v.error?.message ?? '') || (direct.length > 0 && /\b403\b/.test(v.error?.message ?? ''))));
  if (direct.length === 0 && hosted.length === 0) return [];
  const first = direct[0];
  const host = first?.r.url && URL.canParse(first.r.url) ? new URL(first.r.url).host : undefined;
  const said = first?.r.body ? ` and said ${JSON.stringify(first.r.body.slice(0, 160))}` : '';
  const lanes = [...new Set([...direct.map((d) => d.view.lane), ...hosted.map((v) => v.lane)])];
  const finding: DiagnosisFinding = {
    id: 'mcp.host-rejected', severity: 'error', lanes,
    title: `The server refuses the Host header${host ? ` ${host}` : ''} (DNS-rebinding protection)`,
    detail: [
      first ? `${first.r.method ?? ''} ${first.r.url ?? ''} was answered ${first.r.status} (seq ${first.r.seq})${said}.` : '',
      hosted.length > 0 ? `${hosted.map((v) => LANE_NAMES[v.lane]).join(' and ')}: ${hosted[0]?.error?.message ?? ''}.` : '',
      'A server that protects against DNS rebinding accepts only the host names it was told (often just localhost). Behind a tunnel or a reverse proxy every request carries the public name, so the server refuses them all, and OpenAI reports the listing as failed with HTTP 424 (reported for FastMCP bound to loopback).',
    ].filter(Boolean).join(' '),
    evidence: uniqueSeqs([...direct.flatMap((d) => [d.r.requestSeq, d.r.seq, d.r.bodySeq]), ...hosted.flatMap((v) => v.error?.evidence ?? [])]),
    fix: 'Add the public host name to the server\'s allowed hosts (TypeScript SDK: allowedHosts on the transport or createMcpExpressApp; Python SDK/FastMCP: transport_security=TransportSecuritySettings(allowed_hosts=[...])), or have the tunnel pass Host: localhost; turn the protection off only behind a proxy you trust.',
    headline: `the server's DNS-rebinding protection refuses the Host header${host ? ` ${host}` : ''} (HTTP ${first?.r.status ?? 421})`,
  };
  return [finding];
};
