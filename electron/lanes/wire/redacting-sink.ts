import { secretForms } from '../../../shared/bundle/secret-forms';
import type { CaptureSink, Envelope, HeaderList } from '../../../shared/capture/envelope';
import { credentialsInAuthorization, oauthSecretsIn } from '../../../shared/security/oauth-secrets';
import { CREDENTIAL_HEADER, REDACTED } from '../../../shared/security/secret-names';


/** Shorter strings could occur by chance in ordinary traffic; those are caught by their header instead. */
const MIN_SCANNED_SECRET = 8;

type EnvelopeInput = Parameters<CaptureSink['record']>[0];

function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}

function scrubHeaders(headers: HeaderList, secrets: readonly string[]): HeaderList {
  return headers.map(([name, value]) => [name, scrub(value, secrets)]);
}

/**
 * A sink that removes known secrets (the OpenAI API key) from everything it records: raw text,
 * header values and URLs, marking each envelope it changed as `redacted`. The lanes also redact
 * the headers that carry the key on purpose; this is the net under that, so a key echoed back by
 * a server or pasted into a custom `session.update` still never reaches the capture.
 */
export function redactingSink(sink: CaptureSink, secrets: readonly (string | null | undefined)[]): CaptureSink {
  const scanned = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SCANNED_SECRET);
  if (scanned.length === 0) return sink;
  return {
    // Side files hold the bytes as sent, unredacted: that is why they are opt-in and never bundled (docs/security.md).
    ...(sink.sideBodies ? { sideBodies: sink.sideBodies } : {}),
    record(input: EnvelopeInput): Envelope {
      const raw = scrub(input.raw, scanned);
      const http = input.http && {
        ...input.http,
        ...(input.http.url !== undefined ? { url: scrub(input.http.url, scanned) } : {}),
        ...(input.http.headers ? { headers: scrubHeaders(input.http.headers, scanned) } : {}),
      };
      const changed = raw !== input.raw || JSON.stringify(http) !== JSON.stringify(input.http);
      return sink.record({ ...input, raw, ...(http ? { http } : {}), ...(changed ? { redacted: true } : {}) });
    },
  };
}

/**
 * Like redactingSink, and it also learns OAuth's secrets from the traffic itself: the values of
 * token, secret, verifier and assertion fields in bodies and URLs, authorization codes in the
 * redirect and the token request, and `Authorization` header credentials. Each is removed from
 * the envelope it arrives in and, in every spelling (URL-encoded, JSON-escaped, base64), from
 * every envelope after it, so a token issued mid-run never reaches the capture.
 */
export function oauthRedactingSink(sink: CaptureSink, secrets: readonly (string | null | undefined)[]): CaptureSink {
  const known = new Set<string>();
  const forms: string[] = [];
  const learn = (secret: string) => {
    if (secret.length < MIN_SCANNED_SECRET || known.has(secret)) return;
    known.add(secret);
    for (const form of secretForms(secret)) if (form.length >= MIN_SCANNED_SECRET && !forms.includes(form)) forms.push(form);
    // Longest first, so a secret inside a longer spelling of itself is not split.
    forms.sort((a, b) => b.length - a.length);
  };
  for (const secret of secrets) if (secret) learn(secret);
  return {
    ...(sink.sideBodies ? { sideBodies: sink.sideBodies } : {}),
    record(input: EnvelopeInput): Envelope {
      oauthSecretsIn(input.raw).forEach(learn);
      if (input.http?.url) oauthSecretsIn(input.http.url).forEach(learn);
      for (const [name, value] of input.http?.headers ?? []) {
        if (CREDENTIAL_HEADER.test(name)) credentialsInAuthorization(value).forEach(learn);
        else if (name.toLowerCase() === 'location') oauthSecretsIn(value).forEach(learn);
      }
      return redactingSink(sink, forms).record(input);
    },
  };
}
