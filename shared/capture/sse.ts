/**
 * Reads one recorded SSE event block (an `sse` envelope's raw) the way the WHATWG event-stream
 * rules interpret it: lines end in CRLF, LF or CR; `field: value` loses one leading space;
 * `data` lines join with LF; lines starting with a colon are comments.
 */
export interface SseEvent {
  /** The `event:` field; consumers treat a missing one as "message". */
  event?: string;
  data: string;
  id?: string;
  retry?: number;
  comments: string[];
}

export function parseSseEvent(raw: string): SseEvent {
  const result: SseEvent = { data: '', comments: [] };
  const data: string[] = [];
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (line === '') continue;
    if (line.startsWith(':')) {
      result.comments.push(line.slice(1).replace(/^ /, ''));
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') result.event = value;
    else if (field === 'id' && !value.includes('\u0000')) result.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) result.retry = Number(value);
  }
  result.data = data.join('\n');
  return result;
}
