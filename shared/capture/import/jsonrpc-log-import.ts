import type { Direction } from '../envelope';
import { classifyJsonRpc, jsonRpcIdKey, type JsonRpcMessage } from '../jsonrpc';
import { baseName, DraftList, type ImportedCapture, ImportError, importedHeader } from './imported-capture';

/**
 * Turns a text log with one JSON-RPC message per line into a capture of the inspector lane.
 * A line may start with a timestamp (ISO 8601, or anything in square brackets that reads as a
 * time) and a direction marker (`->`/`<-`, `>`/`<`, `send`/`recv`) before its JSON; lines that
 * hold no JSON-RPC are skipped and counted. Without a marker, requests and notifications go
 * client to server and responses server to client (or the other way, when they answer a
 * request that went the other way).
 */

const LANE = 'inspector' as const;
const CONN = 'log';
/** How many `{`/`[` positions a line's prefix may hold before we stop looking for its JSON. */
const MAX_JSON_STARTS = 8;
const EXCERPT_CHARS = 80;
/** The last instant a Date can hold (ECMAScript's limit), in ms since the epoch. */
const MAX_DATE_MS = 8.64e15;

const ISO_AT_START = /^\s*(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)/i;
const BRACKETED_AT_START = /^\s*\[([^\]]{1,64})\]/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/;
const OUT_MARKERS = new Set(['->', '-->', '>', '>>', 'send', 'sent', 'out']);
const IN_MARKERS = new Set(['<-', '<--', '<', '<<', 'recv', 'received', 'in']);

export interface JsonRpcLogOptions {
  /** When a line has no timestamp at all in the file (ms since the epoch); lines then follow 1 ms apart. */
  now?: number;
}

interface ParsedLine {
  time?: number;
  /** A time of day without a date, in ms since midnight UTC, dated by the last full timestamp. */
  timeOfDay?: number;
  dir?: Direction;
  json: string;
  messages: JsonRpcMessage[];
  parsed: unknown;
}

export function importJsonRpcLog(text: string, fileName: string, options: JsonRpcLogOptions = {}): ImportedCapture {
  const file = baseName(fileName);
  const drafts = new DraftList();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const skipped: number[] = [];
  let firstSkipped = '';
  let inferred = 0;
  const base = options.now ?? Date.now();
  let lastStamp: number | undefined;
  let day: number | undefined;
  const requestDir = new Map<string, Direction>();

  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseLine(line);
    if (!parsed) {
      if (skipped.length === 0) firstSkipped = line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
      skipped.push(i + 1);
      return;
    }
    let t = parsed.time;
    if (t !== undefined) day = Math.floor(t / 86_400_000) * 86_400_000;
    else if (parsed.timeOfDay !== undefined) t = (day ?? Math.floor(base / 86_400_000) * 86_400_000) + parsed.timeOfDay;
    if (t !== undefined) lastStamp = t;
    // Before any timestamp the lines keep their order 1 ms apart; after one, an unstamped line shares it.
    t ??= lastStamp ?? base + i;
    const items = Array.isArray(parsed.parsed) ? (parsed.parsed as unknown[]) : [parsed.parsed];
    parsed.messages.forEach((message, m) => {
      let dir = parsed.dir;
      if (!dir) {
        inferred++;
        dir = inferDirection(message, requestDir);
      }
      if (message.kind === 'request') requestDir.set(jsonRpcIdKey(message.id), dir);
      const raw = items.length === 1 ? parsed.json : JSON.stringify(items[m]);
      drafts.add({ lane: LANE, conn: CONN, t, layer: 'jsonrpc', dir, raw });
    });
  });

  if (drafts.size === 0) {
    const nonBlank = lines.filter((l) => l.trim() !== '').length;
    throw new ImportError(`no MCP traffic found in ${file}: ${nonBlank === 0 ? 'the file is empty' : `none of its ${nonBlank} lines is a JSON-RPC message`}.`);
  }
  const envelopes = drafts.finish();
  const notes = [`Imported from the JSON-RPC log ${file}: ${envelopes.length} message${envelopes.length === 1 ? '' : 's'}, all in the inspector lane.`];
  if (skipped.length) {
    notes.push(`${skipped.length} line${skipped.length === 1 ? ' is' : 's are'} not JSON-RPC and ${skipped.length === 1 ? 'was' : 'were'} skipped (first: line ${skipped[0]}, "${firstSkipped}").`);
  }
  if (inferred) notes.push(`${inferred} message${inferred === 1 ? ' has' : 's have'} no direction marker: requests and notifications were taken as client to server, responses as server to client.`);
  return { header: importedHeader('jsonrpc-log', file, envelopes, notes, envelopes[0]?.t ?? base), envelopes, notes };
}

/** A response answers the request with its id, so it travels the other way; without one, server to client. */
function inferDirection(message: JsonRpcMessage, requestDir: ReadonlyMap<string, Direction>): Direction {
  if (message.kind === 'request' || message.kind === 'notification') return 'out';
  if (message.kind === 'response' && message.id !== null) {
    const request = requestDir.get(jsonRpcIdKey(message.id));
    if (request) return request === 'out' ? 'in' : 'out';
  }
  return 'in';
}

function parseLine(line: string): ParsedLine | undefined {
  let rest = line;
  let time: number | undefined;
  let timeOfDay: number | undefined;
  const iso = ISO_AT_START.exec(rest);
  if (iso?.[1]) {
    time = parseIso(iso[1]);
    rest = rest.slice(iso[0].length);
  } else {
    const bracketed = BRACKETED_AT_START.exec(rest);
    const stamp = bracketed?.[1] ? parseStamp(bracketed[1].trim()) : undefined;
    if (bracketed && stamp) {
      ({ time, timeOfDay } = stamp);
      rest = rest.slice(bracketed[0].length);
    }
  }
  const found = findJson(rest);
  if (!found) return undefined;
  const messages = classifyJsonRpc(found.json);
  // JSON that holds no JSON-RPC at all (a config dump, a log record) is not a message.
  if (!messages.some((m) => m.kind !== 'invalid')) return undefined;
  const dir = directionOf(rest.slice(0, found.start));
  return { ...(time !== undefined ? { time } : {}), ...(timeOfDay !== undefined ? { timeOfDay } : {}), ...(dir ? { dir } : {}), json: found.json, messages, parsed: found.parsed };
}

function parseIso(text: string): number | undefined {
  let normalized = text.replace(' ', 'T').replace(',', '.');
  // A time without a zone is read as UTC, so the same log gives the same capture everywhere.
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(normalized)) normalized += 'Z';
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : ms;
}

function parseStamp(text: string): { time?: number; timeOfDay?: number } | undefined {
  if (ISO_AT_START.test(text)) {
    const time = parseIso(text);
    return time === undefined ? undefined : { time };
  }
  const clock = TIME_OF_DAY.exec(text);
  if (clock) {
    const [, h = '0', m = '0', s = '0', fraction = ''] = clock;
    const ms = Number(`0.${fraction || '0'}`) * 1000;
    return { timeOfDay: ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + ms };
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    const time = n > 1e11 ? n : n * 1000;
    // A number past the last instant a Date holds is no time (and its header date would throw).
    return time <= MAX_DATE_MS ? { time } : undefined;
  }
  return undefined;
}

/** The JSON is the rest of the line from the first `{` or `[` that starts a value parsing to the end. */
function findJson(text: string): { start: number; json: string; parsed: unknown } | undefined {
  let tries = 0;
  for (let i = 0; i < text.length && tries < MAX_JSON_STARTS; i++) {
    const c = text[i];
    if (c !== '{' && c !== '[') continue;
    tries++;
    const json = text.slice(i).trim();
    try {
      return { start: i, json, parsed: JSON.parse(json) };
    } catch {
      // Not this one: a bracket in the prefix, such as a logger's [info].
    }
  }
  return undefined;
}

/** The first marker word in the text before the JSON; `send:` and `[recv]` count too. */
function directionOf(prefix: string): Direction | undefined {
  for (const word of prefix.toLowerCase().split(/\s+/)) {
    const token = word.replace(/^[[(]+|[\]):,]+$/g, '');
    if (OUT_MARKERS.has(token)) return 'out';
    if (IN_MARKERS.has(token)) return 'in';
  }
  return undefined;
}
