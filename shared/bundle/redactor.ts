import type { CaptureHeader, Envelope, HeaderList } from '../capture/envelope';
import type { RedactionCount, RedactionOptions, RedactionPreview } from './redaction-options';
import { REDACTED } from '../security/secret-names';
import { headerRule, SecretDiscovery, splitHeaderValue, splitUrl, type KnownSecret } from './secret-discovery';
import { bytesAsLatin1, decodeBase64Latin1, jsonEscape, secretForms } from './secret-forms';

/** Shorter values could occur by chance in ordinary traffic: they are removed only where they were found (a header, a quoted JSON value). */
export const MIN_SCANNED_SECRET = 8;

const URL_PLACEHOLDER = encodeURIComponent(REDACTED);
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

interface Form {
  text: string;
  rule: string;
}

/** Replaces every form of every discovered secret and counts the replacements per rule. */
class Scrubber {
  readonly counts = new Map<string, number>();
  private readonly forms: Form[] = [];
  private readonly byteForms: Form[] = [];
  private readonly shortQuoted: Form[] = [];

  constructor(found: ReadonlyMap<string, string>) {
    const seen = new Set<string>();
    for (const [value, rule] of found) {
      if (value.length < MIN_SCANNED_SECRET) {
        this.shortQuoted.push({ text: `"${jsonEscape(value)}"`, rule });
        continue;
      }
      for (const form of secretForms(value)) {
        if (seen.has(form)) continue;
        seen.add(form);
        this.forms.push({ text: form, rule });
      }
      this.byteForms.push({ text: bytesAsLatin1(value), rule });
    }
    // Longest first, so a secret that contains another is removed whole.
    const longestFirst = (a: Form, b: Form) => b.text.length - a.text.length;
    this.forms.sort(longestFirst);
    this.byteForms.sort(longestFirst);
  }

  get empty(): boolean {
    return this.forms.length === 0 && this.shortQuoted.length === 0;
  }

  count(rule: string, n = 1): void {
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + n);
  }

  text(input: string, placeholder = REDACTED): string {
    let text = input;
    for (const form of this.forms) text = this.replace(text, form, placeholder);
    for (const form of this.shortQuoted) text = this.replace(text, form, `"${placeholder}"`);
    return this.base64Runs(text);
  }

  /** One-char-per-byte text (a binary frame): the secrets' UTF-8 bytes are replaced. */
  bytes(input: string): string {
    let text = input;
    for (const form of this.byteForms) text = this.replace(text, form, REDACTED);
    return text;
  }

  /** Strings inside a JSON value (a lane configuration), keys included: a header map may be keyed by a secret. */
  value(input: unknown): unknown {
    if (typeof input === 'string') {
      const short = this.shortQuoted.find((f) => f.text === `"${jsonEscape(input)}"`);
      if (short) {
        this.count(short.rule);
        return REDACTED;
      }
      return this.text(input);
    }
    if (Array.isArray(input)) return input.map((item) => this.value(item));
    if (typeof input === 'object' && input !== null) return Object.fromEntries(Object.entries(input).map(([k, v]) => [this.text(k), this.value(v)]));
    return input;
  }

  private replace(text: string, form: Form, placeholder: string): string {
    if (!text.includes(form.text)) return text;
    const parts = text.split(form.text);
    this.count(form.rule, parts.length - 1);
    return parts.join(placeholder);
  }

  /** Base64 inside text (Basic credentials, an encoded payload) is decoded, scrubbed and encoded again. */
  private base64Runs(text: string): string {
    if (this.byteForms.length === 0) return text;
    return text.replace(BASE64_RUN, (run) => {
      const decoded = decodeBase64Latin1(run);
      if (decoded === null || !this.byteForms.some((f) => decoded.includes(f.text))) return run;
      let encoded = btoa(this.bytes(decoded));
      if (/[-_]/.test(run)) encoded = encoded.replace(/\+/g, '-').replace(/\//g, '_');
      if (!run.endsWith('=')) encoded = encoded.replace(/=+$/, '');
      return encoded;
    });
  }
}

export interface RedactedCapture {
  header: CaptureHeader;
  envelopes: Envelope[];
  preview: RedactionPreview;
  /** Per rule, without hints: what the manifest records. */
  counts: RedactionCount[];
  /** Every secret long enough to search for, so the writer can check its output for them. */
  secrets: { value: string; rule: string }[];
}

/**
 * Removes secrets from a capture: first every envelope and the header are read to find the
 * secret values, then every form of each value is replaced everywhere (payloads, URLs, header
 * values, lane configurations). Changed envelopes get `redacted: true`. With `includeSecrets`
 * the capture comes back unchanged and the preview says redaction is off.
 */
export function redactCapture(header: CaptureHeader, envelopes: readonly Envelope[], options: RedactionOptions, known: readonly KnownSecret[] = []): RedactedCapture {
  if (options.includeSecrets) {
    return { header, envelopes: [...envelopes], counts: [], secrets: [], preview: { enabled: false, items: [], envelopesChanged: 0, envelopes: envelopes.length } };
  }
  const discovery = new SecretDiscovery(options.rules, known);
  discovery.header(header);
  for (const envelope of envelopes) discovery.envelope(envelope);
  const scrubber = new Scrubber(discovery.found);

  const redactHeaders = (headers: HeaderList): HeaderList => headers.map(([name, value]) => {
    const rule = headerRule(name, discovery.userHeaders);
    if (!rule) return [name, scrubber.text(value)];
    const { redacted, secrets } = splitHeaderValue(name, value, rule.kind);
    if (secrets.length > 0 && redacted !== value) scrubber.count(rule.rule);
    return [name, scrubber.text(redacted)];
  });
  const redactUrl = (url: string): string => {
    const { redacted, secrets } = splitUrl(url);
    if (secrets.length > 0) scrubber.count('url-token', secrets.length / 2);
    return scrubber.text(redacted, URL_PLACEHOLDER);
  };

  let envelopesChanged = 0;
  const redactedEnvelopes = envelopes.map((envelope): Envelope => {
    const raw = envelope.encoding === 'base64' ? redactBase64(envelope.raw, scrubber) : scrubber.text(envelope.raw);
    const http = envelope.http && {
      ...envelope.http,
      ...(envelope.http.url !== undefined ? { url: redactUrl(envelope.http.url) } : {}),
      ...(envelope.http.statusText !== undefined ? { statusText: scrubber.text(envelope.http.statusText) } : {}),
      ...(envelope.http.headers ? { headers: redactHeaders(envelope.http.headers) } : {}),
    };
    const changed = raw !== envelope.raw || JSON.stringify(http) !== JSON.stringify(envelope.http);
    if (!changed) return envelope;
    envelopesChanged++;
    return { ...envelope, raw, ...(http ? { http } : {}), redacted: true };
  });
  const redactedHeader = { ...header, lanes: header.lanes.map((lane) => scrubber.value(lane) as CaptureHeader['lanes'][number]), ...(header.note !== undefined ? { note: scrubber.text(header.note) } : {}), ...(header.asked ? { asked: scrubber.value(header.asked) as CaptureHeader['asked'] } : {}) };

  const valuesPerRule = new Map<string, string[]>();
  for (const [value, rule] of discovery.found) valuesPerRule.set(rule, [...(valuesPerRule.get(rule) ?? []), value]);
  const rules = [...new Set([...valuesPerRule.keys(), ...scrubber.counts.keys()])];
  const counts: RedactionCount[] = rules
    .map((rule) => ({ rule, label: discovery.labels.get(rule) ?? rule, count: scrubber.counts.get(rule) ?? 0, values: valuesPerRule.get(rule)?.length ?? 0 }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
  const items = counts.map((c) => ({ ...c, hints: (valuesPerRule.get(c.rule) ?? []).slice(0, 3).map(hint) }));
  return {
    header: redactedHeader,
    envelopes: redactedEnvelopes,
    counts,
    preview: { enabled: true, items, envelopesChanged, envelopes: envelopes.length },
    secrets: [...discovery.found].filter(([value]) => value.length >= MIN_SCANNED_SECRET).map(([value, rule]) => ({ value, rule })),
  };
}

function redactBase64(raw: string, scrubber: Scrubber): string {
  const bytes = decodeBase64Latin1(raw);
  if (bytes === null) return scrubber.text(raw);
  const scrubbed = scrubber.bytes(bytes);
  return scrubbed === bytes ? raw : btoa(scrubbed);
}

/** Enough of a value to recognise it in the preview, never enough to use it. */
export function hint(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, shown)}… (${value.length} characters)`;
}
