import { Client, ProtocolError, SSEClientTransport, StreamableHTTPClientTransport, type Tool } from '@modelcontextprotocol/client';
import { z } from 'zod';
import type { KnownRevision } from '../../shared/lanes/protocol-revision';
import { negotiationOptions } from '../mcp/client-negotiation';
import { describeStatus } from './http-status';

/**
 * The emulator's stand-in for OpenAI's hosted MCP client ("connector"): a real SDK client that
 * introduces itself as OpenAI's does (`clientInfo` and `User-Agent` openai-mcp/1.0.0), tries
 * Streamable HTTP and falls back to legacy SSE, and opens a fresh connection for each job, since
 * no reuse of `Mcp-Session-Id` across calls has been reported. It speaks one MCP revision, the
 * hosted era: which one OpenAI's client speaks today is undocumented (2025-03-26, 2025-06-18 and
 * 2025-11-25 have been reported), so it is a setting.
 */
export const CONNECTOR_CLIENT_INFO = { name: 'openai-mcp', version: '1.0.0' } as const;
export const CONNECTOR_USER_AGENT = 'openai-mcp/1.0.0';

export interface ConnectorTarget {
  url: string;
  /** Headers from the tool config, `Authorization: Bearer <authorization>` included. */
  headers: Record<string, string>;
}

export interface ConnectorOptions {
  /** The one MCP revision the hosted client speaks [guess: undocumented; see docs/emulator.md]. */
  hostedEra: KnownRevision;
  /** Validate `tools/list` with the SDK's strict schema (one bad tool fails the list) [guess]. */
  strictToolValidation: boolean;
  /** Pages followed through `nextCursor` before the list counts as a cursor loop [guess]. */
  maxListPages: number;
}

/** Why the connector failed, with the HTTP status when there was one. */
export class ConnectorFailure extends Error {
  constructor(message: string, readonly status: number | null, readonly kind: 'http' | 'protocol' | 'timeout' | 'refused' | 'connect') {
    super(message);
  }

  /** The status part of OpenAI's message; failures without an HTTP status read as 424, as reported for unreachable servers. */
  get statusText(): string {
    return describeStatus(this.status ?? 424);
  }
}

interface Connection {
  client: Client;
  transport: 'streamable-http' | 'sse';
}

/** A fetch that adds the connector's headers and remembers the last HTTP failure it saw. */
function connectorFetch(target: ConnectorTarget, seen: { failedStatus: number | null }): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('user-agent', CONNECTOR_USER_AGENT);
    for (const [name, value] of Object.entries(target.headers)) headers.set(name, value);
    const response = await fetch(input, { ...init, headers });
    if (response.status >= 400) seen.failedStatus = response.status;
    return response;
  };
}

function failureFrom(error: unknown, status: number | null): ConnectorFailure {
  if (error instanceof ConnectorFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (status !== null) return new ConnectorFailure(message, status, 'http');
  if (error instanceof ProtocolError) return new ConnectorFailure(message, null, 'protocol');
  return new ConnectorFailure(message, null, 'connect');
}

/** Connects like the hosted client: POST (Streamable HTTP) first, then GET (legacy SSE) on 400/404/405. */
export async function connect(target: ConnectorTarget, hostedEra: KnownRevision): Promise<Connection> {
  const seen = { failedStatus: null as number | null };
  const fetchFn = connectorFetch(target, seen);
  const url = new URL(target.url);
  const clientOptions = { capabilities: {}, ...negotiationOptions(hostedEra) };
  const streamable = new Client(CONNECTOR_CLIENT_INFO, clientOptions);
  let streamableFailure: ConnectorFailure;
  try {
    await streamable.connect(new StreamableHTTPClientTransport(url, { fetch: fetchFn }));
    return { client: streamable, transport: 'streamable-http' };
  } catch (error) {
    await streamable.close().catch(() => undefined);
    if (seen.failedStatus === null || ![400, 404, 405].includes(seen.failedStatus)) throw failureFrom(error, seen.failedStatus);
    streamableFailure = failureFrom(error, seen.failedStatus);
  }
  seen.failedStatus = null;
  const legacy = new Client(CONNECTOR_CLIENT_INFO, clientOptions);
  try {
    await legacy.connect(new SSEClientTransport(url, { fetch: fetchFn }));
    return { client: legacy, transport: 'sse' };
  } catch (error) {
    await legacy.close().catch(() => undefined);
    const sse = failureFrom(error, seen.failedStatus);
    // [guess] A 400 to the POST is an answer (a version refusal, a bad request), so it is what
    // gets reported when the SSE fallback finds nothing either; a 404/405 only says "not here".
    if (streamableFailure.status === 400) throw new ConnectorFailure(`${streamableFailure.message} (legacy SSE fallback: ${sse.message})`, 400, streamableFailure.kind);
    throw sse;
  }
}

const LoosePageSchema = z.looseObject({ tools: z.array(z.looseObject({ name: z.string() })), nextCursor: z.string().optional() });

export interface ImportedTools {
  tools: Tool[];
  transport: 'streamable-http' | 'sse';
  pages: number;
}

/** The handshake of the hosted era (initialize, or 2026-07-28's server/discover), then tools/list following nextCursor. */
export async function listServerTools(target: ConnectorTarget, options: ConnectorOptions): Promise<ImportedTools> {
  const { client, transport } = await connect(target, options.hostedEra);
  try {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      if (pages >= options.maxListPages) throw new ConnectorFailure(`tools/list still returned a nextCursor after ${options.maxListPages} pages`, null, 'protocol');
      const params = cursor === undefined ? {} : { cursor };
      const page = options.strictToolValidation
        ? await client.request({ method: 'tools/list', params })
        : await client.request({ method: 'tools/list', params }, LoosePageSchema);
      tools.push(...(page.tools as Tool[]));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    return { tools, transport, pages };
  } catch (error) {
    throw failureFrom(error, null);
  } finally {
    await client.close().catch(() => undefined);
  }
}

export type CallOutcome =
  | { kind: 'output'; output: string }
  | { kind: 'tool_error'; message: string }
  | { kind: 'protocol_error'; code: number; message: string }
  | { kind: 'http_error'; code: number; message: string }
  | { kind: 'timeout'; message: string };

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((block) => (typeof block === 'object' && block !== null && 'text' in block && typeof block.text === 'string' ? block.text : JSON.stringify(block))).join('\n');
}

/**
 * One `tools/call` on a fresh connection. `timeoutMs` 0 abandons the call as soon as it has been
 * sent (the call-timeout fault), so a timeout is reproducible without waiting a minute.
 */
export async function callServerTool(target: ConnectorTarget, name: string, args: Record<string, unknown>, timeoutMs: number, hostedEra: KnownRevision): Promise<CallOutcome> {
  let connection: Connection;
  try {
    connection = await connect(target, hostedEra);
  } catch (error) {
    const failure = failureFrom(error, null);
    return { kind: 'http_error', code: failure.status ?? 424, message: failure.message };
  }
  const { client } = connection;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CallOutcome>((resolve) => {
    const outcome: CallOutcome = { kind: 'timeout', message: `tools/call '${name}' did not answer within ${timeoutMs} ms` };
    if (timeoutMs === 0) queueMicrotask(() => resolve(outcome));
    else timer = setTimeout(() => resolve(outcome), timeoutMs);
  });
  const called = client.request({ method: 'tools/call', params: { name, arguments: args } }, { timeout: Math.max(timeoutMs, 1) + 1000 }).then(
    (result): CallOutcome => (result.isError ? { kind: 'tool_error', message: textOf(result.content) } : { kind: 'output', output: textOf(result.content) }),
    (error: unknown): CallOutcome => (error instanceof ProtocolError ? { kind: 'protocol_error', code: error.code, message: error.message } : { kind: 'http_error', code: 424, message: error instanceof Error ? error.message : String(error) }),
  );
  try {
    return await Promise.race([called, timedOut]);
  } finally {
    clearTimeout(timer);
    // An abandoned call still reaches the server: close only once it has settled.
    void called.finally(() => client.close().catch(() => undefined));
  }
}
