import type { Envelope, LaneId } from '../../capture/envelope';
import { headerValue, isRecord, parseRecord, stringOf, uniqueSeqs } from '../json';
import { addFunctionCall, serverAddressOf, type ApprovalView, type ListItemView, type RealtimeErrorView, type RealtimeLaneView, type SessionUpdateView } from './lane-view';
import { itemTools, mcpConfigsIn } from './openai-tools';
import { addCall } from './tool-calls';

/** Events that carry an item as it finished (Realtime GA; `.retrieved` answers a client's retrieve). */
const FINISHED_ITEM = new Set(['response.output_item.done', 'conversation.item.done', 'conversation.item.retrieved']);

const EMULATOR_HEADER = 'x-parallax-emulator';
const ITEM_SEEN = new Set(['conversation.item.added', 'conversation.item.created']);
const ITEM_FULL = new Set(['conversation.item.done', 'conversation.item.retrieved']);

/**
 * A Realtime session (Parallax's Realtime lane, or the user's own client through the tap) rebuilt
 * from its `ws` envelopes in both directions plus the HTTP upgrade: what was configured, what the
 * API refused, and where each `mcp_list_tools` item went (added, in progress, completed, done).
 */
export function buildRealtimeView(lane: LaneId, envelopes: readonly Envelope[]): RealtimeLaneView {
  const view: RealtimeLaneView = {
    kind: 'realtime', lane, status: 'failed', tools: [], toolsState: 'not-run', toolsEvidence: [], steps: [], calls: [], unreadable: [], functionCalls: [], serverAddresses: [],
    beta: [], emulated: false, frames: [], sessionUpdates: [], errors: [], items: [], responseCreates: [], approvals: [],
  };
  let skipped: string | undefined;
  let skipReason: string | undefined;
  for (const envelope of envelopes) {
    if (envelope.layer === 'http') readUpgrade(envelope, view);
    else if (envelope.layer === 'meta') {
      const meta = parseRecord(envelope.raw);
      if (meta?.kind === 'lane-skipped') skipped = stringOf(meta.reason) ?? 'skipped';
      const address = meta ? serverAddressOf(meta, envelope.seq) : undefined;
      if (address) view.serverAddresses.push(address);
      // The hosted lanes log a skipped step with the reason, then a lane-result with status skipped.
      if (meta?.kind === 'step' && meta.status === 'skipped') skipReason = stringOf(meta.detail);
      if (meta?.kind === 'lane-result' && meta.status === 'skipped') skipped = skipReason ?? 'skipped';
    } else if (envelope.layer === 'ws') readFrame(envelope, view);
  }
  settleTools(view);
  for (const frame of view.frames) {
    if (frame.dir === 'in' && FINISHED_ITEM.has(frame.type) && isRecord(frame.event.item) && frame.event.item.type === 'mcp_call') addCall(view.calls, frame.event.item, frame.seq);
    if (frame.dir === 'in' && FINISHED_ITEM.has(frame.type) && isRecord(frame.event.item)) addFunctionCall(view.functionCalls, frame.event.item, frame.seq);
  }
  if (skipped !== undefined) {
    view.status = 'skipped';
    view.error = { message: skipped, evidence: [] };
  }
  return view;
}

function readUpgrade(envelope: Envelope, view: RealtimeLaneView): void {
  const http = envelope.http;
  if (!http) return;
  if (http.phase === 'request') {
    view.url ??= http.url;
    view.upgradeRequestSeq ??= envelope.seq;
    const betaHeader = headerValue(http.headers, 'openai-beta');
    if (betaHeader && /realtime=v1/.test(betaHeader)) view.beta.push({ reason: `header OpenAI-Beta: ${betaHeader}`, seq: envelope.seq });
    const protocols = headerValue(http.headers, 'sec-websocket-protocol') ?? '';
    if (protocols.split(',').map((p) => p.trim()).includes('openai-beta.realtime-v1')) view.beta.push({ reason: 'subprotocol openai-beta.realtime-v1', seq: envelope.seq });
  }
  if (http.phase === 'response') {
    view.upgradeStatus ??= http.status;
    view.upgradeResponseSeq ??= envelope.seq;
    if (headerValue(http.headers, EMULATOR_HEADER)) view.emulated = true;
  }
}

function readFrame(envelope: Envelope, view: RealtimeLaneView): void {
  if (envelope.ws?.kind === 'close') {
    view.closeSeq ??= envelope.seq;
    view.closedBy ??= envelope.dir;
    return;
  }
  if (envelope.ws?.kind === 'binary') return;
  const event = parseRecord(envelope.raw);
  if (!event || typeof event.type !== 'string') {
    view.unreadable.push({ seq: envelope.seq, reason: 'not a JSON event with a string "type"' });
    return;
  }
  view.frames.push({ seq: envelope.seq, dir: envelope.dir, type: event.type, event });
  if (envelope.dir === 'out') readClientEvent(envelope.seq, event, view);
  else readServerEvent(envelope.seq, event, view);
}

function readClientEvent(seq: number, event: Record<string, unknown>, view: RealtimeLaneView): void {
  if (event.type === 'session.update') {
    const session = isRecord(event.session) ? event.session : undefined;
    view.sessionUpdates.push({
      seq, eventId: stringOf(event.event_id), hasSession: session !== undefined, keys: session ? Object.keys(session).slice(0, 64) : [], sessionType: session?.type, mcp: mcpConfigsIn(session?.tools),
    });
  }
  if (event.type === 'response.create') view.responseCreates.push(seq);
  const item = isRecord(event.item) ? event.item : undefined;
  if (event.type === 'conversation.item.create' && item?.type === 'mcp_approval_response') {
    const approval = view.approvals.find((a) => a.id === item.approval_request_id);
    if (approval) approval.answeredSeq ??= seq;
  }
}

function readServerEvent(seq: number, event: Record<string, unknown>, view: RealtimeLaneView): void {
  const type = event.type as string;
  if (type === 'error') {
    const error = isRecord(event.error) ? event.error : {};
    const record: RealtimeErrorView = {
      seq, message: stringOf(error.message) ?? 'error', code: stringOf(error.code), param: stringOf(error.param), eventId: stringOf(error.event_id),
    };
    view.errors.push(record);
    const update = answeredUpdate(view, record.eventId);
    if (update) update.error = record;
    return;
  }
  if (type === 'session.updated') {
    const update = answeredUpdate(view, undefined);
    if (update) update.acceptedSeq = seq;
    return;
  }
  if (type.startsWith('mcp_list_tools.')) {
    const item = itemView(view, stringOf(event.item_id));
    if (!item) return;
    if (type === 'mcp_list_tools.in_progress') item.inProgressSeq ??= seq;
    if (type === 'mcp_list_tools.completed') item.completedSeq ??= seq;
    if (type === 'mcp_list_tools.failed') item.failedSeq ??= seq;
    return;
  }
  const item = isRecord(event.item) ? event.item : undefined;
  if (!item) return;
  if (item.type === 'mcp_approval_request') noteApproval(view, item, seq);
  if (item.type !== 'mcp_list_tools') return;
  const listItem = itemView(view, stringOf(item.id));
  if (!listItem) return;
  listItem.label ??= stringOf(item.server_label);
  if (ITEM_SEEN.has(type)) {
    listItem.addedSeq ??= seq;
    listItem.addedToolCount ??= Array.isArray(item.tools) ? item.tools.length : 0;
    if (type === 'conversation.item.created') view.beta.push({ reason: 'conversation.item.created (a beta event; GA sends conversation.item.added)', seq });
  }
  if (ITEM_FULL.has(type)) {
    if (type === 'conversation.item.done') listItem.doneSeq ??= seq;
    else listItem.retrievedSeq ??= seq;
    const tools = itemTools(item, seq);
    // A retrieve during listing returns the empty item; only a fuller answer replaces what we have.
    if (tools && (listItem.tools === undefined || tools.length >= listItem.tools.length)) listItem.tools = tools;
  }
}

/** The session.update an error or session.updated answers: by echoed event_id, else the oldest one still unanswered. */
function answeredUpdate(view: RealtimeLaneView, eventId: string | undefined): SessionUpdateView | undefined {
  if (eventId !== undefined) return view.sessionUpdates.find((u) => u.eventId === eventId);
  return view.sessionUpdates.find((u) => u.error === undefined && u.acceptedSeq === undefined);
}

function itemView(view: RealtimeLaneView, itemId: string | undefined): ListItemView | undefined {
  if (itemId === undefined) return undefined;
  let item = view.items.find((i) => i.itemId === itemId);
  if (!item) {
    item = { itemId };
    view.items.push(item);
  }
  return item;
}

function noteApproval(view: RealtimeLaneView, item: Record<string, unknown>, seq: number): void {
  const id = stringOf(item.id);
  if (!id || view.approvals.some((a) => a.id === id)) return;
  const approval: ApprovalView = { seq, id, name: stringOf(item.name) ?? '?', label: stringOf(item.server_label) ?? '?' };
  view.approvals.push(approval);
}

function settleTools(view: RealtimeLaneView): void {
  for (const update of view.sessionUpdates) {
    if (update.acceptedSeq !== undefined && update.sessionType === undefined) {
      view.beta.push({ reason: 'session.update without session.type was accepted (GA requires it)', seq: update.acceptedSeq });
    }
  }
  // The latest item per server label decides that label's tools.
  const latest = new Map<string, ListItemView>();
  for (const item of view.items) latest.set(item.label ?? item.itemId, item);
  const items = [...latest.values()];
  const listed = items.filter((i) => i.tools !== undefined && i.failedSeq === undefined && (i.tools.length > 0 || i.completedSeq !== undefined));
  view.tools = listed.flatMap((i) => i.tools ?? []);
  const rejected = view.sessionUpdates.filter((u) => u.mcp.length > 0 && u.error);
  if (listed.length > 0) {
    view.toolsState = 'listed';
    view.toolsEvidence = uniqueSeqs(listed.map((i) => i.doneSeq ?? i.retrievedSeq));
  } else if (items.some((i) => i.failedSeq !== undefined)) {
    view.toolsState = 'failed';
    const failed = items.filter((i) => i.failedSeq !== undefined);
    const errorAfter = view.errors.find((e) => failed.some((i) => e.seq > (i.failedSeq as number)));
    view.toolsEvidence = uniqueSeqs([...failed.map((i) => i.failedSeq), errorAfter?.seq]);
    view.error = { message: `mcp_list_tools.failed${errorAfter ? `: ${errorAfter.message}` : ''}`, evidence: view.toolsEvidence };
  } else if (items.length > 0) {
    view.toolsState = 'not-loaded';
    view.toolsEvidence = uniqueSeqs(items.flatMap((i) => [i.addedSeq, i.inProgressSeq, i.completedSeq]));
    view.error = { message: 'no conversation.item.done carried the mcp_list_tools item, so no tools arrived', evidence: view.toolsEvidence };
  } else if (rejected.length > 0) {
    view.toolsState = 'failed';
    const first = rejected[0] as SessionUpdateView;
    const error = first.error as RealtimeErrorView;
    view.toolsEvidence = [first.seq, error.seq];
    view.error = { message: `session.update refused: ${error.message}`, evidence: view.toolsEvidence };
  } else if (view.errors.length > 0 && !view.frames.some((f) => f.dir === 'in' && f.type === 'session.created')) {
    // Refused before the session began (today's API answers a beta-shaped client this way, then closes).
    view.toolsState = 'failed';
    const first = view.errors[0] as RealtimeErrorView;
    view.toolsEvidence = uniqueSeqs([first.seq, view.closeSeq]);
    view.error = { message: `the API refused the session before it began: ${first.message}`, evidence: view.toolsEvidence };
  } else if (view.upgradeStatus !== undefined && view.upgradeStatus !== 101) {
    view.toolsState = 'failed';
    view.toolsEvidence = uniqueSeqs([view.upgradeResponseSeq]);
    view.error = { message: `the WebSocket upgrade was refused with HTTP ${view.upgradeStatus}`, evidence: view.toolsEvidence };
  }
  view.status = view.toolsState === 'listed' || (view.toolsState === 'not-run' && !view.error && view.frames.length > 0) ? 'ok' : 'failed';
}
