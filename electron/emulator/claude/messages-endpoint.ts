import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BetaErrorObject, BetaErrorResponse } from '@anthropic-ai/sdk/resources/beta/beta';
import { EMULATOR_HEADER } from '../emulator-label';
import { faultsFor, FAULT_HEADER, UnknownFaultError, type FaultName } from '../faults';
import type { EmulatorOptions } from '../options';
import { runMessages } from './messages-run';

export const MESSAGES_PATH = '/v1/messages';

function sendError(res: ServerResponse, status: number, error: BetaErrorObject): void {
  const body: BetaErrorResponse = { type: 'error', error, request_id: null };
  res.writeHead(status, { 'content-type': 'application/json', [EMULATOR_HEADER]: '1' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const headerText = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join(',') : value ?? '');

/**
 * The emulator's Anthropic Messages endpoint: `POST /v1/messages` with the MCP connector, JSON
 * only (no streaming yet). Auth is `x-api-key` (docs' curl example); error bodies are the SDK's
 * `BetaErrorResponse`.
 */
export function createMessagesEndpoint(options: EmulatorOptions) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, { type: 'invalid_request_error', message: `Method ${req.method ?? ''} is not allowed on ${MESSAGES_PATH}; the local emulator only creates messages (POST).` });
    const key = headerText(req.headers['x-api-key']);
    // [assumption] The wording of these two refusals is the API's as commonly reported, not documented.
    if (!key) return sendError(res, 401, { type: 'authentication_error', message: 'x-api-key header is required' });
    if (options.apiKey !== undefined && key !== options.apiKey) return sendError(res, 401, { type: 'authentication_error', message: 'invalid x-api-key' });
    if (!headerText(req.headers['anthropic-version'])) return sendError(res, 400, { type: 'invalid_request_error', message: 'anthropic-version: header is required' });
    let faults: Set<FaultName>;
    try {
      faults = faultsFor(options.faults, url, req.headers[FAULT_HEADER]);
    } catch (error) {
      if (!(error instanceof UnknownFaultError)) throw error;
      return sendError(res, 400, { type: 'invalid_request_error', message: error.message });
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendError(res, 400, { type: 'invalid_request_error', message: 'The request body is not valid JSON.' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return sendError(res, 400, { type: 'invalid_request_error', message: 'The request body must be a JSON object.' });
    const request = body as Record<string, unknown>;
    if (request.stream === true) return sendError(res, 400, { type: 'invalid_request_error', message: 'stream: the Parallax local emulator answers Messages requests without streaming only' });
    const betas = headerText(req.headers['anthropic-beta']).split(',').map((b) => b.trim()).filter(Boolean);
    const result = await runMessages(request, { faults, options, betas });
    if (result.kind === 'error') return sendError(res, result.status, result.error);
    res.writeHead(200, { 'content-type': 'application/json', [EMULATOR_HEADER]: '1' }).end(JSON.stringify(result.message));
  };
}
