import { z } from 'zod';

/**
 * MCP protocol revisions as the wire names them. Revisions are dates, so they order as strings.
 * Source: the MCP specification's changelog for 2026-07-28 (sessionless; `server/discover`
 * replaces `initialize`; an unsupported version is error -32022 with `data: {supported, requested}`).
 */
export const FIRST_SESSIONLESS_REVISION = '2026-07-28';
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

export interface VersionRefusal {
  message: string;
  /** The revisions the server says it supports. */
  supported: string[];
  /** The revision the server says was asked for, when it says. */
  requested?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON-RPC `error` member when it is the unsupported-protocol-version refusal, read leniently (a server may omit `data`). */
export function versionRefusalOf(error: unknown): VersionRefusal | undefined {
  if (!isRecord(error) || error.code !== UNSUPPORTED_PROTOCOL_VERSION) return undefined;
  const data = isRecord(error.data) ? error.data : {};
  const supported = Array.isArray(data.supported) ? data.supported.filter((v): v is string => typeof v === 'string') : [];
  return {
    message: typeof error.message === 'string' ? error.message : 'unsupported protocol version',
    supported,
    ...(typeof data.requested === 'string' ? { requested: data.requested } : {}),
  };
}

export const sessionlessRevisions = (revisions: string[]): string[] => revisions.filter((v) => isSessionless(v));

/** Every published revision, oldest first. A pinned revision outside this list is refused by name. */
export const KNOWN_REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'] as const;
export type KnownRevision = (typeof KNOWN_REVISIONS)[number];
export const isKnownRevision = (value: string): value is KnownRevision => (KNOWN_REVISIONS as readonly string[]).includes(value);

/**
 * Which revision the Inspector lane speaks: `auto` probes `server/discover` (2026-07-28) and falls
 * back to `initialize` as the SDK's negotiation does; `legacy` is `initialize` only (the SDK's
 * default); a revision sends only that one.
 */
export const ProtocolRequest = z.union([z.enum(['auto', 'legacy']), z.enum(KNOWN_REVISIONS)], {
  error: (issue) => `protocol must be auto, legacy or one of ${KNOWN_REVISIONS.join(', ')}; got ${JSON.stringify(issue.input)}`,
});
export type ProtocolRequest = z.infer<typeof ProtocolRequest>;

export const isSessionless = (revision: string): boolean => revision >= FIRST_SESSIONLESS_REVISION;

/**
 * Requests a standing connection offers in 2025 revisions that the sessionless revision dropped,
 * with why, so the app hides them there instead of letting the SDK refuse them. Sources: the
 * 2026-07-28 method registry of `@modelcontextprotocol/client` 2.x (no `ping`, `logging/setLevel`,
 * `resources/subscribe`), SEP-2577 (logging/setLevel deprecated: servers log to stderr or
 * OpenTelemetry), and the revision's changelog (`subscriptions/listen` replaces subscribe).
 */
const DROPPED_IN_SESSIONLESS: Record<string, string> = {
  ping: 'MCP 2026-07-28 has no ping: every request stands alone, so there is no session to keep alive',
  'logging/setLevel': 'MCP 2026-07-28 has no logging/setLevel (deprecated by SEP-2577): servers log to stderr or OpenTelemetry, and notifications/message still arrives when a server sends it',
  'notifications/roots/list_changed': 'MCP 2026-07-28 has no roots/list_changed; the server gets the new roots the next time it asks',
};

/** Why `method` is not in `revision`, when the sessionless revision dropped it; undefined where it exists. */
export function droppedIn(revision: string | undefined, method: string): string | undefined {
  return revision !== undefined && isSessionless(revision) ? DROPPED_IN_SESSIONLESS[method] : undefined;
}
