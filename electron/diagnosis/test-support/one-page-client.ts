import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * Plain MCP clients for Server-lane runs: they talk to the recording proxy, which is what puts
 * their traffic in the capture.
 */

/** The MCP SDK's `listTools()` called once, which reads one page. */
export async function listOnePage(url: string): Promise<number> {
  const client = new Client({ name: 'one-page-client', version: '1.0.0' }, { capabilities: {} });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    return (await client.listTools()).tools.length;
  } finally {
    await client.close();
  }
}

/** A raw `initialize` offering `protocolVersion` over Streamable HTTP; returns the version the server answered. */
export async function initializeOffering(url: string, protocolVersion: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: { name: 'newer-client', version: '1.0.0' } } }),
  });
  const text = await response.text();
  const data = /^data: (.*)$/m.exec(text)?.[1] ?? text;
  return (JSON.parse(data) as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
}
