import type * as GA from 'openai/resources/realtime/realtime';
import type { HostedError, HostedListing, HostedTool } from '../../../shared/lanes/hosted-lane-result';
import { McpListToolsProgressEventSchema, mcpListToolsItemOf } from '../../../shared/openai/realtime-events';
import { clientEventId, describeApiError, errorOf, formatMs, noEventError, sendEvent, type RealtimeRun } from './realtime-run';

interface ItemState {
  itemId: string;
  label: string | null;
  outcome: 'pending' | 'completed' | 'failed';
  /** The finished list; `conversation.item.added` (tools: []) never sets it: that is the "0 tools" trap. */
  tools: HostedTool[] | null;
  source: HostedListing['source'];
  /** Until when `conversation.item.done` (and, after a failure, an `error`) may still come. */
  graceUntil: number | null;
  retrieveEventId: string | null;
  retrieveError: string | null;
  error: string | null;
  evidence: number[];
}

export interface ListingOutcome {
  listings: HostedListing[];
  tools: HostedTool[];
  error?: HostedError;
}

function isResolved(item: ItemState, now: number): boolean {
  if (item.outcome === 'pending') return false;
  if (item.outcome === 'completed') return item.tools !== null || item.retrieveError !== null;
  // A failure is finished once both the item and the explaining error came, or the grace ran out.
  return (item.source !== null && item.error !== null) || (item.graceUntil !== null && now >= item.graceUntil);
}

function toListing(item: ItemState): HostedListing {
  const outcome = item.outcome === 'failed' ? 'failed' : item.outcome === 'completed' && item.tools !== null ? 'completed' : 'incomplete';
  const error = item.error ?? item.retrieveError ?? undefined;
  return { itemId: item.itemId, serverLabel: item.label ?? '(unknown)', outcome, source: item.source, tools: item.tools ?? [], ...(error ? { error } : {}), evidence: item.evidence };
}

/**
 * Follows the import of every MCP server the session named, the way the API documents it:
 * `mcp_list_tools.in_progress`, then `.completed` or `.failed` (these carry no tools), and the
 * list itself from the `mcp_list_tools` item at `conversation.item.done`. When that event does
 * not come (the beta interface never sends it), the lane asks with `conversation.item.retrieve`.
 */
export async function followMcpListings(run: RealtimeRun, labels: string[]): Promise<ListingOutcome> {
  const items = new Map<string, ItemState>();
  const stray: { message: string; seq: number }[] = [];
  const started = Date.now();
  const deadline = started + run.timeouts.listMs;
  let announced = false;

  const itemFor = (itemId: string): ItemState => {
    let item = items.get(itemId);
    if (!item) {
      item = { itemId, label: null, outcome: 'pending', tools: null, source: null, graceUntil: null, retrieveEventId: null, retrieveError: null, error: null, evidence: [] };
      items.set(itemId, item);
    }
    return item;
  };
  const finishedFor = (now: number) => {
    const resolved = [...items.values()].filter((i) => isResolved(i, now));
    const unresolved = items.size - resolved.length;
    const labelled = new Set(resolved.map((i) => i.label));
    return unresolved === 0 && (labels.every((l) => labelled.has(l)) || resolved.length >= labels.length);
  };
  const outcome = (error?: HostedError): ListingOutcome => {
    const listings = [...items.values()].map(toListing);
    return { listings, tools: listings.flatMap((l) => (l.outcome === 'completed' ? l.tools : [])), ...(error ? { error } : {}) };
  };

  while (!finishedFor(Date.now())) {
    const now = Date.now();
    for (const item of items.values()) {
      if (item.outcome === 'completed' && item.tools === null && item.retrieveEventId === null && item.graceUntil !== null && now >= item.graceUntil) {
        item.retrieveEventId = clientEventId('retrieve');
        run.recorder.meta('item-retrieve', { itemId: item.itemId, reason: run.beta ? 'the beta interface never sends conversation.item.done' : `no conversation.item.done within ${formatMs(run.timeouts.itemDoneGraceMs)} of mcp_list_tools.completed` });
        item.evidence.push(sendEvent(run, { type: 'conversation.item.retrieve', event_id: item.retrieveEventId, item_id: item.itemId } satisfies GA.ConversationItemRetrieveEvent));
      }
    }
    const graces = [...items.values()].map((i) => i.graceUntil).filter((g): g is number => g !== null && g > now);
    const next = await run.queue.next(Math.min(deadline, ...graces));
    if (next.kind === 'timeout') {
      if (Date.now() < deadline) continue;
      const waiting = items.size === 0 ? 'mcp_list_tools.in_progress' : 'the MCP listing to finish (mcp_list_tools.completed and conversation.item.done)';
      return outcome(noEventError(next, waiting, run.timeouts.listMs));
    }
    if (next.kind !== 'event') return outcome(noEventError(next, 'the MCP listing', run.timeouts.listMs));
    const { event, seq } = next;

    const listItem = mcpListToolsItemOf(event);
    if (listItem?.id) {
      const item = itemFor(listItem.id);
      item.label = listItem.server_label;
      item.evidence.push(seq);
      if (event.type === 'conversation.item.done') {
        item.tools = listItem.tools;
        item.source = 'conversation.item.done';
      } else if (event.type === 'conversation.item.retrieved' && item.outcome !== 'failed') {
        item.tools = listItem.tools;
        item.source = 'conversation.item.retrieved';
      }
      continue;
    }
    const progress = McpListToolsProgressEventSchema.safeParse(event);
    if (progress.success) {
      const item = itemFor(progress.data.item_id);
      item.evidence.push(seq);
      if (progress.data.type === 'mcp_list_tools.in_progress') {
        if (!announced) run.steps.step('list-tools', 'running', 'listing');
        announced = true;
      } else {
        item.outcome = progress.data.type === 'mcp_list_tools.completed' ? 'completed' : 'failed';
        item.graceUntil = Date.now() + (run.beta && item.outcome === 'completed' ? 0 : run.timeouts.itemDoneGraceMs);
      }
      continue;
    }
    const error = errorOf(event);
    if (error) {
      const retrieving = error.event_id ? [...items.values()].find((i) => i.retrieveEventId === error.event_id) : undefined;
      if (retrieving) {
        retrieving.retrieveError = `conversation.item.retrieve failed: ${describeApiError(error)}`;
        retrieving.evidence.push(seq);
        continue;
      }
      const failed = [...items.values()].find((i) => i.outcome === 'failed' && i.error === null);
      if (failed) {
        failed.error = describeApiError(error);
        failed.evidence.push(seq);
      } else {
        stray.push({ message: describeApiError(error), seq });
      }
    }
  }

  const result = outcome();
  const failed = result.listings.filter((l) => l.outcome !== 'completed');
  if (failed.length > 0) {
    const first = failed[0];
    const why = first?.outcome === 'failed'
      ? `mcp_list_tools.failed for "${first.serverLabel}"${first.error ? `: ${first.error}` : stray[0] ? `: ${stray[0].message}` : ''}`
      : `mcp_list_tools.completed for "${first?.serverLabel ?? '?'}", but its tools never arrived (${first?.error ?? 'no conversation.item.done'})`;
    return { ...result, error: { code: 'list-failed', message: why, evidence: [...(first?.evidence ?? []), ...stray.map((s) => s.seq)] } };
  }
  return result;
}
