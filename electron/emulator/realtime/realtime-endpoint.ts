import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type * as GA from 'openai/resources/realtime/realtime';
import { WebSocketServer, type WebSocket } from 'ws';
import { faultsFor, FAULT_HEADER, UnknownFaultError, type FaultName } from '../faults';
import type { EmulatorFrame, EmulatorOptions } from '../options';
import { EMULATOR_HEADER } from '../emulator-label';
import { BETA_RETIRED_CLOSE_CODE, BETA_RETIRED_ERROR, isRealtimeInterfaceName, REALTIME_INTERFACE_NAMES, type RealtimeInterfaceName } from '../../../shared/openai/realtime-interfaces';
import { newId } from '../ids';
import { RealtimeEmulatorSession } from './realtime-session';

const API_KEY_PROTOCOL = 'openai-insecure-api-key.';
const BETA_PROTOCOL = 'openai-beta.realtime-v1';
export const REALTIME_PATH = '/v1/realtime';

/** Refuses an upgrade with a plain HTTP answer: the real API sends no JSON frame in that case. */
function refuseUpgrade(socket: Duplex, status: number, reason: string, body: object): void {
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n${EMULATOR_HEADER}: 1\r\nconnection: close\r\n\r\n${text}`);
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

/** The key from `Authorization: Bearer` or the browser subprotocol. */
function apiKeyOf(req: IncomingMessage): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (bearer?.[1]) return bearer[1];
  const protocol = offeredProtocols(req).find((p) => p.startsWith(API_KEY_PROTOCOL));
  return protocol ? protocol.slice(API_KEY_PROTOCOL.length) || null : null;
}

/** Why a connection looks like a beta client at the upgrade, or null. */
function betaSignOf(req: IncomingMessage, faults: ReadonlySet<FaultName>): string | null {
  const header = req.headers['openai-beta'];
  const values = Array.isArray(header) ? header : header ? [header] : [];
  if (values.some((v) => /realtime=v1/.test(v))) return 'OpenAI-Beta: realtime=v1';
  if (offeredProtocols(req).includes(BETA_PROTOCOL)) return `subprotocol ${BETA_PROTOCOL}`;
  if (faults.has('beta')) return 'the beta fault';
  return null;
}

export const INTERFACE_QUERY_PARAMETER = 'parallax_realtime_interface';

/** The connection's interface: the `beta` fault implies the retired profile; otherwise the query, then the instance. */
function interfaceOf(url: URL, faults: ReadonlySet<FaultName>, options: EmulatorOptions): RealtimeInterfaceName | { unknown: string } {
  if (faults.has('beta')) return 'beta-2025';
  const asked = url.searchParams.get(INTERFACE_QUERY_PARAMETER);
  if (asked === null) return options.realtimeInterface;
  return isRealtimeInterfaceName(asked) ? asked : { unknown: asked };
}

/** The Realtime WebSocket endpoint of the emulator: `/v1/realtime?model=...`. */
export function createRealtimeEndpoint(options: EmulatorOptions) {
  const wss = new WebSocketServer({
    noServer: true,
    // Answer with `realtime` when a browser offers it; the key protocol is never echoed.
    handleProtocols: (protocols) => (protocols.has('realtime') ? 'realtime' : false),
  });
  wss.on('headers', (headers) => headers.push(`${EMULATOR_HEADER}: 1`));
  const sockets = new Set<WebSocket>();
  let connections = 0;

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      if (url.pathname !== REALTIME_PATH) {
        return refuseUpgrade(socket, 404, 'Not Found', { error: { type: 'invalid_request_error', code: 'not_found', message: `The local emulator serves Realtime at ${REALTIME_PATH}, not ${url.pathname}.`, param: null } });
      }
      const key = apiKeyOf(req);
      if (!key || (options.apiKey !== undefined && key !== options.apiKey)) {
        return refuseUpgrade(socket, 401, 'Unauthorized', { error: { type: 'invalid_request_error', code: 'invalid_api_key', message: key ? 'Incorrect API key provided.' : "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or the 'openai-insecure-api-key.<key>' subprotocol.", param: null } });
      }
      let faults: Set<FaultName>;
      try {
        faults = faultsFor(options.faults, url, req.headers[FAULT_HEADER]);
      } catch (error) {
        if (!(error instanceof UnknownFaultError)) throw error;
        return refuseUpgrade(socket, 400, 'Bad Request', { error: { type: 'invalid_request_error', code: 'unknown_parallax_fault', message: error.message, param: 'parallax_fault' } });
      }
      const profile = interfaceOf(url, faults, options);
      if (typeof profile === 'object') {
        return refuseUpgrade(socket, 400, 'Bad Request', { error: { type: 'invalid_request_error', code: 'unknown_parallax_realtime_interface', message: `unknown Realtime interface "${profile.unknown}"; known: ${REALTIME_INTERFACE_NAMES.join(', ')}`, param: INTERFACE_QUERY_PARAMETER } });
      }
      const betaSign = betaSignOf(req, faults);
      const model = url.searchParams.get('model') ?? 'gpt-realtime';
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        const connection = ++connections;
        const log = (dir: EmulatorFrame['dir'], kind: EmulatorFrame['kind'], text: string, code?: number) => {
          options.frameLog?.({ connection, dir, kind, text, ...(code !== undefined ? { code } : {}) });
        };
        const send = (event: object) => {
          if (ws.readyState !== ws.OPEN) return;
          const text = JSON.stringify(event);
          log('sent', 'text', text);
          ws.send(text);
        };
        /** Today's API: a beta-shaped client gets one error event, then the socket closes [reported]. */
        const retire = () => {
          send({ type: 'error', event_id: newId('event'), error: { ...BETA_RETIRED_ERROR, event_id: null } } satisfies GA.RealtimeErrorEvent);
          log('sent', 'close', '', BETA_RETIRED_CLOSE_CODE);
          ws.close(BETA_RETIRED_CLOSE_CODE);
        };
        if (profile === 'ga' && betaSign !== null) {
          ws.on('close', () => sockets.delete(ws));
          retire();
          return;
        }
        const session = new RealtimeEmulatorSession({
          model,
          beta: profile === 'beta-2025' && betaSign !== null,
          interface: profile,
          onBetaOnlyEvent: retire,
          faults,
          options,
          send,
        });
        ws.on('message', (data, isBinary) => {
          const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
          log('received', isBinary ? 'binary' : 'text', bytes.toString(isBinary ? 'base64' : 'utf8'));
          if (isBinary) return;
          session.handle(bytes.toString('utf8'));
        });
        ws.on('close', (code, reason) => {
          log('received', 'close', reason.toString('utf8'), code);
          sockets.delete(ws);
          session.close();
        });
        session.start();
      });
    },
    close(): void {
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}
