import type { FrameSummary } from './summary';

/**
 * The timeline's filter language: `lane:realtime method:tools/list -dir:out status:401 kind:invalid`
 * plus free words (matched in the label, or in the body when asked) and `/regex/flags`.
 * Tokens of the same field are alternatives (OR); different fields and words must all hold (AND).
 */
export const FILTER_FIELDS = ['lane', 'method', 'tool', 'dir', 'layer', 'status', 'kind', 'conn', 'seq'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export type FilterTerm =
  | { type: 'field'; field: FilterField; value: string; negate: boolean }
  | { type: 'text'; value: string; negate: boolean }
  | { type: 'regex'; source: string; flags: string; negate: boolean };

export interface ParsedFilter {
  terms: FilterTerm[];
  /** Problems that made a token unusable; the rest of the filter still applies. */
  errors: string[];
  /** True when some term must look inside bodies (free text or regex). */
  needsBody: boolean;
}

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  const re = /(-?[a-z]+:"[^"]*"|"[^"]*"|-?\/(?:\\.|[^/])+\/[a-z]*|\S+)/gi;
  for (const match of input.matchAll(re)) tokens.push(match[0]);
  return tokens;
}

const unquote = (s: string) => (s.startsWith('"') && s.endsWith('"') && s.length >= 2 ? s.slice(1, -1) : s);

export function parseFilter(input: string): ParsedFilter {
  const terms: FilterTerm[] = [];
  const errors: string[] = [];
  for (const token of tokenize(input)) {
    const negate = token.startsWith('-') && token.length > 1;
    const body = negate ? token.slice(1) : token;
    const regex = /^\/((?:\\.|[^/])+)\/([a-z]*)$/i.exec(body);
    if (regex) {
      const [, source = '', flags = ''] = regex;
      try {
        new RegExp(source, flags);
        terms.push({ type: 'regex', source, flags: flags.replace(/g|y/g, ''), negate });
      } catch (error) {
        errors.push(`Invalid regular expression ${body}: ${error instanceof Error ? error.message : String(error)}`);
      }
      continue;
    }
    const field = /^([a-z]+):(.*)$/i.exec(body);
    if (field) {
      const name = field[1]?.toLowerCase() as FilterField;
      const value = unquote(field[2] ?? '');
      if (!(FILTER_FIELDS as readonly string[]).includes(name)) {
        errors.push(`Unknown filter field "${field[1]}:"; use one of ${FILTER_FIELDS.map((f) => `${f}:`).join(' ')}`);
        continue;
      }
      if (value === '') {
        errors.push(`"${name}:" needs a value`);
        continue;
      }
      terms.push({ type: 'field', field: name, value, negate });
      continue;
    }
    terms.push({ type: 'text', value: unquote(body), negate });
  }
  return { terms, errors, needsBody: terms.some((t) => t.type !== 'field') };
}

function statusMatches(row: FrameSummary, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'error' || v === 'failed') return row.error;
  if (v === 'ok') return !row.error && !row.invalid;
  if (/^\dxx$/.test(v)) return row.httpStatus !== undefined && Math.floor(row.httpStatus / 100) === Number(v[0]);
  return row.httpStatus !== undefined && String(row.httpStatus) === v;
}

function kindMatches(row: FrameSummary, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'invalid') return row.invalid;
  if (v === 'error') return row.error;
  return row.kind === v;
}

function fieldMatches(row: FrameSummary, field: FilterField, value: string): boolean {
  const v = value.toLowerCase();
  switch (field) {
    case 'lane': return row.lane === v;
    case 'dir': return row.dir === v;
    case 'layer': return row.layer === v;
    case 'method': return (row.method ?? row.label).toLowerCase().includes(v);
    case 'tool': return row.tool?.toLowerCase() === v || (row.tool?.toLowerCase().includes(v) ?? false);
    case 'status': return statusMatches(row, value);
    case 'kind': return kindMatches(row, value);
    case 'conn': return row.conn.toLowerCase().includes(v);
    case 'seq': {
      const range = /^(\d+)?-(\d+)?$/.exec(v);
      if (range) return row.seq >= Number(range[1] ?? 0) && row.seq <= Number(range[2] ?? Number.MAX_SAFE_INTEGER);
      return String(row.seq) === v;
    }
  }
}

export type FrameMatcher = (row: FrameSummary, body?: string) => boolean;
export type TextMatcher = (label: string, body?: string) => boolean;

/** The filter's field terms alone, and the rest (free text and regex): the two can be run apart. */
export function splitFilter(filter: ParsedFilter): { fields: ParsedFilter; text: ParsedFilter } {
  const fields = filter.terms.filter((t) => t.type === 'field');
  const text = filter.terms.filter((t) => t.type !== 'field');
  return { fields: { terms: fields, errors: [], needsBody: false }, text: { terms: text, errors: [], needsBody: text.length > 0 } };
}

/**
 * Compiles the free text and regex terms: each must hit (or, negated, miss) the label or the
 * body. Field terms are ignored here; `compileFilter` applies them. Body search runs this alone
 * on a worker once the fields are decided, so the worker needs only labels and bodies.
 */
export function compileTextFilter(filter: ParsedFilter): TextMatcher {
  const tests = filter.terms.flatMap((term) => {
    if (term.type === 'field') return [];
    if (term.type === 'regex') {
      const re = new RegExp(term.source, term.flags);
      return [{ negate: term.negate, hit: (label: string, body?: string) => re.test(label) || (body !== undefined && re.test(body)) }];
    }
    const needle = term.value.toLowerCase();
    return [{ negate: term.negate, hit: (label: string, body?: string) => label.toLowerCase().includes(needle) || (body !== undefined && body.toLowerCase().includes(needle)) }];
  });
  return (label, body) => {
    for (const test of tests) if (test.hit(label, body) === test.negate) return false;
    return true;
  };
}

/** Indexes of the rows whose label or body `matcher` keeps: one batch of a body search. */
export function textHits(matcher: TextMatcher, labels: readonly string[], bodies: readonly (string | undefined)[]): number[] {
  const hits: number[] = [];
  labels.forEach((label, i) => { if (matcher(label, bodies[i])) hits.push(i); });
  return hits;
}

/** The free text and regex part of a filter as typed, compiled (see compileTextFilter). */
export const textFilterOf = (input: string): TextMatcher => compileTextFilter(splitFilter(parseFilter(input)).text);

/**
 * Compiles a parsed filter; free text and regex test the label, and the body when one is given.
 * The matcher runs once per row of sessions a million rows long, so everything that does not
 * depend on the row (splitting terms, lower-casing needles) is done here, once.
 */
export function compileFilter(filter: ParsedFilter): FrameMatcher {
  const byField = new Map<FilterField, { positives: string[]; negatives: string[] }>();
  for (const term of filter.terms) {
    if (term.type !== 'field') continue;
    const entry = byField.get(term.field) ?? { positives: [], negatives: [] };
    (term.negate ? entry.negatives : entry.positives).push(term.value);
    byField.set(term.field, entry);
  }
  const fields = [...byField].map(([field, { positives, negatives }]) => ({ field, positives, negatives }));
  const text = compileTextFilter(filter);

  return (row, body) => {
    for (const { field, positives, negatives } of fields) {
      if (positives.length && !positives.some((value) => fieldMatches(row, field, value))) return false;
      if (negatives.some((value) => fieldMatches(row, field, value))) return false;
    }
    return text(row.label, body);
  };
}
