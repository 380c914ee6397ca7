import type { AskedRecord } from './envelope';

/**
 * The header is read alone (64 KiB at most) to link the files of a recording, and every file
 * of one repeats it, so what was asked stays well under that: arguments bigger than this are
 * left out of the record (the frames still hold them) and `omitted` says how big they were.
 */
export const ASKED_MAX_BYTES = 32 * 1024;

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/** The record as the header keeps it: whole when it fits, its arguments or params left out when not. */
export function boundedAsked(asked: AskedRecord): AskedRecord {
  const bytes = bytesOf(asked);
  if (bytes <= ASKED_MAX_BYTES) return asked;
  if (asked.kind === 'tools/call') return { ...asked, arguments: {}, omitted: bytesOf(asked.arguments) };
  return { ...asked, requests: asked.requests.map(({ method }) => ({ method, params: {} })), omitted: bytesOf(asked.requests.map((r) => r.params)) };
}

/** One line naming what was asked, as a history list shows it: `tools/call book_visit`, `resources/read clinic://x`. */
export function askedTarget(asked: AskedRecord): string {
  if (asked.kind === 'tools/call') return `tools/call ${asked.tool}`;
  return asked.requests.map(({ method, params }) => {
    const what = typeof params.uri === 'string' ? params.uri : typeof params.name === 'string' ? params.name : '';
    return what ? `${method} ${what}` : method;
  }).join(', ');
}
