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

export const sessionlessRevisions = (revisions: string[]): string[] => revisions.filter((v) => v >= FIRST_SESSIONLESS_REVISION);
