import { z } from 'zod';
import type { HeaderList, LaneId } from '../envelope';
import { Har, type HarEntry } from '../har-schema';
import { classifyJsonRpc } from '../jsonrpc';
import { mediaTypeEssence } from '../media-type';
import { SseEventSplitter } from '../../sse/event-splitter';
import { baseName, DraftList, type EnvelopeDraft, type ImportedCapture, ImportError, importedHeader, utf8Bytes } from './imported-capture';
import { LANE_RULE, openAiLaneOfUrl } from './traffic-lane';

/**
 * Turns a HAR 1.2 file (a browser's or Playwright's export, or our own) into capture envelopes:
 * each entry's request and response as an HTTP exchange, streamed SSE bodies split into one
 * envelope per event, the JSON-RPC messages they carry, and the WebSocket frames browsers save
 * in `_webSocketMessages`. Only MCP and OpenAI traffic is kept; pages, scripts and images are
 * counted and left out.
 */

/** Chrome writes message times in seconds since the epoch, Playwright in milliseconds. */
const SECONDS_OR_MS = 1e11;
/** The last instant a Date can hold (ECMAScript's limit), in ms since the epoch. */
const MAX_DATE_MS = 8.64e15;
/** The one time-is-not-the-sum rule browsers break (Playwright's WebSocket entries): noted, not fatal. */
const TIME_SUM_MESSAGE = 'entry time is not the sum of its timings';
/** Chromium (through Playwright) writes `params: []` beside `text` for a fetch body; text wins. */
const BOTH_BODIES_MESSAGE = 'postData has both params and text';
const TOLERATED = new Set([TIME_SUM_MESSAGE, BOTH_BODIES_MESSAGE]);

const WebSocketMessage = z.looseObject({
  type: z.enum(['send', 'receive']),
  time: z.number(),
  opcode: z.number().int(),
  data: z.string(),
});
const WebSocketMessages = z.array(WebSocketMessage);
type WebSocketMessage = z.infer<typeof WebSocketMessage>;

interface Counts {
  leftOut: number;
  socketsWithoutMessages: number;
  sockets: number;
  controlFrames: number;
  timeMismatch: number;
  failed: number;
}

export function importHar(text: string, fileName: string, now = Date.now()): ImportedCapture {
  const file = baseName(fileName);
  const har = parseHar(text, file);
  const drafts = new DraftList();
  const counts: Counts = { leftOut: 0, socketsWithoutMessages: 0, sockets: 0, controlFrames: 0, timeMismatch: har.timeMismatch, failed: 0 };
  let hasMessagesField = false;
  har.entries.forEach((entry, index) => {
    const messages = (entry as Record<string, unknown>)._webSocketMessages;
    if (messages !== undefined) hasMessagesField = true;
    if (isWebSocket(entry)) importSocket(entry, index, messages, drafts, counts);
    else importExchange(entry, index, drafts, counts);
  });
  const envelopes = drafts.finish();
  const total = har.entries.length;
  if (envelopes.length === 0) {
    const why = total === 0 ? 'the HAR has no entries' : `none of its ${total} entries carries JSON-RPC or OpenAI API traffic`;
    throw new ImportError(`no MCP traffic found in ${file}: ${why}.`);
  }
  const notes: string[] = [`Imported from the HAR file ${file}.`, LANE_RULE];
  if (!hasMessagesField) notes.push('The HAR has no WebSocket messages (_webSocketMessages): only its HTTP traffic was imported.');
  if (counts.socketsWithoutMessages) notes.push(`${counts.socketsWithoutMessages} WebSocket entr${plural(counts.socketsWithoutMessages, 'y has', 'ies have')} no saved messages: only the handshake was imported.`);
  if (counts.leftOut) notes.push(`${counts.leftOut} of ${total} entries carry no MCP or OpenAI traffic (pages, scripts, images) and were left out.`);
  if (counts.controlFrames) notes.push(`${counts.controlFrames} WebSocket control frame${plural(counts.controlFrames, '', 's')} (ping, pong) left out: a capture records messages only.`);
  if (counts.timeMismatch) notes.push(`${counts.timeMismatch} entr${plural(counts.timeMismatch, 'y\'s', 'ies\'')} time is not the sum of its timings; each frame's time comes from startedDateTime and the timings.`);
  return { header: importedHeader('har', file, envelopes, notes, envelopes[0]?.t ?? now), envelopes, notes };
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function parseHar(text: string, file: string): { entries: HarEntry[]; timeMismatch: number } {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportError(`${file} is not a HAR file: it is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const checked = Har.safeParse(value);
  if (checked.success) return { entries: checked.data.log.entries, timeMismatch: 0 };
  const fatal = checked.error.issues.filter((issue) => !TOLERATED.has(issue.message));
  const first = fatal[0];
  if (first) throw new ImportError(`${file} is not a valid HAR 1.2 file: ${fieldPath(first.path)}: ${first.message}.`);
  // Only the tolerated rules failed: the shape is sound, so use it as it is.
  return { entries: (value as { log: { entries: HarEntry[] } }).log.entries, timeMismatch: checked.error.issues.filter((issue) => issue.message === TIME_SUM_MESSAGE).length };
}

/** `log.entries[3].request.url`, the way a user finds the field in the file. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}${out ? '.' : ''}${String(key)}`), '') || '(the top level)';
}

function headerList(headers: readonly { name: string; value: string }[]): HeaderList {
  return headers.map(({ name, value }) => [name, value]);
}

function headerValue(headers: readonly { name: string; value: string }[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

function isWebSocket(entry: HarEntry): boolean {
  const extra = entry as Record<string, unknown>;
  return extra._resourceType === 'websocket' || extra._webSocketMessages !== undefined || entry.response.status === 101
    || headerValue(entry.request.headers, 'upgrade')?.toLowerCase() === 'websocket';
}

/** When each phase happened, in ms since the epoch: the phases HAR gives, in order. */
function phaseTimes(entry: HarEntry, index: number): { start: number; response: number; end: number } {
  const start = Date.parse(entry.startedDateTime);
  // The schema's pattern lets through dates no calendar has (month 13): their times would be NaN.
  if (Number.isNaN(start)) throw new ImportError(`The HAR's log.entries[${index}].startedDateTime ${JSON.stringify(entry.startedDateTime)} is not a real date.`);
  const t = entry.timings;
  const ms = (n: number | undefined) => (n === undefined || n < 0 ? 0 : n);
  const response = start + ms(t.blocked) + ms(t.dns) + ms(t.connect) + ms(t.send) + ms(t.wait);
  const end = Math.max(response + ms(t.receive), start + Math.max(0, entry.time));
  // Timings of 1e308 ms add up past any date (or past any number): no frame's time or elapsed could be written.
  if (!(end <= MAX_DATE_MS)) throw new ImportError(`The HAR's log.entries[${index}].timings add up to a time past any date.`);
  return { start, response, end };
}

function requestBody(entry: HarEntry): string {
  const post = entry.request.postData;
  if (!post) return '';
  if (post.text !== undefined) return post.text;
  return (post.params ?? []).map((p) => `${formEncode(p.name)}=${formEncode(p.value ?? '')}`).join('&');
}

/** encodeURIComponent, with a lone surrogate (valid in JSON text, a URIError there) as U+FFFD. */
function formEncode(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

/** The response body as text, or as base64 when it is not UTF-8 (then `encoding` says so). */
function responseBody(entry: HarEntry): { raw: string; base64: boolean; size: number } {
  const content = entry.response.content;
  const text = content.text ?? '';
  if (content.encoding !== 'base64') return { raw: text, base64: false, size: utf8Bytes(text) };
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return { raw: text, base64: true, size: Math.floor((text.length * 3) / 4) };
  }
  try {
    return { raw: new TextDecoder('utf-8', { fatal: true }).decode(bytes), base64: false, size: bytes.length };
  } catch {
    return { raw: text, base64: true, size: bytes.length };
  }
}

function hasJsonRpc(text: string): boolean {
  if (!/"jsonrpc"/.test(text)) return false;
  return classifyJsonRpc(text).some((m) => m.kind !== 'invalid');
}

interface SseEventDraft {
  raw: string;
  incomplete: boolean;
  data: string;
  event: string | undefined;
}

function sseEvents(body: string): SseEventDraft[] {
  const splitter = new SseEventSplitter();
  return [...splitter.push(body), ...splitter.end()].map((block) => ({ raw: block.raw, incomplete: block.incomplete, data: block.fields.data, event: block.fields.event }));
}

/** MCP's Streamable HTTP names the session in a header; one session is one connection. */
function mcpConn(entry: HarEntry): string {
  const session = headerValue(entry.request.headers, 'mcp-session-id') ?? headerValue(entry.response.headers, 'mcp-session-id');
  if (session) return `mcp-${session}`;
  try {
    const url = new URL(entry.request.url);
    return `${url.host}${url.pathname}`;
  } catch {
    return entry.request.url || 'har';
  }
}

function importExchange(entry: HarEntry, index: number, drafts: DraftList, counts: Counts): void {
  const times = phaseTimes(entry, index);
  const body = requestBody(entry);
  const response = responseBody(entry);
  const mediaType = mediaTypeEssence(entry.response.content.mimeType || headerValue(entry.response.headers, 'content-type'));
  const streamed = mediaType === 'text/event-stream' && !response.base64;
  const events = streamed ? sseEvents(response.raw) : [];
  const openAiLane = openAiLaneOfUrl(entry.request.url);
  const mcp = hasJsonRpc(body) || (!response.base64 && !streamed && hasJsonRpc(response.raw)) || events.some((e) => hasJsonRpc(e.data));
  const lane: LaneId | undefined = openAiLane ?? (mcp ? 'inspector' : undefined);
  if (!lane) {
    counts.leftOut++;
    return;
  }
  // The Responses API speaks its own JSON, not JSON-RPC: only the inspector lane gets jsonrpc envelopes.
  const jsonRpc = lane === 'inspector';
  const conn = lane === 'inspector' ? mcpConn(entry) : `${lane}-${index + 1}`;
  const exchange = `${conn}/h${index + 1}`;
  const base = { lane, conn } as const;
  const elapsed = (t: number) => Math.round((t - times.start) * 1000) / 1000;
  const request = drafts.add({
    ...base, t: times.start, layer: 'http', dir: 'out', size: utf8Bytes(body), raw: body,
    http: { exchange, phase: 'request', method: entry.request.method, url: entry.request.url, headers: headerList(entry.request.headers) },
  });
  if (jsonRpc && body.trim() !== '') addJsonRpc(drafts, body, 'out', request, exchange);
  const failure = failureOf(entry);
  if (entry.response.status > 0) {
    drafts.add({
      ...base, t: times.response, layer: 'http', dir: 'in', raw: '',
      http: { exchange, phase: 'response', status: entry.response.status, statusText: entry.response.statusText, headers: headerList(entry.response.headers), elapsed: elapsed(times.response) },
    });
  }
  if (streamed) {
    const timesOf = sseTimes(entry, events.length, times);
    events.forEach((event, i) => {
      const t = timesOf[i] ?? times.end;
      const carrier = drafts.add({
        ...base, t, layer: 'sse', dir: 'in', size: utf8Bytes(event.raw), raw: event.raw,
        http: { exchange, phase: 'body', elapsed: elapsed(t) }, link: { exchange }, ...(event.incomplete ? { incomplete: true } : {}),
      });
      if (jsonRpc && (event.event === undefined || event.event === 'message') && event.data !== '' && !event.incomplete) addJsonRpc(drafts, event.data, 'in', carrier, exchange);
    });
  } else if (response.raw !== '') {
    const carrier = drafts.add({
      ...base, t: times.end, layer: 'http', dir: 'in', size: response.size, raw: response.raw,
      ...(response.base64 ? { encoding: 'base64' as const } : {}), http: { exchange, phase: 'body', elapsed: elapsed(times.end) },
    });
    if (jsonRpc && !response.base64 && hasJsonRpc(response.raw)) addJsonRpc(drafts, response.raw, 'in', carrier, exchange);
  }
  if (failure !== undefined) {
    counts.failed++;
    drafts.add({ ...base, t: times.end, layer: 'http', dir: 'in', raw: failure, http: { exchange, phase: 'error', elapsed: elapsed(times.end) } });
  } else {
    drafts.add({ ...base, t: times.end, layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'end', elapsed: elapsed(times.end) } });
  }
}

/** Our own export (`_error`), Chrome and Playwright (`_failureText`), or no response at all. */
function failureOf(entry: HarEntry): string | undefined {
  const extra = entry.response as Record<string, unknown>;
  const reason = extra._error ?? extra._failureText;
  if (typeof reason === 'string' && reason !== '') return reason;
  return entry.response.status === 0 ? 'The HAR records no response for this request.' : undefined;
}

/** Our export lists each event's time in `_sseEvents`; other HARs only say when the body ended. */
function sseTimes(entry: HarEntry, count: number, times: { end: number }): number[] {
  const listed = (entry as Record<string, unknown>)._sseEvents;
  if (!Array.isArray(listed) || listed.length !== count) return [];
  return listed.map((event) => {
    const time = (event as { time?: unknown } | null)?.time;
    return typeof time === 'number' ? messageTime(time, times.end) : times.end;
  });
}

/** A time that is not positive means the recorder left timing out (Playwright's omitTiming). */
function messageTime(time: number, fallback: number): number {
  if (!(time > 0)) return fallback;
  return time > SECONDS_OR_MS ? time : time * 1000;
}

/** One envelope per message, a batch's members each on their own, as the live recorder writes them. */
function addJsonRpc(drafts: DraftList, text: string, dir: 'out' | 'in', carrier: EnvelopeDraft, exchange?: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  for (const item of items) {
    const raw = items.length === 1 ? text.replace(/\r?\n$/, '') : JSON.stringify(item);
    drafts.add({ lane: carrier.lane, conn: carrier.conn, t: carrier.t, layer: 'jsonrpc', dir, raw, carrier, ...(exchange ? { link: { exchange } } : {}) });
  }
}

function importSocket(entry: HarEntry, index: number, rawMessages: unknown, drafts: DraftList, counts: Counts): void {
  counts.sockets++;
  let messages: WebSocketMessage[] = [];
  if (rawMessages !== undefined) {
    const checked = WebSocketMessages.safeParse(rawMessages);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ImportError(`The HAR's log.entries[${index}]._webSocketMessages${issue ? fieldPath(issue.path).replace(/^(?=[^[])/, '.') : ''} is not a WebSocket message: ${issue?.message ?? 'invalid'}.`);
    }
    messages = checked.data;
  }
  if (messages.length === 0) counts.socketsWithoutMessages++;
  const openAiLane = openAiLaneOfUrl(entry.request.url);
  const text = messages.filter((m) => m.opcode === 1);
  const mcp = text.some((m) => hasJsonRpc(m.data));
  const lane: LaneId | undefined = openAiLane ?? (mcp ? 'inspector' : undefined);
  if (!lane) {
    counts.leftOut++;
    return;
  }
  const conn = `${lane === 'inspector' ? 'ws' : lane}-${index + 1}`;
  const exchange = `${conn}/h${index + 1}`;
  const base = { lane, conn } as const;
  const times = phaseTimes(entry, index);
  drafts.add({
    ...base, t: times.start, layer: 'http', dir: 'out', raw: '', size: 0,
    http: { exchange, phase: 'request', method: entry.request.method || 'GET', url: entry.request.url, headers: headerList(entry.request.headers) },
  });
  if (entry.response.status > 0) {
    drafts.add({
      ...base, t: times.response, layer: 'http', dir: 'in', raw: '',
      http: { exchange, phase: 'response', status: entry.response.status, statusText: entry.response.statusText, headers: headerList(entry.response.headers), elapsed: Math.max(0, times.response - times.start) },
    });
  }
  for (const message of messages) {
    const dir = message.type === 'send' ? 'out' : 'in';
    const t = messageTime(message.time, times.response);
    if (message.opcode === 1) {
      const carrier = drafts.add({ ...base, t, layer: 'ws', dir, size: utf8Bytes(message.data), raw: message.data, ws: { kind: 'text' } });
      if (lane === 'inspector' && hasJsonRpc(message.data)) addJsonRpc(drafts, message.data, dir, carrier);
    } else if (message.opcode === 2) {
      drafts.add({ ...base, t, layer: 'ws', dir, raw: message.data, encoding: 'base64', size: Math.floor((message.data.replace(/=+$/, '').length * 3) / 4), ws: { kind: 'binary' } });
    } else if (message.opcode === 8) {
      drafts.add({ ...base, t, layer: 'ws', dir, raw: message.data, ws: { kind: 'close' } });
    } else {
      counts.controlFrames++;
    }
  }
}
