import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CaptureSink } from '../../../shared/capture/envelope';
import { createRecordingFetch } from '../../lanes/inspector/recording-fetch';
import { WireRecorder } from '../../lanes/inspector/wire-recorder';

/**
 * A plain MCP SDK client that calls `listTools()` once (which reads one page), with its traffic
 * recorded under lane `server` as the recording proxy in front of the server would see it.
 */
export async function listOnePageThroughProxyView(url: string, sink: CaptureSink): Promise<number> {
  const recorder = new WireRecorder(sink, 'server:sdk-client', 'server');
  const http = createRecordingFetch(recorder);
  const client = new Client({ name: 'one-page-client', version: '1.0.0' }, { capabilities: {} });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: http.fetch }));
  try {
    const page = await client.listTools();
    return page.tools.length;
  } finally {
    await client.close();
    http.abortAll('test finished');
  }
}

/**
 * A client that offers a protocol revision the server may not have (`initialize` as raw JSON over
 * Streamable HTTP), recorded under lane `server` as the proxy would see it. Returns the version
 * the server answered.
 */
export async function initializeOffering(url: string, protocolVersion: string, sink: CaptureSink): Promise<unknown> {
  const recorder = new WireRecorder(sink, 'server:newer-client', 'server');
  const http = createRecordingFetch(recorder);
  try {
    const response = await http.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: { name: 'newer-client', version: '1.0.0' } } }),
    });
    const text = await response.text();
    const data = /^data: (.*)$/m.exec(text)?.[1] ?? text;
    return (JSON.parse(data) as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
  } finally {
    http.abortAll('test finished');
  }
}
