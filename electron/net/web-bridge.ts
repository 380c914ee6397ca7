import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reads a whole request body (fixture and test servers only: their clients are ours). */
export async function readNodeBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A node:http request as a Web `Request`, for handlers written to the Fetch API (the MCP SDK 2.x
 * server entry points). The body is read up front so the handler can be given it pre-parsed too.
 */
export function toWebRequest(req: IncomingMessage, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(key, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(key, item);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && body !== undefined;
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, { method: req.method, headers, ...(hasBody ? { body: new Uint8Array(body) } : {}) });
}

/**
 * Streams a Web `Response` onto a node:http response. `beforeChunk` may return raw bytes to write
 * ahead of a body chunk (the hostile fixture's garbage frames); Content-Length is then dropped,
 * since extra bytes would otherwise cut the real body short.
 */
export async function sendWebResponse(response: Response, res: ServerResponse, beforeChunk?: (chunk: Uint8Array) => Buffer[]): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (beforeChunk && key === 'content-length') return;
    headers[key] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) return void res.end();
  // An event stream may stay silent for a long time; its client must see the headers now.
  res.flushHeaders();
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const extra of beforeChunk?.(value) ?? []) res.write(extra);
    res.write(value);
  }
  res.end();
}
