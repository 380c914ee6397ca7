import { toolEnabled, legacyToolEnabled, MCP_CLIENT_BETA_DEPRECATED, type ClaudeMcpServer, type ClaudeMcpToolset } from '../../anthropic/mcp-connector-request';
import type { Envelope, LaneId } from '../../capture/envelope';
import { headerValue, isRecord, parseRecord, stringOf, uniqueSeqs } from '../json';
import type { ClaudeExchangeView, ClaudeLaneView, ViewTool } from './lane-view';
import { claudeToolCall } from './tool-calls';

const EMULATOR_HEADER = 'x-parallax-emulator';

/**
 * The Claude lane's point of view (Anthropic's Messages API MCP connector) rebuilt from its
 * envelopes: each `POST /v1/messages` with its `mcp_servers` and `mcp_toolset` entries, and the
 * message or error that came back, down to the `mcp_tool_listing` and `mcp_tool_use` blocks.
 */
export function buildClaudeView(lane: LaneId, envelopes: readonly Envelope[]): ClaudeLaneView {
  const view: ClaudeLaneView = {
    kind: 'claude', lane, status: 'failed', tools: [], toolsState: 'not-run', toolsEvidence: [], steps: [], calls: [], unreadable: [],
    emulated: false, exchanges: [], disabled: [], listingUnreported: false, warnings: [],
  };
  const byExchange = new Map<string, ClaudeExchangeView>();
  let skipped: string | undefined;
  let skipReason: string | undefined;
  for (const envelope of envelopes) {
    if (envelope.layer === 'meta') {
      const meta = parseRecord(envelope.raw);
      if (meta?.kind === 'step' && meta.status === 'skipped') skipReason = stringOf(meta.detail);
      if (meta?.kind === 'lane-result' && meta.status === 'skipped') skipped = skipReason ?? 'skipped';
      if (meta?.kind === 'warning') view.warnings.push({ code: stringOf(meta.code) ?? 'warning', message: stringOf(meta.message) ?? '', seq: envelope.seq });
      continue;
    }
    const id = envelope.http?.exchange;
    if (envelope.layer !== 'http' || id === undefined) continue;
    if (envelope.http?.phase === 'request') {
      const body = parseRecord(envelope.raw);
      const exchange: ClaudeExchangeView = {
        requestSeq: envelope.seq, mcpServers: serversIn(body?.mcp_servers), toolsets: toolsetsIn(body?.tools), listings: [], toolUses: [],
        ...(headerValue(envelope.http.headers, 'anthropic-beta') ? { beta: headerValue(envelope.http.headers, 'anthropic-beta') } : {}),
      };
      byExchange.set(id, exchange);
      view.exchanges.push(exchange);
      continue;
    }
    const exchange = byExchange.get(id);
    if (!exchange) continue;
    if (envelope.http?.phase === 'response') {
      exchange.responseSeq = envelope.seq;
      exchange.status = envelope.http.status;
      if (headerValue(envelope.http.headers, EMULATOR_HEADER)) view.emulated = true;
    } else if (envelope.http?.phase === 'body') {
      exchange.bodySeq = envelope.seq;
      readBody(envelope, exchange, view);
    }
  }
  settle(view);
  if (skipped !== undefined) {
    view.status = 'skipped';
    view.error = { message: skipped, evidence: [] };
  }
  return view;
}

function serversIn(value: unknown): ClaudeMcpServer[] {
  if (!Array.isArray(value)) return [];
  return value.filter((s): s is Record<string, unknown> => isRecord(s) && typeof s.name === 'string').map((s) => s as unknown as ClaudeMcpServer);
}

function toolsetsIn(value: unknown): ClaudeMcpToolset[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is Record<string, unknown> => isRecord(t) && t.type === 'mcp_toolset' && typeof t.mcp_server_name === 'string').map((t) => t as unknown as ClaudeMcpToolset);
}

function readBody(envelope: Envelope, exchange: ClaudeExchangeView, view: ClaudeLaneView): void {
  const body = parseRecord(envelope.raw);
  if (!body) {
    if (envelope.raw.trim() !== '') view.unreadable.push({ seq: envelope.seq, reason: 'response body is not a JSON object' });
    return;
  }
  if (body.type === 'error' || isRecord(body.error)) {
    const error = isRecord(body.error) ? body.error : {};
    exchange.error = { seq: envelope.seq, message: stringOf(error.message) ?? 'error', ...(stringOf(error.type) ? { type: stringOf(error.type) } : {}), ...(exchange.status !== undefined ? { status: exchange.status } : {}) };
    return;
  }
  if (!Array.isArray(body.content)) return;
  for (const block of body.content) {
    if (!isRecord(block)) continue;
    if (block.type === 'mcp_tool_listing' && typeof block.mcp_server_name === 'string' && Array.isArray(block.tools)) {
      exchange.listings.push({ serverName: block.mcp_server_name, seq: envelope.seq, tools: block.tools.filter(isRecord).map((t): ViewTool => ({
        name: stringOf(t.name) ?? '(unnamed)', description: t.description === null ? null : stringOf(t.description), schema: t.input_schema, annotations: undefined, seq: envelope.seq, issues: [],
      })) });
    }
    if (block.type === 'mcp_tool_use' && typeof block.id === 'string') {
      exchange.toolUses.push({ seq: envelope.seq, id: block.id, name: stringOf(block.name) ?? '?', serverName: stringOf(block.server_name) ?? '?' });
      view.calls.push({ ...claudeToolCall(block, envelope.seq), itemId: block.id });
    }
    if (block.type === 'mcp_tool_result') {
      const use = exchange.toolUses.find((u) => u.id === block.tool_use_id);
      if (use) Object.assign(use, { resultSeq: envelope.seq, isError: block.is_error === true });
      const call = view.calls.find((c) => c.itemId === block.tool_use_id && c.outcome === 'unanswered');
      if (call) Object.assign(call, claudeToolCall({ name: call.name, input: call.arguments }, call.seq, { block, seq: envelope.seq }));
    }
  }
}

function settle(view: ClaudeLaneView): void {
  const latest = new Map<string, { listing: ClaudeExchangeView['listings'][number]; exchange: ClaudeExchangeView }>();
  for (const exchange of view.exchanges) for (const listing of exchange.listings) latest.set(listing.serverName, { listing, exchange });
  for (const { listing, exchange } of latest.values()) {
    const deprecated = exchange.beta?.split(',').map((b) => b.trim()).includes(MCP_CLIENT_BETA_DEPRECATED) ?? false;
    const server = exchange.mcpServers.find((s) => s.name === listing.serverName);
    const toolset = exchange.toolsets.find((t) => t.mcp_server_name === listing.serverName);
    for (const tool of listing.tools) {
      const on = deprecated ? legacyToolEnabled(server ?? {}, tool.name) : toolEnabled(toolset ?? {}, tool.name);
      if (on) view.tools.push(tool);
      else view.disabled.push({ name: tool.name, serverName: listing.serverName, seq: listing.seq, requestSeq: exchange.requestSeq });
    }
  }
  const failed = view.exchanges.find((x) => x.error || (x.status !== undefined && x.status >= 400));
  const answered = view.exchanges.filter((x) => x.status === 200 && !x.error);
  if (latest.size > 0) {
    view.toolsState = 'listed';
    view.toolsEvidence = uniqueSeqs([...latest.values()].map((l) => l.listing.seq));
  } else if (failed) {
    view.toolsState = 'failed';
    view.toolsEvidence = uniqueSeqs([failed.requestSeq, failed.responseSeq, failed.error?.seq]);
  } else if (answered.length > 0) {
    // The message came back, but this beta reports no listing: what the model sees is unknown.
    view.toolsState = 'not-loaded';
    view.listingUnreported = true;
    view.toolsEvidence = uniqueSeqs(answered.map((x) => x.bodySeq));
  }
  if (failed && view.toolsState !== 'listed') {
    view.error = { message: `HTTP ${failed.status ?? '?'}${failed.error?.type ? ` ${failed.error.type}` : ''}: ${failed.error?.message ?? 'no error message'}`, evidence: uniqueSeqs([failed.responseSeq, failed.error?.seq]) };
  }
  view.status = view.toolsState === 'listed' || view.listingUnreported ? 'ok' : view.exchanges.length === 0 ? 'skipped' : 'failed';
}
