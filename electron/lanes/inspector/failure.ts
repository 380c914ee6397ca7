import { SdkError, SdkErrorCode, SdkHttpError, SseError, UnsupportedProtocolVersionError } from '@modelcontextprotocol/client';
import type { InspectorError } from '../../../shared/lanes/inspector-result';
import type { Connection } from './connection';

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The HTTP status that made a transport give up, from the SDK's error or, failing that, the wire. */
export function failingStatus(error: unknown, connection: Connection): number | undefined {
  if (error instanceof SdkHttpError && error.status > 0) return error.status;
  if (error instanceof SseError && typeof error.code === 'number' && error.code > 0) return error.code;
  const failed = connection.http?.exchanges.filter((exchange) => exchange.status !== undefined && exchange.status >= 400);
  return failed?.at(-1)?.status;
}

/** The SDK's version negotiation gave its verdict (no revision in common, or a pin the server lacks): the transport worked. */
export function isNegotiationFailure(error: unknown): boolean {
  return error instanceof UnsupportedProtocolVersionError || (error instanceof SdkError && error.code === SdkErrorCode.EraNegotiationFailed);
}

/** Names what went wrong during connect, in words that point at the cause. */
export function classifyConnectFailure(error: unknown, connection: Connection, status: number | undefined): InspectorError['code'] {
  if (status === 401) return 'unauthorized';
  if (connection.stdio?.exit) return 'process-exited';
  if ((error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) || error instanceof DeadlineError) return 'timeout';
  if (/protocol version is not supported/i.test(errorMessage(error)) || error instanceof UnsupportedProtocolVersionError) return 'version-unsupported';
  if (isNegotiationFailure(error)) return 'version-unsupported';
  // The transport carried an answer to initialize, but the client could not use it.
  if (status === undefined && connection.recorder.lastExchange('initialize').response) return 'initialize-failed';
  return 'connect-failed';
}

/** Explains a failure using what the wire showed, which is often clearer than the SDK's message. */
export function explainConnectFailure(error: unknown, connection: Connection, status: number | undefined): string {
  const networkError = connection.http?.exchanges.find((exchange) => exchange.error !== undefined)?.error;
  if (networkError) return networkError;
  const exited = processExit(connection);
  if (exited) return `${exited} before the handshake finished`;
  // The SDK's SSE transport reports a stream that simply ended as "SSE error: undefined".
  const stream = connection.transport === 'sse' ? connection.http?.exchanges.find((exchange) => exchange.method === 'GET' && exchange.status !== undefined && exchange.status < 300) : undefined;
  if (stream?.ended) {
    const { origin, pathname } = new URL(stream.url);
    return `the server closed its SSE stream (GET ${origin}${pathname}, HTTP ${stream.status}) before sending the "endpoint" event a legacy HTTP+SSE server must send first`;
  }
  const message = errorMessage(error);
  return status !== undefined && !message.includes(String(status)) ? `HTTP ${status}: ${message}` : message;
}

/** "the server process exited (code 3); its last stderr: ..." when a stdio server is gone, else undefined. */
export function processExit(connection: Connection): string | undefined {
  if (!connection.stdio?.exit) return undefined;
  const { code, signal } = connection.stdio.exit;
  const tail = connection.stdio.stderrTail.map((line) => line.trim()).filter(Boolean).join(' | ');
  return `the server process exited (${signal ? `signal ${signal}` : `code ${code}`})${tail ? `; its last stderr: ${tail}` : ''}`;
}

/** An error from a request, with the reason the server went away when it did. */
export function explainRequestFailure(error: unknown, connection: Connection): string {
  const exited = processExit(connection);
  return exited ? `${errorMessage(error)}: ${exited}` : errorMessage(error);
}

export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/** Races a promise against a timer; the timer is cleared either way so nothing lingers. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new DeadlineError(message)), ms); });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
