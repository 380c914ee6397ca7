import type { Envelope, LaneId } from '../../capture/envelope';
import { parseSseEvent } from '../../capture/sse';
import { headerValue, isRecord, parseRecord, stringOf, uniqueSeqs } from '../json';
import { addFunctionCall, serverAddressOf, type PlaygroundLaneView, type ResponsesExchangeView, type ResponsesListItemView } from './lane-view';
import { itemTools, mcpConfigsIn } from './openai-tools';
import { addCall } from './tool-calls';

const EMULATOR_HEADER = 'x-parallax-emulator';

/**
 * The Playground's point of view (the Responses API) rebuilt from its envelopes: each
 * `POST /responses` with its `mcp` tools, and what came back, streamed events or a whole body,
 * down to the `mcp_list_tools` output items and HTTP errors such as 424.
 */
export function buildPlaygroundView(lane: LaneId, envelopes: readonly Envelope[]): PlaygroundLaneView {
  const view: PlaygroundLaneView = {
    kind: 'responses', lane, status: 'failed', tools: [], toolsState: 'not-run', toolsEvidence: [], steps: [], calls: [], unreadable: [], functionCalls: [], serverAddresses: [],
    emulated: false, exchanges: [], items: [], approvals: [],
  };
  const byExchange = new Map<string, ResponsesExchangeView>();
  let skipped: string | undefined;
  let skipReason: string | undefined;
  for (const envelope of envelopes) {
    if (envelope.layer === 'meta') {
      const meta = parseRecord(envelope.raw);
      if (meta?.kind === 'lane-skipped') skipped = stringOf(meta.reason) ?? 'skipped';
      const address = meta ? serverAddressOf(meta, envelope.seq) : undefined;
      if (address) view.serverAddresses.push(address);
      // The hosted lanes log a skipped step with the reason, then a lane-result with status skipped.
      if (meta?.kind === 'step' && meta.status === 'skipped') skipReason = stringOf(meta.detail);
      if (meta?.kind === 'lane-result' && meta.status === 'skipped') skipped = skipReason ?? 'skipped';
      continue;
    }
    const exchangeId = envelope.http?.exchange ?? envelope.link?.exchange;
    if (exchangeId === undefined) continue;
    if (envelope.layer === 'http' && envelope.http?.phase === 'request') {
      const body = parseRecord(envelope.raw);
      const exchange: ResponsesExchangeView = { requestSeq: envelope.seq, mcp: mcpConfigsIn(body?.tools), stream: body?.stream === true, ...(body ? { body } : {}) };
      byExchange.set(exchangeId, exchange);
      view.exchanges.push(exchange);
      continue;
    }
    const exchange = byExchange.get(exchangeId);
    if (!exchange) continue;
    if (envelope.layer === 'http' && envelope.http?.phase === 'response') {
      exchange.responseSeq = envelope.seq;
      exchange.status = envelope.http.status;
      if (headerValue(envelope.http.headers, EMULATOR_HEADER)) view.emulated = true;
    } else if (envelope.layer === 'http' && envelope.http?.phase === 'body') {
      readBody(envelope, exchange, view);
    } else if (envelope.layer === 'sse') {
      const fields = parseSseEvent(envelope.raw);
      const event = parseRecord(fields.data);
      if (!event) {
        if (fields.data.trim() !== '' && fields.data.trim() !== '[DONE]') view.unreadable.push({ seq: envelope.seq, reason: 'SSE data is not a JSON object' });
        continue;
      }
      readEvent(envelope.seq, event, exchange, view);
    }
  }
  settle(view);
  if (skipped !== undefined) {
    view.status = 'skipped';
    view.error = { message: skipped, evidence: [] };
  }
  return view;
}

function readBody(envelope: Envelope, exchange: ResponsesExchangeView, view: PlaygroundLaneView): void {
  const body = parseRecord(envelope.raw);
  if (!body) {
    if (envelope.raw.trim() !== '') view.unreadable.push({ seq: envelope.seq, reason: 'response body is not a JSON object' });
    return;
  }
  if (isRecord(body.error)) {
    exchange.error = {
      seq: envelope.seq, message: stringOf(body.error.message) ?? 'error', code: stringOf(body.error.code), type: stringOf(body.error.type),
      ...(exchange.status !== undefined ? { status: exchange.status } : {}),
    };
    return;
  }
  if (Array.isArray(body.output)) for (const item of body.output) if (isRecord(item)) readItem(envelope.seq, item, 'done', view);
}

function readEvent(seq: number, event: Record<string, unknown>, exchange: ResponsesExchangeView, view: PlaygroundLaneView): void {
  const type = stringOf(event.type) ?? '';
  if (type === 'error') {
    exchange.error = { seq, message: stringOf(event.message) ?? 'error', code: stringOf(event.code) };
    return;
  }
  if (type.startsWith('response.mcp_list_tools.')) {
    const item = listItem(view, stringOf(event.item_id), undefined);
    if (!item) return;
    if (type.endsWith('.in_progress')) item.inProgressSeq ??= seq;
    if (type.endsWith('.completed')) item.completedSeq ??= seq;
    if (type.endsWith('.failed')) item.failedSeq ??= seq;
    return;
  }
  if ((type === 'response.output_item.added' || type === 'response.output_item.done') && isRecord(event.item)) {
    readItem(seq, event.item, type.endsWith('.done') ? 'done' : 'added', view);
  }
  if ((type === 'response.completed' || type === 'response.failed') && isRecord(event.response) && Array.isArray(event.response.output)) {
    for (const item of event.response.output) if (isRecord(item)) readItem(seq, item, 'final', view);
  }
}

function readItem(seq: number, item: Record<string, unknown>, phase: 'added' | 'done' | 'final', view: PlaygroundLaneView): void {
  if (item.type === 'mcp_call' && phase !== 'added') addCall(view.calls, item, seq);
  if (phase !== 'added') addFunctionCall(view.functionCalls, item, seq);
  if (item.type === 'mcp_approval_request' && phase !== 'added') {
    const id = stringOf(item.id);
    if (id && !view.approvals.some((a) => a.id === id)) view.approvals.push({ seq, id, name: stringOf(item.name) ?? '?', label: stringOf(item.server_label) ?? '?' });
  }
  if (item.type !== 'mcp_list_tools') return;
  const list = listItem(view, stringOf(item.id), stringOf(item.server_label));
  if (!list) return;
  if (phase === 'added') {
    list.addedSeq ??= seq;
    return;
  }
  if (phase === 'done') list.doneSeq ??= seq;
  if (list.tools !== undefined && phase === 'final') return;
  list.tools = itemTools(item, seq);
  list.error = item.error === null ? null : stringOf(item.error);
}

function listItem(view: PlaygroundLaneView, itemId: string | undefined, label: string | undefined): ResponsesListItemView | undefined {
  if (itemId === undefined) return undefined;
  let item = view.items.find((i) => i.itemId === itemId);
  if (!item) {
    item = { itemId, label: label ?? '?' };
    view.items.push(item);
  } else if (label && item.label === '?') item.label = label;
  return item;
}

function settle(view: PlaygroundLaneView): void {
  // Approvals answered by a later request's input (mcp_approval_response items).
  for (const exchange of view.exchanges) {
    const input = Array.isArray(exchange.body?.input) ? exchange.body.input : [];
    for (const entry of input) {
      if (!isRecord(entry) || entry.type !== 'mcp_approval_response') continue;
      const approval = view.approvals.find((a) => a.id === entry.approval_request_id);
      if (approval) approval.answeredSeq ??= exchange.requestSeq;
    }
  }
  const latest = new Map<string, ResponsesListItemView>();
  for (const item of view.items) latest.set(item.label, item);
  const items = [...latest.values()];
  const listed = items.filter((i) => i.tools !== undefined && !i.error && i.failedSeq === undefined);
  const failedExchange = view.exchanges.find((x) => x.error || (x.status !== undefined && x.status >= 400));
  view.tools = listed.flatMap((i) => i.tools ?? []);
  if (listed.length > 0) {
    view.toolsState = 'listed';
    view.toolsEvidence = uniqueSeqs(listed.map((i) => i.doneSeq ?? i.tools?.[0]?.seq));
  } else if (items.some((i) => i.error || i.failedSeq !== undefined) || failedExchange) {
    view.toolsState = 'failed';
    view.toolsEvidence = uniqueSeqs([...items.flatMap((i) => [i.failedSeq, i.doneSeq]), failedExchange?.responseSeq, failedExchange?.error?.seq]);
  } else if (items.length > 0) {
    view.toolsState = 'not-loaded';
    view.toolsEvidence = uniqueSeqs(items.map((i) => i.addedSeq));
  }
  if (failedExchange && view.toolsState !== 'listed') {
    const error = failedExchange.error;
    view.error = {
      message: error ? `${failedExchange.status !== undefined ? `HTTP ${failedExchange.status}: ` : ''}${error.message}` : `HTTP ${failedExchange.status ?? '?'}`,
      evidence: uniqueSeqs([failedExchange.responseSeq, error?.seq]),
    };
  } else if (view.toolsState === 'failed') {
    const failed = items.find((i) => i.error);
    view.error = { message: failed?.error ?? 'mcp_list_tools failed', evidence: view.toolsEvidence };
  }
  view.status = view.toolsState === 'listed' || (view.toolsState === 'not-run' && view.exchanges.some((x) => x.status === 200)) ? 'ok' : 'failed';
}
