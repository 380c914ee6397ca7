import type { HeaderList } from '../capture/envelope';

/** Small readers for untrusted wire JSON: the diagnosis must describe broken frames, never throw on them. */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `undefined` when the text is not JSON. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function parseRecord(raw: string): Record<string, unknown> | undefined {
  const value = parseJson(raw);
  return isRecord(value) ? value : undefined;
}

/**
 * A value quoted as JSON for a finding's text. A hostile frame can nest deeper than JSON.stringify
 * can print (it overflows the stack) or be huge; either way the finding still has to be written.
 */
export function quoteJson(value: unknown, maxChars = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    return isRecord(value) ? `an object with keys ${Object.keys(value).slice(0, 10).join(', ')} nested too deep to print` : 'a value nested too deep to print';
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** First value of a header, case-insensitively; header lists keep wire order and repeats. */
export function headerValue(headers: HeaderList | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers?.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** Structural equality for JSON values, key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!jsonEqual(a[key], b[key])) return false;
  return true;
}

/** JSON-pointer paths where two JSON values differ (at most `limit`). */
export function jsonDifferences(a: unknown, b: unknown, path = '', limit = 5, out: string[] = []): string[] {
  if (out.length >= limit || jsonEqual(a, b)) return out;
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      jsonDifferences(a[key], b[key], `${path}/${key}`, limit, out);
      if (out.length >= limit) break;
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => jsonDifferences(v, b[i], `${path}/${i}`, limit, out));
    return out;
  }
  out.push(path || '/');
  return out;
}

export const uniqueSeqs = (seqs: (number | undefined)[]): number[] => [...new Set(seqs.filter((s): s is number => typeof s === 'number'))].sort((x, y) => x - y);
