import { z } from 'zod';

/**
 * The client rulebook's contract: what every rule file in this folder must look like. Rules are
 * data read by one engine (../evaluate.ts); a condition is one of a few kinds, never code.
 */

export const ClientId = z.enum([
  'openai-responses', 'openai-realtime', 'openai-agents-sdk', 'claude-connector', 'claude-code', 'cursor', 'vscode', 'gemini-cli', 'github-copilot',
]);
export type ClientId = z.infer<typeof ClientId>;

/** A regular expression given as its source text; checked to compile. */
const RegexSource = z.string().min(1).refine((source) => {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/**
 * `{server}` stands for the server's name in the client's configuration (the lanes' server_label
 * when the capture has one) and `{tool}` for the tool's name.
 */
const NameTemplate = z.string().regex(/\{tool\}/, 'must contain {tool}');

/**
 * Conditions on the server's reply. Tool conditions look at one tool as the server sent it;
 * list conditions at the whole reply (its tool count, the initialize result, an HTTP refusal).
 */
export const Condition = z.discriminatedUnion('kind', [
  /** The tool's name does not match `pattern` (a whole-name regex). */
  z.object({ kind: z.literal('name-not-matching'), pattern: RegexSource }).strict(),
  /** The name as the client builds it (`template`) is longer than `max` characters. */
  z.object({ kind: z.literal('name-longer-than'), max: z.number().int().positive(), template: NameTemplate.default('{tool}') }).strict(),
  /** The tool has no description (absent or null). */
  z.object({ kind: z.literal('description-missing') }).strict(),
  /** The description is longer than `max` characters. */
  z.object({ kind: z.literal('description-longer-than'), max: z.number().int().positive() }).strict(),
  /** inputSchema uses one of `keywords`, at its root or anywhere inside it. */
  z.object({ kind: z.literal('schema-keyword'), keywords: z.array(z.string().min(1)).min(1), where: z.enum(['root', 'anywhere']) }).strict(),
  /** A nullable value written as `anyOf [..., {type:"null"}]` or as `type: [X, "null"]`. */
  z.object({ kind: z.literal('schema-nullable'), form: z.enum(['anyOf', 'type-array']) }).strict(),
  /** The MCP SDK's Tool schema (or MCP's own rules) rejects the tool: strict SDK clients fail the whole listing. */
  z.object({ kind: z.literal('tool-invalid') }).strict(),
  /** Every tool: the client always does this (a prefix, say). */
  z.object({ kind: z.literal('always') }).strict(),
  /** The server lists more than `max` tools; tools past `max` (or the list) are hit. */
  z.object({ kind: z.literal('tool-count-above'), max: z.number().int().positive() }).strict(),
  /** The server's initialize result declares (`present: true`) or lacks a capability. */
  z.object({ kind: z.literal('capability'), capability: z.string().min(1), present: z.boolean() }).strict(),
  /** The server answered 401 with a WWW-Authenticate challenge (it wants OAuth). */
  z.object({ kind: z.literal('oauth-challenge') }).strict(),
]);
export type Condition = z.infer<typeof Condition>;

export const LIST_CONDITIONS = ['tool-count-above', 'capability', 'oauth-challenge'] as const satisfies readonly Condition['kind'][];
export const isListCondition = (condition: Condition): boolean => (LIST_CONDITIONS as readonly string[]).includes(condition.kind);

/**
 * dropped: the client leaves the tool out. list-emptied: the client loses every tool of the
 * server (a failed listing, a refused request). call-refused: the tool shows but calls fail.
 * name-rewritten / schema-rewritten: the model sees a different name or schema. warning: may bite.
 */
export const Effect = z.enum(['dropped', 'list-emptied', 'call-refused', 'name-rewritten', 'schema-rewritten', 'warning']);
export type Effect = z.infer<typeof Effect>;

/** documented: the client's docs say so. observed-in-source: read in its code or tests. reported: users or third parties saw it. */
export const Confidence = z.enum(['documented', 'observed-in-source', 'reported']);
export type Confidence = z.infer<typeof Confidence>;

export const Source = z.object({
  url: z.url({ protocol: /^https$/ }),
  /** The fact in our own words (a short quote at most). */
  fact: z.string().min(10).max(400),
}).strict();

export const ClientRule = z.object({
  /** `<client>.<what>`, stable: the UI and scripts key on it. */
  id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be <client>.<name> in lowercase, digits and "-"'),
  client: ClientId,
  /** Which releases it applies to, as the source states them ("all", ">=2.0.21", "2025-11-20 beta"). */
  versions: z.string().min(1),
  title: z.string().min(5).max(120),
  condition: Condition,
  effect: Effect,
  confidence: Confidence,
  sources: z.array(Source).min(1),
  /** What the server author can change so the rule no longer fires. */
  fix: z.string().min(5),
  /** Parallax's own schema lint reports this rule's hits even when no lane shows a difference. */
  lint: z.enum(['always', 'when-lanes-differ']).optional(),
}).strict();
export type ClientRule = z.infer<typeof ClientRule>;
export type ClientRuleInput = z.input<typeof ClientRule>;

export const ClientInfo = z.object({
  id: ClientId,
  name: z.string().min(1),
  /** A column heading (at most 12 characters). */
  short: z.string().min(1).max(12),
  /** Where the client's own MCP documentation lives. */
  docs: z.url({ protocol: /^https$/ }),
}).strict();
export type ClientInfo = z.infer<typeof ClientInfo>;

/** One file of the rulebook: the clients it describes and their rules. */
export const RuleFile = z.object({
  clients: z.array(ClientInfo).min(1),
  rules: z.array(z.unknown()),
});
export type RuleFileInput = { clients: ClientInfo[]; rules: ClientRuleInput[] };
