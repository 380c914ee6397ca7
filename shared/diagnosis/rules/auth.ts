import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import { isHostRejection, mcpConfigsOf, type LaneView, type McpLaneView } from '../views/lane-view';
import { isOpenAiLane, type DiagnosisFinding, type Rule } from './rule';

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';

/** 401/403 from the server (with its WWW-Authenticate), OpenAI listings that failed on auth, and a token given twice. */
export const authRule: Rule = ({ views }) => [...refusals(views), ...openAiAuthFailures(views), ...givenTwice(views)];

function refusals(views: readonly LaneView[]): DiagnosisFinding[] {
  return views.filter(isMcp).flatMap((view): DiagnosisFinding[] => {
    // A Host-header refusal is DNS-rebinding protection, not credentials (mcp.host-rejected says so).
    const denied = view.refusals.filter((r) => (r.status === 401 || r.status === 403) && !isHostRejection(r));
    const first = denied[0];
    if (!first || view.toolsState === 'listed') return [];
    const challenge = denied.find((r) => r.wwwAuthenticate)?.wwwAuthenticate;
    return [{
      id: 'mcp.unauthorized', severity: 'error', lanes: [view.lane],
      title: `The server refused ${LANE_NAMES[view.lane]} with HTTP ${first.status}${challenge ? ` (WWW-Authenticate: ${challenge.slice(0, 120)})` : ''}`,
      detail: `${first.method ?? ''} ${first.url ?? ''} was answered ${first.status} (seq ${first.seq})${challenge ? `; the server asks for: ${challenge}` : ''}. ${first.status === 401 ? 'It needs credentials the client did not send or that it did not accept.' : 'The credentials were accepted but lack permission.'}`,
      evidence: uniqueSeqs(denied.flatMap((r) => [r.requestSeq, r.seq])),
      fix: 'Send a valid token: Inspector `--header "Authorization: Bearer <token>"`; OpenAI `"authorization": "<token>"` in the mcp tool (Parallax and OpenAI add "Bearer "), or `headers: {"Authorization": "Bearer <token>"}`, never both.',
      headline: `the server demands authorization (HTTP ${first.status}) from ${LANE_NAMES[view.lane]}`,
    }];
  });
}

/**
 * OpenAI's own API refusing the key (the WebSocket upgrade or POST /v1/responses answered 401/403)
 * is not the MCP server refusing OpenAI: nothing reached the server, and the fix is the key.
 */
function keyRefusal(view: LaneView): { status: number; seqs: number[]; message: string } | undefined {
  if (view.kind === 'realtime' && (view.upgradeStatus === 401 || view.upgradeStatus === 403)) {
    return { status: view.upgradeStatus, seqs: uniqueSeqs([view.upgradeRequestSeq, view.upgradeResponseSeq]), message: view.error?.message ?? `the upgrade was answered ${view.upgradeStatus}` };
  }
  if (view.kind === 'responses') {
    const refused = view.exchanges.find((x) => x.status === 401 || x.status === 403);
    if (refused) return { status: refused.status as number, seqs: uniqueSeqs([refused.requestSeq, refused.responseSeq, refused.error?.seq]), message: refused.error?.message ?? `POST /v1/responses was answered ${refused.status}` };
  }
  return undefined;
}

function openAiAuthFailures(views: readonly LaneView[]): DiagnosisFinding[] {
  // A 403 while a direct lane saw the server refuse the Host header is that refusal (mcp.host-rejected).
  const hostRejected = views.filter(isMcp).some((v) => v.refusals.some(isHostRejection));
  return views.filter(isOpenAiLane).flatMap((view): DiagnosisFinding[] => {
    const refused = keyRefusal(view);
    if (refused) {
      const where = view.kind === 'realtime' ? 'the Realtime WebSocket upgrade' : 'POST /v1/responses';
      return [{
        id: 'openai.api-key-refused', severity: 'error', lanes: [view.lane],
        title: `OpenAI refused the API key for ${LANE_NAMES[view.lane]} (HTTP ${refused.status})`,
        detail: `${where} was answered HTTP ${refused.status}: ${refused.message}. OpenAI stopped before its hosted MCP client ran, so nothing reached the MCP server and this says nothing about it.`,
        evidence: refused.seqs,
        fix: 'Set OPENAI_API_KEY (or the key in Setup) to a valid key for this project; it is sent as Authorization: Bearer <key>.',
        headline: `OpenAI refused the API key (HTTP ${refused.status}), so its hosted client never ran`,
      }];
    }
    const message = view.error?.message ?? '';
    const status = /\b(401|403)\b/.exec(message)?.[1];
    if (view.toolsState === 'listed' || !status) return [];
    if (status === '403' && hostRejected) return [];
    const configs = mcpConfigsOf(view);
    const sentToken = configs.some((c) => c.authorization || Object.keys(c.headers ?? {}).some((h) => h.toLowerCase() === 'authorization'));
    return [{
      id: 'openai.mcp-unauthorized', severity: 'error', lanes: [view.lane],
      title: `OpenAI's hosted client was refused by the server with HTTP ${status} while listing tools for ${LANE_NAMES[view.lane]}`,
      detail: `${message}. The mcp tool ${sentToken ? 'carries a token, which the server did not accept' : 'carries no authorization and no Authorization header'}.`,
      evidence: view.error?.evidence ?? view.toolsEvidence,
      fix: sentToken ? 'Check the token the mcp tool sends: `authorization` is the bare token (OpenAI adds "Bearer "); in `headers` write the whole "Bearer <token>".' : 'Add "authorization": "<token>" to the mcp tool (or headers: {"Authorization": "Bearer <token>"}).',
      headline: `the server refused OpenAI's hosted client with HTTP ${status}`,
    }];
  });
}

function givenTwice(views: readonly LaneView[]): DiagnosisFinding[] {
  return views.filter(isOpenAiLane).flatMap((view): DiagnosisFinding[] => {
    const twice = mcpConfigsOf(view).filter((c) => c.authorization !== undefined && Object.keys(c.headers ?? {}).some((h) => h.toLowerCase() === 'authorization'));
    if (twice.length === 0) return [];
    const labels = twice.map((c) => c.server_label);
    const sent = view.kind === 'realtime' ? view.sessionUpdates.filter((u) => u.mcp.some((c) => labels.includes(c.server_label))).flatMap((u) => [u.seq, u.error?.seq])
      : view.kind === 'responses' ? view.exchanges.filter((x) => x.mcp.some((c) => labels.includes(c.server_label))).flatMap((x) => [x.requestSeq, x.responseSeq, x.error?.seq]) : [];
    return [{
      id: 'openai.authorization-twice', severity: 'error', lanes: [view.lane],
      title: `The mcp tool ${labels.join(', ')} sets both authorization and headers.Authorization`,
      detail: 'OpenAI rejects an mcp tool that gives the token twice, before any import starts, so no tools are listed.',
      evidence: uniqueSeqs(sent),
      fix: 'Keep one: "authorization": "<token>" or headers: {"Authorization": "Bearer <token>"}.',
      headline: 'the mcp tool gives its token twice (authorization and headers.Authorization), which OpenAI rejects',
    }];
  });
}
