import { Client, SSEClientTransport, StreamableHTTPClientTransport, type Root, type Transport } from '@modelcontextprotocol/client';
import type { ProtocolRequest } from '../../../shared/lanes/protocol-revision';
import { negotiationOptions } from '../../mcp/client-negotiation';
import type { CaptureSink } from '../../../shared/capture/envelope';
import type { Limits } from '../../../shared/capture/limits';
import type { CapabilityProfile, InspectorTransport } from '../../../shared/lanes/inspector-result';
import { clientCapabilities, registerCapabilityHandlers, type UserAnswers } from './client-capabilities';
import type { OAuthSession } from './oauth/oauth-session';
import { createRecordingFetch, type RecordingFetch } from './recording-fetch';
import type { ServerTarget } from './server-target';
import { RecordingStdioTransport } from './stdio-transport';
import { WireRecorder } from './wire-recorder';

export const CLIENT_INFO = { name: 'mcp-parallax-inspector', version: '0.1.0' };

export interface ConnectionSettings {
  target: ServerTarget;
  /** Sent on every HTTP request, in this order; includes any Authorization the user gave. */
  headers: [string, string][];
  capabilities: CapabilityProfile;
  protocol: ProtocolRequest;
  shutdownGraceMs: number;
  /** When set, the transport's requests go through the OAuth middleware (token added, 401/403 answered by a login). */
  oauth?: OAuthSession;
  /** Answers the server's elicitation and sampling requests (declined or refused without them). */
  answers?: UserAnswers;
  /** What roots/list answers, read at each request (the open connection's roots can change). */
  roots?: () => readonly Root[];
  limits?: Limits;
}

/** One MCP client session over one transport, with everything it sends and receives recorded. */
export interface Connection {
  transport: InspectorTransport;
  conn: string;
  client: Client;
  recorder: WireRecorder;
  /** HTTP transports only: the exchanges seen by the recording fetch. */
  http?: RecordingFetch;
  stdio?: RecordingStdioTransport;
  sdkTransport: Transport;
}

export function openConnection(transport: InspectorTransport, settings: ConnectionSettings, sink: CaptureSink, conn: string): Connection {
  const recorder = new WireRecorder(sink, conn, 'inspector', settings.limits ? { jsonDepth: settings.limits.jsonDepth } : {});
  const client = new Client(CLIENT_INFO, { capabilities: clientCapabilities(settings.capabilities), ...negotiationOptions(settings.protocol) });
  registerCapabilityHandlers(client, settings.capabilities, settings.answers, settings.roots, (question) => { recorder.meta('question-unanswered', { ...question }); });
  const { target } = settings;
  if (transport === 'stdio') {
    if (target.kind !== 'stdio') throw new Error('the stdio transport needs a "stdio:<command line>" server');
    const stdio = new RecordingStdioTransport(target, recorder, settings.shutdownGraceMs, settings.limits);
    return { transport, conn, client, recorder, stdio, sdkTransport: stdio };
  }
  if (target.kind !== 'http') throw new Error(`the ${transport} transport needs an http(s) URL, not a stdio command`);
  const http = createRecordingFetch(recorder, settings.limits ? { limits: settings.limits } : {});
  const requestInit: RequestInit = { headers: settings.headers };
  const transportFetch = settings.oauth ? settings.oauth.wrap(http.fetch) : http.fetch;
  const sdkTransport = transport === 'streamable-http'
    ? new StreamableHTTPClientTransport(target.url, { fetch: transportFetch, requestInit })
    // The SDK's SSE transport opens its GET stream through the same fetch, with requestInit's headers.
    : new SSEClientTransport(target.url, { fetch: transportFetch, requestInit });
  return { transport, conn, client, recorder, http, sdkTransport };
}
