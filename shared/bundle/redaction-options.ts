import { z } from 'zod';
import { parseJsonPath } from './json-path';

/** Rules the user adds on top of the built-in ones. */
export const UserRedactionRule = z.discriminatedUnion('kind', [
  /** Every value of this header, wherever it was sent or received, and that value anywhere else. */
  z.object({ kind: z.literal('header'), name: z.string().trim().min(1).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a header name') }),
  /** Every match of this regular expression in any payload, URL or header value. */
  z.object({ kind: z.literal('regex'), pattern: z.string().min(1) }).refine((rule) => compiles(rule.pattern), { message: 'not a valid regular expression', path: ['pattern'] }),
  /** The values at this JSON path in any JSON payload (JSON-RPC, OpenAI events, request bodies). */
  z.object({ kind: z.literal('json-path'), path: z.string().min(1) }).refine((rule) => parses(rule.path), { message: 'not a JSON path this app reads ($.a.b, $..name, [n], [*])', path: ['path'] }),
]);
export type UserRedactionRule = z.infer<typeof UserRedactionRule>;

export const RedactionOptions = z.object({
  /** The only way to keep secrets in a bundle; off unless the user ticks it. */
  includeSecrets: z.boolean().default(false),
  rules: z.array(UserRedactionRule).default([]),
});
export type RedactionOptions = z.output<typeof RedactionOptions>;
export type RedactionOptionsInput = z.input<typeof RedactionOptions>;

/** One kind of secret and how often it will be (or was) removed. */
export const RedactionCount = z.object({
  rule: z.string(),
  label: z.string(),
  /** Replacements across the capture (the HAR and reports are built from the redacted capture). */
  count: z.number().int().nonnegative(),
  /** Distinct secret values this rule found. */
  values: z.number().int().nonnegative(),
});
export type RedactionCount = z.infer<typeof RedactionCount>;

export const RedactionPreview = z.object({
  enabled: z.boolean(),
  items: z.array(RedactionCount.extend({
    /** A few leading characters and the length, so the user can recognise a value without it being shown. */
    hints: z.array(z.string()),
  })),
  envelopesChanged: z.number().int().nonnegative(),
  envelopes: z.number().int().nonnegative(),
});
export type RedactionPreview = z.infer<typeof RedactionPreview>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'g');
    return true;
  } catch {
    return false;
  }
}

function parses(path: string): boolean {
  try {
    parseJsonPath(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A user rule's id and label for the preview and the manifest. A regex is named by its position
 * among the regexes, not its text: a pattern may spell out the very secret it removes.
 */
export function describeUserRule(rule: UserRedactionRule, regexIndex: number): { id: string; label: string } {
  if (rule.kind === 'header') return { id: `user:header:${rule.name.toLowerCase()}`, label: `Header ${rule.name} (your rule)` };
  if (rule.kind === 'regex') return { id: `user:regex:${regexIndex + 1}`, label: `Your regular expression #${regexIndex + 1}` };
  return { id: `user:json-path:${rule.path}`, label: `JSON path ${rule.path} (your rule)` };
}
