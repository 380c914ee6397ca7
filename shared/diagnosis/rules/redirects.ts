import type { Envelope, LaneId } from '../../capture/envelope';
import { parseRecord, uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { DiagnosisFinding, Rule } from './rule';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface Redirect {
  evidence: number[];
  from: string;
  to: string;
  followed: boolean;
}

const withoutQuery = (url: URL) => `${url.origin}${url.pathname}`;

/** A 3xx whose Location names another origin (an http to https move on the same host counts as the same). */
function crossOriginRedirect(request: Envelope, response: Envelope): Redirect | undefined {
  if (!REDIRECT_STATUSES.has(response.http?.status ?? 0) || !request.http?.url) return undefined;
  const location = response.http?.headers?.find(([name]) => name.toLowerCase() === 'location')?.[1];
  if (!location) return undefined;
  let from: URL;
  let to: URL;
  try {
    from = new URL(request.http.url);
    to = new URL(location, from);
  } catch {
    return undefined;
  }
  const sameHost = from.hostname === to.hostname && (from.port === to.port || (from.protocol === 'http:' && to.protocol === 'https:' && !from.port && !to.port));
  if (sameHost) return undefined;
  return { evidence: [request.seq, response.seq], from: withoutQuery(from), to: withoutQuery(to), followed: false };
}

/**
 * Redirects to another origin, seen two ways: a 3xx on the wire that the client did not follow
 * (the official SDK 2.x transports follow a redirect only within the origin and keeping the
 * method, `redirectPolicy: 'same-origin'` by default: `fetchWithinOrigin` in
 * @modelcontextprotocol/client), and a `redirected` meta where plain fetch followed one out of
 * sight, which by the Fetch standard drops the Authorization header on the way
 * (https://fetch.spec.whatwg.org/#http-redirect-fetch). Either way two clients of one URL talk
 * to different servers, or one of them to none.
 */
export const redirectsRule: Rule = ({ envelopes }) => {
  const byLane = new Map<LaneId, Redirect[]>();
  const add = (lane: LaneId, redirect: Redirect) => byLane.set(lane, [...(byLane.get(lane) ?? []), redirect]);
  const requests = new Map<string, Envelope>();
  for (const envelope of envelopes) {
    const exchange = envelope.http?.exchange;
    if (envelope.layer === 'http' && exchange && envelope.http?.phase === 'request') requests.set(exchange, envelope);
    if (envelope.layer === 'http' && exchange && envelope.http?.phase === 'response') {
      const request = requests.get(exchange);
      const redirect = request && crossOriginRedirect(request, envelope);
      if (redirect) add(envelope.lane, redirect);
    }
    if (envelope.layer !== 'meta' || !envelope.raw.includes('"redirected"')) continue;
    const meta = parseRecord(envelope.raw);
    if (meta?.kind !== 'redirected' || meta.crossOrigin !== true || typeof meta.from !== 'string' || typeof meta.to !== 'string') continue;
    add(envelope.lane, { evidence: [envelope.link?.carrier, envelope.seq].filter((s): s is number => s !== undefined), from: meta.from, to: meta.to, followed: true });
  }
  return [...byLane].map(([lane, redirects]): DiagnosisFinding => {
    const first = redirects[0] as Redirect;
    const more = redirects.length > 1 ? ` (and ${redirects.length - 1} more)` : '';
    const what = first.followed
      ? 'The HTTP client followed it on its own and, as the Fetch standard requires across origins, without the Authorization header'
      : 'The client did not follow it: the official MCP SDK (2.x) follows redirects only within the origin unless told otherwise (redirectPolicy "same-origin"), while clients built on plain fetch follow it and drop the Authorization header';
    return {
      id: 'mcp.redirected-cross-origin', severity: 'warning', lanes: [lane],
      title: `${LANE_NAMES[lane]} was redirected to another origin`,
      detail: `${first.from} redirected to ${first.to}${more}. ${what}; so clients of one URL can end up at different servers, or at none.`,
      evidence: uniqueSeqs(redirects.flatMap((r) => r.evidence)),
      fix: `Give clients the final URL (${first.to}) directly, or serve the MCP endpoint without a redirect.`,
    };
  });
};
