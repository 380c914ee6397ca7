import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenAIError } from '../../../shared/openai/openai-error';
import { EMULATOR_HEADER } from '../emulator-label';
import { faultsFor, FAULT_HEADER, UnknownFaultError, type FaultName } from '../faults';
import type { EmulatorOptions } from '../options';
import { runResponse, type ResponseStore, type UnnumberedEvent } from './responses-run';

export const RESPONSES_PATH = '/v1/responses';

function sendError(res: ServerResponse, status: number, error: OpenAIError): void {
  res.writeHead(status, { 'content-type': 'application/json', [EMULATOR_HEADER]: '1' }).end(JSON.stringify({ error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code ?? null } }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Responses endpoint of the emulator: `POST /v1/responses`, JSON or (with `stream: true`) SSE. */
export function createResponsesEndpoint(options: EmulatorOptions) {
  const store: ResponseStore = new Map();
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      return sendError(res, 405, { type: 'invalid_request_error', code: 'method_not_allowed', message: `Method ${req.method ?? ''} is not allowed on ${RESPONSES_PATH}; the local emulator only creates responses (POST).`, param: null });
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) {
      return sendError(res, 401, { type: 'invalid_request_error', code: null, message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", param: null });
    }
    if (options.apiKey !== undefined && bearer !== options.apiKey) {
      return sendError(res, 401, { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.', param: null });
    }
    let faults: Set<FaultName>;
    try {
      faults = faultsFor(options.faults, url, req.headers[FAULT_HEADER]);
    } catch (error) {
      if (!(error instanceof UnknownFaultError)) throw error;
      return sendError(res, 400, { type: 'invalid_request_error', code: 'unknown_parallax_fault', message: error.message, param: FAULT_HEADER });
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendError(res, 400, { type: 'invalid_request_error', code: null, message: 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly.)', param: null });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendError(res, 400, { type: 'invalid_request_error', code: 'invalid_type', message: 'The request body must be a JSON object.', param: null });
    }
    const request = body as Record<string, unknown>;
    const context = { faults, options };

    if (request.stream !== true) {
      const result = await runResponse(request, context, store, () => undefined);
      if (result.kind !== 'response') return sendError(res, result.status, result.error);
      res.writeHead(200, { 'content-type': 'application/json', [EMULATOR_HEADER]: '1' }).end(JSON.stringify(result.response));
      return;
    }

    let sequence = 0;
    let started = false;
    const write = (event: UnnumberedEvent | { type: 'error'; code: string | null; message: string; param: string | null }) => {
      if (!started) {
        // Validation errors come before any event and still answer with a plain HTTP error.
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', [EMULATOR_HEADER]: '1' });
        started = true;
      }
      res.write(`event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence++ })}\n\n`);
    };
    const result = await runResponse(request, context, store, write);
    if (result.kind === 'bad_request' && !started) return sendError(res, result.status, result.error);
    // [guess] A listing or call failure mid-stream ends with an `error` event carrying the 424 body's fields.
    if (result.kind !== 'response') write({ type: 'error', code: result.error.code ?? null, message: result.error.message, param: result.error.param ?? null });
    res.end();
  };
}
