import type { CaptureHeader, Envelope } from '../capture/envelope';
import { leafStrings, parseJsonPath, selectJsonPath } from './json-path';
import { describeUserRule, type UserRedactionRule } from './redaction-options';
import { decodeBase64Latin1, utf8OfLatin1 } from './secret-forms';
import { AUTHORIZATION_HEADER, COOKIE_HEADER, CREDENTIAL_HEADER, KEY_SUBPROTOCOL, REDACTED, SECRET_PARAMETER } from '../security/secret-names';

/** What stands in for a secret in a bundle; the same words the lanes use when they record. */

/** The built-in kinds of secret, in the order they claim a value found by more than one. */
export const BUILT_IN_RULES = {
  'configured-key': 'The configured OpenAI API key',
  'authorization': 'Authorization headers',
  'cookie': 'Cookie and Set-Cookie headers',
  'credential-header': 'Other credential headers (API keys, tokens)',
  'mcp-tool': 'authorization and header values of mcp tools',
  'url-token': 'Tokens in URL queries',
  'stdio-env': 'Values from the stdio server\'s environment',
  'lane-config': 'Credentials in the lane configurations',
  'openai-key': 'OpenAI API keys (sk-…)',
  'ephemeral-key': 'Realtime ephemeral keys (ek_…)',
} as const;
export type BuiltInRule = keyof typeof BUILT_IN_RULES;

/** A secret the exporter knows without looking: the key it holds, the env and token it gave a server. */
export interface KnownSecret {
  rule: BuiltInRule;
  value: string;
}

/** OpenAI keys: `sk-`, an optional kind, then a long random part (long enough that `sk-learn` in prose is not one). */
const OPENAI_KEY = /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g;
/** Realtime ephemeral client secrets. */
const EPHEMERAL_KEY = /\bek_[A-Za-z0-9_-]{16,}/g;
const QUERY_PAIR = /[?&]([A-Za-z0-9_.-]+)=([^&#\s"'<>\\]+)/g;
const CONFIG_SECRET_KEY = /^(authorization|bearer.?token|token|secret|api.?key|password|client.?secret)$/i;
/** Values that are already a stand-in, as typed or URL-encoded in a query (`?api_key=%5Bredacted%5D`). */
const PLACEHOLDER = /^(\[redacted\]|%5Bredacted%5D|none|(Bearer|Basic|Token) \[redacted\])$/i;

export type HeaderRule = { rule: string; kind: 'authorization' | 'cookie' | 'plain' | 'subprotocol' };

/** Which rule, if any, makes this header's value a secret. User rules come first. */
export function headerRule(name: string, userHeaders: ReadonlyMap<string, string>): HeaderRule | undefined {
  const lower = name.toLowerCase();
  const user = userHeaders.get(lower);
  if (user) return { rule: user, kind: AUTHORIZATION_HEADER.test(lower) ? 'authorization' : 'plain' };
  if (AUTHORIZATION_HEADER.test(lower)) return { rule: 'authorization', kind: 'authorization' };
  if (COOKIE_HEADER.test(lower)) return { rule: 'cookie', kind: 'cookie' };
  if (lower === 'sec-websocket-protocol') return { rule: 'credential-header', kind: 'subprotocol' };
  if (CREDENTIAL_HEADER.test(lower)) return { rule: 'credential-header', kind: 'plain' };
  return undefined;
}

/** The secret parts of a credential header's value, and the value as it is written with them removed. */
export function splitHeaderValue(name: string, value: string, kind: HeaderRule['kind']): { secrets: string[]; redacted: string } {
  if (kind === 'authorization') {
    const scheme = /^(\w+)\s+(.+)$/.exec(value);
    if (scheme?.[2]) return { secrets: [value, scheme[2]], redacted: `${scheme[1]} ${REDACTED}` };
    return { secrets: [value], redacted: REDACTED };
  }
  if (kind === 'cookie') {
    const setCookie = name.toLowerCase() === 'set-cookie';
    const parts = value.split(';');
    const secrets: string[] = [value];
    const redacted = parts.map((part, index) => {
      if (setCookie && index > 0) return part;
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      const cookieValue = part.slice(eq + 1).trim();
      if (cookieValue) secrets.push(cookieValue);
      return `${part.slice(0, eq + 1)}${REDACTED}`;
    }).join(';');
    return { secrets, redacted };
  }
  if (kind === 'subprotocol') {
    const secrets = [...value.matchAll(KEY_SUBPROTOCOL)].map((m) => m[1] as string);
    return { secrets, redacted: value.replace(KEY_SUBPROTOCOL, `openai-insecure-api-key.${REDACTED}`) };
  }
  return { secrets: [value], redacted: REDACTED };
}

/** A URL with credential-looking query values replaced, and those values (as sent and decoded). */
export function splitUrl(url: string): { secrets: string[]; redacted: string } {
  const secrets: string[] = [];
  const redacted = url.replace(QUERY_PAIR, (whole, name: string, value: string) => {
    if (!SECRET_PARAMETER.test(name)) return whole;
    secrets.push(value, decodeQueryValue(value));
    return `${whole[0]}${name}=${encodeURIComponent(REDACTED)}`;
  });
  return { secrets, redacted };
}

function decodeQueryValue(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function* walk(value: unknown): Generator<unknown> {
  yield value;
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (isRecord(value)) for (const item of Object.values(value)) yield* walk(item);
}

/** The JSON documents in a payload: the payload itself, or each `data:` of an SSE event block. */
export function jsonDocuments(text: string): unknown[] {
  const documents: unknown[] = [];
  const tryParse = (candidate: string) => {
    const trimmed = candidate.trim();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return;
    try {
      documents.push(JSON.parse(trimmed));
    } catch {
      // Not JSON: the text rules still read it.
    }
  };
  tryParse(text);
  if (documents.length === 0 && /^data:/m.test(text)) {
    tryParse(text.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).replace(/^ /, '')).join('\n'));
  }
  return documents;
}

/** The text of an envelope's payload, decoding base64 when it holds UTF-8 after all. */
export function payloadText(envelope: Envelope): string {
  if (envelope.encoding !== 'base64') return envelope.raw;
  const latin1 = decodeBase64Latin1(envelope.raw);
  return latin1 === null ? '' : utf8OfLatin1(latin1) ?? latin1;
}

/**
 * Collects every secret value in a capture before anything is replaced, so a value found in one
 * place (a token in an `mcp` tool's `authorization`) is also removed everywhere else it went
 * (the Inspector's Authorization header, an echo in a server's error).
 */
export class SecretDiscovery {
  /** value -> id of the rule that found it first. */
  readonly found = new Map<string, string>();
  readonly userHeaders = new Map<string, string>();
  readonly labels = new Map<string, string>(Object.entries(BUILT_IN_RULES));
  private readonly userRegexes: { id: string; regex: RegExp }[] = [];
  private readonly userPaths: { id: string; path: ReturnType<typeof parseJsonPath> }[] = [];
  private readonly envPatterns: RegExp[] = [];

  constructor(rules: readonly UserRedactionRule[], known: readonly KnownSecret[]) {
    for (const secret of known) this.add(secret.rule, secret.value);
    let regexes = 0;
    rules.forEach((rule) => {
      const { id, label } = describeUserRule(rule, rule.kind === 'regex' ? regexes++ : 0);
      this.labels.set(id, label);
      if (rule.kind === 'header') this.userHeaders.set(rule.name.toLowerCase(), id);
      else if (rule.kind === 'regex') this.userRegexes.push({ id, regex: new RegExp(rule.pattern, 'g') });
      else this.userPaths.push({ id, path: parseJsonPath(rule.path) });
    });
  }

  add(rule: string, value: string | undefined): void {
    if (value === undefined || value.trim() === '' || PLACEHOLDER.test(value.trim())) return;
    if (!this.found.has(value)) this.found.set(value, rule);
  }

  /** Lane configurations: credential-looking fields, a stdio server's env (values, or names to look for). */
  header(header: CaptureHeader): void {
    for (const lane of header.lanes) {
      this.json(lane);
      for (const node of walk(lane)) {
        if (typeof node === 'string') this.text(node);
        if (!isRecord(node)) continue;
        for (const [key, value] of Object.entries(node)) {
          if (typeof value === 'string' && CONFIG_SECRET_KEY.test(key)) this.add('lane-config', value);
          if (key === 'env' && isRecord(value)) for (const [name, v] of Object.entries(value)) { this.addEnvName(name); if (typeof v === 'string') this.add('stdio-env', v); }
          if (key === 'envNames' && Array.isArray(value)) for (const name of value) if (typeof name === 'string') this.addEnvName(name);
          if (key === 'headers') this.headerList(value);
        }
      }
    }
    if (header.note) this.text(header.note);
  }

  envelope(envelope: Envelope): void {
    const http = envelope.http;
    if (http?.url) this.url(http.url);
    if (http?.headers) this.headerList(http.headers);
    const text = payloadText(envelope);
    this.text(text);
    for (const document of jsonDocuments(text)) this.json(document);
  }

  /** Header pairs (`[[k, v]]`) or a header object (`{k: v}`), as lanes and OpenAI's tool config write them. */
  private headerList(headers: unknown): void {
    const pairs: [string, unknown][] = Array.isArray(headers)
      ? headers.filter((h): h is [string, unknown] => Array.isArray(h) && typeof h[0] === 'string').map((h) => [h[0], h[1]])
      : isRecord(headers) ? Object.entries(headers) : [];
    for (const [name, value] of pairs) {
      if (typeof value !== 'string') continue;
      const rule = headerRule(name, this.userHeaders);
      if (rule) for (const secret of splitHeaderValue(name, value, rule.kind).secrets) this.add(rule.rule, secret);
    }
  }

  private url(url: string): void {
    for (const secret of splitUrl(url).secrets) this.add('url-token', secret);
  }

  private text(text: string): void {
    if (!text) return;
    for (const match of text.matchAll(OPENAI_KEY)) this.add('openai-key', match[0]);
    for (const match of text.matchAll(EPHEMERAL_KEY)) this.add('ephemeral-key', match[0]);
    for (const match of text.matchAll(QUERY_PAIR)) {
      if (SECRET_PARAMETER.test(match[1] as string)) { this.add('url-token', match[2]); this.add('url-token', decodeQueryValue(match[2] as string)); }
    }
    for (const pattern of this.envPatterns) for (const match of text.matchAll(pattern)) this.add('stdio-env', match[1]);
    for (const { id, regex } of this.userRegexes) for (const match of text.matchAll(regex)) if (match[0] !== '') this.add(id, match[0]);
  }

  private json(document: unknown): void {
    for (const node of walk(document)) {
      if (!isRecord(node) || node.type !== 'mcp') continue;
      if (typeof node.authorization === 'string') this.add('mcp-tool', node.authorization);
      const headers = node.headers;
      for (const value of isRecord(headers) ? Object.values(headers) : Array.isArray(headers) ? headers.map((h: unknown) => (Array.isArray(h) ? h[1] : undefined)) : []) {
        if (typeof value === 'string') {
          this.add('mcp-tool', value);
          const scheme = /^\w+\s+(.+)$/.exec(value);
          if (scheme?.[1]) this.add('mcp-tool', scheme[1]);
        }
      }
    }
    for (const { id, path } of this.userPaths) for (const value of leafStrings(selectJsonPath(document, path))) this.add(id, value);
  }

  private addEnvName(name: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return;
    // A server that prints its environment writes NAME=value, NAME: value or "NAME": "value".
    this.envPatterns.push(new RegExp(`\\b${name}["']?\\s*[=:]\\s*["']?([^\\s"',;&]+)`, 'g'));
  }
}
