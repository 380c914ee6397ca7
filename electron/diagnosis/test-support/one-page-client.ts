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
