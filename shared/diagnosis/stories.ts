import type { LaneId } from '../capture/envelope';
import { uniqueSeqs } from './json';
import { count } from './rules/rule';
import type { ClaudeLaneView, LaneView, McpLaneView, PlaygroundLaneView, RealtimeLaneView } from './views/lane-view';

/**
 * Each lane's run told in a few clauses ("connected over legacy SSE", "negotiated 2025-06-18",
 * "listed 10 tools in 1 page"), each with the frames that prove it. Read from the lane views, so a
 * story never says more than the diagnosis found.
 */
export interface StoryClause {
  text: string;
  evidence: number[];
}

export interface LaneStory {
  lane: LaneId;
  clauses: StoryClause[];
}

/** A story stays short; the sequence view and the findings hold the rest. */
const MAX_CLAUSES = 8;

const TRANSPORTS: Record<string, string> = { sse: 'legacy SSE', 'streamable-http': 'Streamable HTTP', stdio: 'stdio' };
const transportName = (t: string) => TRANSPORTS[t] ?? t;

const clause = (text: string, evidence: (number | undefined)[]): StoryClause => ({ text, evidence: uniqueSeqs(evidence) });

export function writeStories(views: readonly LaneView[]): LaneStory[] {
  return views.map(writeStory);
}

export function writeStory(view: LaneView): LaneStory {
  const clauses = view.status === 'skipped'
    ? [clause(`skipped: ${view.error?.message ?? 'the lane did not run'}`, view.error?.evidence ?? [])]
    : view.kind === 'mcp' ? mcpStory(view)
      : view.kind === 'realtime' ? realtimeStory(view)
        : view.kind === 'responses' ? responsesStory(view)
          : claudeStory(view);
  if (view.status !== 'skipped' && view.toolsState !== 'listed' && !clauses.some((c) => /\bfail|refused|rejected|never answered|no tool/.test(c.text))) {
    clauses.push(clause(view.error ? `ended without a tool list: ${view.error.message}` : 'ended without a tool list', view.error?.evidence ?? view.toolsEvidence));
  }
  if (clauses.length > MAX_CLAUSES) {
    const rest = clauses.length - MAX_CLAUSES + 1;
    clauses.splice(MAX_CLAUSES - 1, rest, clause(`and ${rest} more step${rest === 1 ? '' : 's'} (see the findings)`, []));
  }
  return { lane: view.lane, clauses };
}

function mcpStory(view: McpLaneView): StoryClause[] {
  const out: StoryClause[] = [];
  const fellBack = view.attempts.filter((a) => a.outcome !== 'connected' && a.transport !== view.transport);
  for (const attempt of fellBack.slice(0, 2)) {
    out.push(clause(`tried ${transportName(attempt.transport)}${attempt.status !== undefined ? ` (HTTP ${attempt.status})` : attempt.reason ? ` (${attempt.reason.slice(0, 60)})` : ''}`, [attempt.seq]));
  }
  if (view.transport) out.push(clause(`connected over ${transportName(view.transport)}`, [view.transportSeq, ...view.attempts.filter((a) => a.transport === view.transport).map((a) => a.seq)]));
  const init = view.initializes.at(-1);
  if (init) {
    const who = init.clientName && view.lane === 'server' ? `${init.clientName} ` : '';
    if (init.versionRefusal) out.push(clause(`${who}was refused revision ${init.versionRefusal.requested ?? init.offered ?? '?'} (the server supports ${init.versionRefusal.supported.join(', ') || 'none it named'})`, [init.requestSeq, init.responseSeq]));
    else if (init.error) out.push(clause(`${who}initialize failed: ${init.error}`, [init.requestSeq, init.responseSeq]));
    else if (init.negotiated) out.push(clause(`${who}negotiated ${init.negotiated}${init.offered && init.offered !== init.negotiated ? ` (offered ${init.offered})` : ''}`, [init.requestSeq, init.responseSeq]));
    else if (init.responseSeq === undefined) out.push(clause(`${who}initialize was never answered`, [init.requestSeq]));
  }
  const listing = view.listings.at(-1);
  if (listing) {
    const pages = listing.pages.filter((p) => p.responseSeq !== undefined);
    const tools = pages.reduce((n, p) => n + p.toolCount, 0);
    const seqs = listing.pages.flatMap((p) => [p.requestSeq, p.responseSeq]);
    if (listing.stoppedBecause === 'end') out.push(clause(`listed ${count(tools, 'tool')} in ${count(pages.length, 'page')}`, seqs));
    else if (listing.stoppedBecause === 'unfollowed') out.push(clause(`listed ${count(tools, 'tool')} and stopped after ${count(pages.length, 'page')} though the server offered a nextCursor`, seqs));
    else if (listing.stoppedBecause === 'cursor-loop') out.push(clause(`listed ${count(tools, 'tool')} until the server's cursor looped back (${count(pages.length, 'page')})`, seqs));
    else if (listing.stoppedBecause === 'error') out.push(clause(`tools/list failed: ${listing.pages.find((p) => p.error)?.error ?? 'error'}`, seqs));
    else out.push(clause('tools/list was never answered', seqs));
  }
  if (view.listChanged.length > 0) out.push(clause(`the server announced tools/list_changed ${view.listChanged.length === 1 ? 'once' : `${view.listChanged.length} times`}`, view.listChanged.map((l) => l.seq)));
  if (view.invalidFrames.length > 0) out.push(clause(`${count(view.invalidFrames.length, 'invalid frame')} from the server`, view.invalidFrames.slice(0, 20).map((f) => f.seq)));
  if (view.toolsState !== 'listed' && view.refusals.length > 0) {
    const last = view.refusals.at(-1) as McpLaneView['refusals'][number];
    out.push(clause(`refused with HTTP ${last.status}${last.method ? ` to ${last.method}` : ''}`, [last.requestSeq, last.seq]));
  }
  return out;
}

function realtimeStory(view: RealtimeLaneView): StoryClause[] {
  const out: StoryClause[] = [];
  const who = view.lane === 'client' ? 'your client' : 'a client';
  if (view.upgradeStatus === 101) out.push(clause('connected over WebSocket', [view.upgradeRequestSeq, view.upgradeResponseSeq]));
  else if (view.upgradeStatus !== undefined) out.push(clause(`the WebSocket upgrade was refused with HTTP ${view.upgradeStatus}`, [view.upgradeRequestSeq, view.upgradeResponseSeq]));
  if (view.beta.length > 0) out.push(clause(`spoke the retired beta interface (${view.beta[0]?.reason ?? 'OpenAI-Beta'})`, view.beta.map((b) => b.seq)));
  for (const update of view.sessionUpdates.slice(-2)) {
    const servers = update.mcp.length > 0 ? ` with ${count(update.mcp.length, 'MCP server')}` : '';
    if (update.error) out.push(clause(`session.update${servers} was rejected: ${update.error.message.slice(0, 120)}`, [update.seq, update.error.seq]));
    else if (update.acceptedSeq !== undefined) out.push(clause(`session.update${servers} was accepted`, [update.seq, update.acceptedSeq]));
    else out.push(clause(`session.update${servers} got no answer`, [update.seq]));
  }
  for (const item of view.items.slice(0, 3)) {
    const from = item.label ? ` from ${item.label}` : '';
    if (item.failedSeq !== undefined) out.push(clause(`OpenAI could not list the tools${from} (mcp_list_tools.failed)`, [item.addedSeq, item.failedSeq]));
    if (item.completedSeq !== undefined && (item.tools?.length ?? 0) > 0) {
      out.push(clause(`${who} counting on mcp_list_tools.completed sees 0 (it carries only the item_id)`, [item.completedSeq]));
    }
    if (item.tools !== undefined) out.push(clause(`OpenAI imported ${count(item.tools.length, 'tool')}${from} at conversation.item.${item.doneSeq !== undefined ? 'done' : 'retrieved'}`, [item.doneSeq ?? item.retrievedSeq]));
    else if (item.failedSeq === undefined && view.closedBy === 'out' && view.closeSeq !== undefined) out.push(clause(`${who === 'a client' ? 'the lane' : who} closed the socket before the tools arrived`, [item.completedSeq, view.closeSeq]));
  }
  const unanswered = view.errors.filter((e) => !view.sessionUpdates.some((u) => u.error?.seq === e.seq));
  if (unanswered[0]) out.push(clause(`OpenAI answered error${unanswered[0].code ? ` ${unanswered[0].code}` : ''}: ${unanswered[0].message.slice(0, 120)}`, [unanswered[0].seq]));
  if (view.approvals.length > 0) out.push(clause(`${count(view.approvals.length, 'tool call')} asked for approval`, view.approvals.map((a) => a.seq)));
  return out;
}

function responsesStory(view: PlaygroundLaneView): StoryClause[] {
  const out: StoryClause[] = [];
  for (const exchange of view.exchanges.slice(0, 3)) {
    const how = exchange.stream ? 'streamed' : 'whole';
    if (exchange.error) out.push(clause(`POST /v1/responses failed${exchange.status ? ` with HTTP ${exchange.status}` : ''}: ${exchange.error.message.slice(0, 120)}`, [exchange.requestSeq, exchange.error.seq]));
    else if (exchange.status !== undefined) out.push(clause(`POST /v1/responses answered ${exchange.status} (${how})`, [exchange.requestSeq, exchange.responseSeq]));
    else out.push(clause('POST /v1/responses got no answer', [exchange.requestSeq]));
  }
  for (const item of view.items.slice(0, 3)) {
    if (item.error || item.failedSeq !== undefined) out.push(clause(`OpenAI could not list the tools from ${item.label}${item.error ? `: ${item.error.slice(0, 120)}` : ''}`, [item.addedSeq, item.failedSeq, item.doneSeq]));
    else if (item.tools !== undefined) out.push(clause(`OpenAI imported ${count(item.tools.length, 'tool')} from ${item.label}`, [item.completedSeq, item.doneSeq]));
  }
  if (view.approvals.length > 0) out.push(clause(`${count(view.approvals.length, 'tool call')} asked for approval`, view.approvals.map((a) => a.seq)));
  return out;
}

function claudeStory(view: ClaudeLaneView): StoryClause[] {
  const out: StoryClause[] = [];
  for (const exchange of view.exchanges.slice(0, 3)) {
    const beta = exchange.beta ? ` under ${exchange.beta}` : '';
    if (exchange.error) out.push(clause(`POST /v1/messages${beta} failed${exchange.status ? ` with HTTP ${exchange.status}` : ''}: ${exchange.error.message.slice(0, 120)}`, [exchange.requestSeq, exchange.error.seq]));
    else if (exchange.status !== undefined) out.push(clause(`POST /v1/messages${beta} answered ${exchange.status}`, [exchange.requestSeq, exchange.responseSeq]));
    for (const listing of exchange.listings) out.push(clause(`Anthropic listed ${count(listing.tools.length, 'tool')} from ${listing.serverName}`, [listing.seq]));
  }
  if (view.disabled.length > 0) out.push(clause(`${count(view.disabled.length, 'listed tool')} left out by the toolset configuration`, view.disabled.map((d) => d.seq)));
  if (view.listingUnreported) out.push(clause('the beta in use reports no listing, so the tool list is unknown', view.exchanges.map((x) => x.responseSeq)));
  for (const warning of view.warnings.slice(0, 2)) out.push(clause(warning.message.slice(0, 140), [warning.seq]));
  return out;
}
