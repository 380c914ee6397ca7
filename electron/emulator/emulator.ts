import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { EMULATOR_HEADER } from './emulator-label';
import { FAULT_NAMES, FAULTS } from './faults';
import { defaultEmulatorOptions, type EmulatorOptions } from './options';
import { createRealtimeEndpoint, REALTIME_PATH } from './realtime/realtime-endpoint';
import { createResponsesEndpoint, RESPONSES_PATH } from './responses/responses-endpoint';
import { createMessagesEndpoint, MESSAGES_PATH } from './claude/messages-endpoint';
import { listen } from '../net/listen';
import { createRequestGuard, type AccessOptions } from '../net/request-guard';

export interface StartEmulatorOptions extends Partial<EmulatorOptions> {
  /** 0 or absent: a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  /**
   * Serve https/wss with this (typically self-signed) certificate: the `openai` package's
   * `OpenAIRealtimeWS` turns the base URL into `wss:` and cannot speak plain ws.
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Names and origins allowed beyond this machine's own. */
  access?: AccessOptions;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>/v1` (`https:` with `tls`): the `baseURL` for the openai client and the Playground lane. */
  baseUrl: string;
  /** `ws://127.0.0.1:<port>/v1/realtime` (`wss:` with `tls`): add `?model=...` (and `&parallax_fault=...`). */
  realtimeUrl: string;
  /** `http://127.0.0.1:<port>` (`https:` with `tls`): the Anthropic base URL (the Claude lane posts to `<it>/v1/messages`). */
  anthropicBaseUrl: string;
  options: EmulatorOptions;
  close(): Promise<void>;
}

/**
 * The local OpenAI emulator: the Realtime WebSocket and the Responses HTTP endpoint on one
 * 127.0.0.1 port, both running a real MCP client against the configured server.
 */
export async function startEmulator(config: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, tls, access, ...overrides } = config;
  const options: EmulatorOptions = { ...defaultEmulatorOptions, ...overrides };
  const realtime = createRealtimeEndpoint(options);
  const responses = createResponsesEndpoint(options);
  const messages = createMessagesEndpoint(options);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    if (url.pathname === MESSAGES_PATH) {
      messages(req, res, url).catch((error: unknown) => {
        // Anthropic's shape for a server-side failure (`api_error`).
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', [EMULATOR_HEADER]: '1' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `local emulator failure: ${error instanceof Error ? error.message : String(error)}` }, request_id: null }));
        else res.end();
      });
      return;
    }
    if (url.pathname === RESPONSES_PATH) {
      responses(req, res, url).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', [EMULATOR_HEADER]: '1' }).end(JSON.stringify({ error: { type: 'server_error', code: null, param: null, message: `local emulator failure: ${error instanceof Error ? error.message : String(error)}` } }));
        else res.end();
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json', [EMULATOR_HEADER]: '1' }).end(JSON.stringify({
      error: { type: 'invalid_request_error', code: 'not_found', param: null, message: `The Parallax local emulator serves POST ${RESPONSES_PATH}, POST ${MESSAGES_PATH} (Anthropic) and WebSocket ${REALTIME_PATH}; faults: ${FAULT_NAMES.map((f) => `${f} (${FAULTS[f]})`).join(' ')}` },
    }));
  };
  const guard = createRequestGuard(access);
  const server: Server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, guard.http(handle)) : createServer(guard.http(handle));
  server.on('upgrade', guard.upgrade((req, socket, head) => realtime.handleUpgrade(req, socket, head)));
  const bound = await listen(server, port, '127.0.0.1');
  return {
    baseUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${bound}/v1`,
    realtimeUrl: `${tls ? 'wss' : 'ws'}://127.0.0.1:${bound}${REALTIME_PATH}`,
    anthropicBaseUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${bound}`,
    options,
    async close() {
      realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
