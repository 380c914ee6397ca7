import type { IncomingMessage } from 'node:http';
import type { WireRecorder } from '../lanes/inspector/wire-recorder';

/** Who a client session is, in the user's words: OpenAI's connector, the Inspector, or what it calls itself. */
export function describeClient(userAgent: string | undefined, clientInfo: { name?: unknown; version?: unknown } | undefined): string {
  const name = typeof clientInfo?.name === 'string' ? clientInfo.name : undefined;
  const version = typeof clientInfo?.version === 'string' ? clientInfo.version : undefined;
  const named = name ? `${name}${version ? ` ${version}` : ''}` : undefined;
  if (/^openai-mcp\b/i.test(userAgent ?? '') || name === 'openai-mcp') return `OpenAI connector (${userAgent ?? named})`;
  if (name && /inspector/i.test(name)) return `MCP Inspector (${named})`;
  if (name === 'mcp-parallax' || /parallax/i.test(userAgent ?? '')) return `MCP Parallax (${named ?? userAgent})`;
  if (named) return `${named}${userAgent ? ` via ${userAgent}` : ''}`;
  return userAgent ? `unnamed client (${userAgent})` : 'unnamed client';
}

interface InitializeRequest {
  clientInfo?: { name?: unknown; version?: unknown };
  protocolVersion?: unknown;
  capabilities?: unknown;
}

/** The `initialize` request in a POST body (one message or a batch), if there is one. */
export function findInitialize(body: string): InitializeRequest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
    if (typeof message === 'object' && message !== null && (message as { method?: unknown }).method === 'initialize') {
      const params = (message as { params?: unknown }).params;
      return typeof params === 'object' && params !== null ? params as InitializeRequest : {};
    }
  }
  return undefined;
}

const SESSION_QUERY = ['sessionId', 'session_id'];

function sessionQuery(url: string): string | undefined {
  const parsed = new URL(url, 'http://proxy.invalid');
  for (const name of SESSION_QUERY) {
    const value = parsed.searchParams.get(name);
    if (value) return `${name}=${value}`;
  }
  return undefined;
}

/**
 * Groups the proxy's exchanges into client sessions (one `conn` each), the way the server sees
 * them: by `Mcp-Session-Id` (Streamable HTTP), by the session in the legacy `endpoint` URI, and
 * otherwise by the client's address and User-Agent (stateless servers). An `initialize` always
 * starts a new session.
 */
export class ClientSessions {
  private counter = 0;
  private readonly byHeader = new Map<string, string>();
  private readonly byQuery = new Map<string, string>();
  private readonly byClient = new Map<string, string>();
  /** New sessions, for the caller to label once it has a recorder for them. */
  private readonly opened = new Set<string>();

  constructor(private readonly prefix = 'session') {}

  resolve(request: IncomingMessage, body: string): string {
    const header = request.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId) return this.lookup(this.byHeader, sessionId);
    const query = sessionQuery(request.url ?? '/');
    if (query) return this.lookup(this.byQuery, query);
    const client = `${request.socket.remoteAddress ?? ''}|${request.headers['user-agent'] ?? ''}`;
    const known = this.byClient.get(client);
    if (known && request.method !== 'GET' && !findInitialize(body)) return known;
    const conn = this.open();
    this.byClient.set(client, conn);
    return conn;
  }

  /** The server named the session (Mcp-Session-Id in a response). */
  bindHeader(sessionId: string, conn: string): void {
    this.byHeader.set(sessionId, conn);
  }

  /** The legacy `endpoint` event named the URI (with its session) the client will POST to. */
  bindEndpoint(endpoint: string, conn: string): void {
    const query = sessionQuery(endpoint);
    if (query) this.byQuery.set(query, conn);
  }

  /** True once per new session: the first exchange records who the client is. */
  takeOpened(conn: string): boolean {
    return this.opened.delete(conn);
  }

  private lookup(map: Map<string, string>, key: string): string {
    const known = map.get(key);
    if (known) return known;
    // A session that began before the proxy saw it (or on another proxy): record it as its own.
    const conn = this.open();
    map.set(key, conn);
    return conn;
  }

  private open(): string {
    const conn = `${this.prefix}-${++this.counter}`;
    this.opened.add(conn);
    return conn;
  }
}

/** Records who a new session's client is, from what its first request shows. */
export function recordSessionOpened(recorder: WireRecorder, request: IncomingMessage, seq: number): void {
  const userAgent = request.headers['user-agent'];
  recorder.meta('client-session', {
    label: describeClient(userAgent, undefined), userAgent: userAgent ?? null, remoteAddress: request.socket.remoteAddress ?? null,
  }, { seq });
}

/** Records the client's own name once its `initialize` shows it: the label the UI shows for the session. */
export function recordClientInfo(recorder: WireRecorder, request: IncomingMessage, initialize: InitializeRequest, seq: number): void {
  const userAgent = request.headers['user-agent'];
  const capabilities = typeof initialize.capabilities === 'object' && initialize.capabilities !== null ? Object.keys(initialize.capabilities) : [];
  recorder.meta('client-identified', {
    label: describeClient(userAgent, initialize.clientInfo), userAgent: userAgent ?? null,
    clientInfo: initialize.clientInfo ?? null, protocolVersion: initialize.protocolVersion ?? null, capabilities,
  }, { seq });
}
