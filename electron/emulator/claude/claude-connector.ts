import { Client, SSEClientTransport, StreamableHTTPClientTransport, type Tool } from '@modelcontextprotocol/client';
import { negotiationOptions } from '../../mcp/client-negotiation';

/**
 * The emulator's stand-in for Anthropic's MCP connector: a real SDK client that introduces itself
 * as the connector was seen to (`clientInfo` `Anthropic/API` 1.0.0, no capabilities: reported in
 * anthropics/anthropic-sdk-typescript#784), tries Streamable HTTP and falls back to legacy SSE
 * (the spec's backwards-compatibility algorithm, which the connector follows: same thread), and
 * opens a fresh connection per request [assumption: no session reuse has been documented]. It
 * speaks the 2025 era only (`initialize`): the connector beta (mcp-client-2025-11-20) predates
 * 2026-07-28 and nothing says it sends `server/discover` [assumption].
 */
export const CLAUDE_CONNECTOR_CLIENT_INFO = { name: 'Anthropic/API', version: '1.0.0' } as const;

export interface ClaudeConnectorTarget {
  url: string;
  /** `authorization_token`, sent as `Authorization: Bearer <token>` (docs: "OAuth Bearer tokens"). */
  token?: string;
}

/** Why the connector failed: `status` is the MCP server's HTTP status when it answered with one. */
export class ClaudeConnectorFailure extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
  }
}

function connectorFetch(target: ClaudeConnectorTarget, seen: { status: number | null }): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (target.token) headers.set('authorization', `Bearer ${target.token}`);
    const response = await fetch(input, { ...init, headers });
    if (response.status >= 400) seen.status = response.status;
    return response;
  };
}

const CONNECTOR_OPTIONS = { capabilities: {}, ...negotiationOptions('legacy') };

async function connect(target: ClaudeConnectorTarget): Promise<Client> {
  const seen = { status: null as number | null };
  const url = new URL(target.url);
  const streamable = new Client(CLAUDE_CONNECTOR_CLIENT_INFO, CONNECTOR_OPTIONS);
  try {
    await streamable.connect(new StreamableHTTPClientTransport(url, { fetch: connectorFetch(target, seen) }));
    return streamable;
  } catch (error) {
    await streamable.close().catch(() => undefined);
    // The spec's fallback: a 4xx to the POST means "try the old HTTP+SSE transport"; auth failures do not.
    if (seen.status === null || seen.status === 401 || seen.status === 403 || seen.status >= 500) throw failure(error, seen.status);
  }
  seen.status = null;
  const legacy = new Client(CLAUDE_CONNECTOR_CLIENT_INFO, CONNECTOR_OPTIONS);
  try {
    await legacy.connect(new SSEClientTransport(url, { fetch: connectorFetch(target, seen) }));
    return legacy;
  } catch (error) {
    await legacy.close().catch(() => undefined);
    throw failure(error, seen.status);
  }
}

function failure(error: unknown, status: number | null): ClaudeConnectorFailure {
  if (error instanceof ClaudeConnectorFailure) return error;
  return new ClaudeConnectorFailure(error instanceof Error ? error.message : String(error), status);
}

/** initialize, notifications/initialized, then tools/list following nextCursor (at most `maxPages`). */
export async function listClaudeServerTools(target: ClaudeConnectorTarget, maxPages: number): Promise<Tool[]> {
  const client = await connect(target);
  try {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      if (page >= maxPages) throw new ClaudeConnectorFailure(`tools/list still returned a nextCursor after ${maxPages} pages`, null);
      const result = await client.request({ method: 'tools/list', params: cursor === undefined ? {} : { cursor } });
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (cursor === undefined) return tools;
    }
  } catch (error) {
    throw failure(error, null);
  } finally {
    await client.close().catch(() => undefined);
  }
}

export interface ClaudeCallOutcome {
  isError: boolean;
  /** The result's text blocks, as `mcp_tool_result.content` carries them (`BetaTextBlock[]`). */
  text: string[];
}

/** One `tools/call` on a fresh connection; a JSON-RPC or transport error becomes an error result. */
export async function callClaudeServerTool(target: ClaudeConnectorTarget, name: string, args: Record<string, unknown>, timeoutMs: number): Promise<ClaudeCallOutcome> {
  let client: Client;
  try {
    client = await connect(target);
  } catch (error) {
    return { isError: true, text: [error instanceof Error ? error.message : String(error)] };
  }
  try {
    const result = await client.request({ method: 'tools/call', params: { name, arguments: args } }, { timeout: timeoutMs });
    const text = result.content.map((block) => (block.type === 'text' ? block.text : JSON.stringify(block)));
    return { isError: result.isError === true, text };
  } catch (error) {
    return { isError: true, text: [error instanceof Error ? error.message : String(error)] };
  } finally {
    await client.close().catch(() => undefined);
  }
}
