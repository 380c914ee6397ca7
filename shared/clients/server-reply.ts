import type { Envelope } from '../capture/envelope';
import { isRecord, parseRecord } from '../diagnosis/json';
import { referenceView } from '../diagnosis/tool-matrix';
import { mcpConfigsOf, type LaneView, type McpLaneView } from '../diagnosis/views/lane-view';
import type { ServerReply } from './conditions';

/** What `{server}` stands for when no lane names the server (the length a typical config name has). */
export const DEFAULT_SERVER_NAME = 'server';

/** Issue codes meaning the MCP SDK's own Tool schema refuses the tool (and with it the listing). */
const SDK_REJECTS = new Set(['sdk-schema', 'tool-not-object']);

/**
 * The server's reply as a diagnosed capture shows it: the reference lane's tools (the Server
 * lane behind the proxy, else the Inspector), its initialize result and any OAuth challenge.
 */
export function serverReplyOf(views: readonly LaneView[], envelopes: readonly Envelope[]): ServerReply {
  const reference = referenceView(views);
  const listed = reference?.toolsState === 'listed' ? reference.tools : [];
  const label = views.flatMap(mcpConfigsOf).map((c) => c.server_label).find((l) => typeof l === 'string' && l.length > 0);
  const mcpViews = views.filter((v): v is McpLaneView => v.kind === 'mcp');
  const challenge = mcpViews.flatMap((v) => v.refusals).find((r) => r.status === 401 && r.wwwAuthenticate !== undefined);
  return {
    tools: listed.map((t) => {
      const invalid = t.issues.find((i) => SDK_REJECTS.has(i.code));
      return { name: t.name, raw: t.raw, seq: t.seq, ...(invalid ? { invalid: `${invalid.path || 'the tool'}: ${invalid.message}` } : {}) };
    }),
    toolsEvidence: reference?.toolsState === 'listed' ? reference.toolsEvidence : [],
    serverName: label ?? DEFAULT_SERVER_NAME,
    ...capabilitiesOf(reference?.kind === 'mcp' ? reference : mcpViews[0], envelopes),
    ...(challenge ? { oauthChallenge: { seq: challenge.seq } } : {}),
  };
}

function capabilitiesOf(view: McpLaneView | undefined, envelopes: readonly Envelope[]): Pick<ServerReply, 'capabilities'> {
  const init = [...(view?.initializes ?? [])].reverse().find((i) => i.responseSeq !== undefined && i.error === undefined);
  if (!init || init.responseSeq === undefined) return {};
  const envelope = envelopes.find((e) => e.seq === init.responseSeq);
  const body = envelope ? parseRecord(envelope.raw) : undefined;
  const result = isRecord(body?.result) ? body.result : undefined;
  if (!result || !isRecord(result.capabilities)) return {};
  return { capabilities: { value: result.capabilities, seq: init.responseSeq } };
}
