import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../shared/diagnosis/diagnose';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { closeAfterEach, listen, readBody } from './test-support/http-server';
import { initializeResult, startRawStreamableServer } from './test-support/raw-http-server';

const serve = closeAfterEach();
const toolsList = (id: number | string) => JSON.stringify({ jsonrpc: '2.0', id, result: { tools: [{ name: 'ok_tool', description: 'fine', inputSchema: { type: 'object' } }] } });

/** A Streamable HTTP server that answers initialize normally and tools/list the way `toolsAnswer` writes it. */
async function serverWith(toolsAnswer: (res: ServerResponse, id: number | string) => void | Promise<void>) {
  return serve(startRawStreamableServer((request) => {
    if (request.method === 'initialize') return { body: initializeResult(request.id) };
    if (request.method === 'tools/list') return (res) => toolsAnswer(res, request.id);
    return { body: JSON.stringify({ jsonrpc: '2.0', id: request.id, result: {} }) };
  }));
}

const toolsExchange = (sink: MemorySink) => {
  const request = sink.envelopes.find((e) => e.http?.phase === 'request' && e.raw.includes('"tools/list"'));
  return sink.envelopes.filter((e) => e.http?.exchange === request?.http?.exchange);
};

describe('Inspector lane under server faults on real sockets', () => {
  it('a reset in the middle of the body: the step fails, the capture keeps what arrived, marked incomplete, and the error', async () => {
    const server = await serverWith((res) => {
      const body = toolsList(1);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, 40), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'streamable-http', requestTimeoutMs: 600_000 }, sink);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('list-failed');
    const exchange = toolsExchange(sink);
    const body = exchange.find((e) => e.http?.phase === 'body');
    expect(body).toMatchObject({ raw: toolsList(1).slice(0, 40), incomplete: true });
    expect(exchange.at(-1)?.http?.phase).toBe('error');
    expect(exchange.at(-1)?.raw).not.toBe('');
  });

  it('a server that stalls forever: the step ends at its timeout, which the error names', async () => {
    const server = await serverWith((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
    });
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'streamable-http', requestTimeoutMs: 400, shutdownGraceMs: 200 }, sink);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/timed out/i);
    expect(result.error?.message).toMatch(/tools\/list/);
    expect(toolsExchange(sink).some((e) => e.http?.phase === 'response' && e.http.status === 200)).toBe(true);
  });

  it('a slow trickle, a few bytes at a time: the answer is read whole and recorded once', async () => {
    const server = await serverWith(async (res, id) => {
      const body = toolsList(id);
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let at = 0; at < body.length; at += 16) {
        res.write(body.slice(at, at + 16));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      res.end();
    });
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'streamable-http' }, sink);
    expect(result.status).toBe('ok');
    expect(result.tools.map((t) => t.tool.name)).toEqual(['ok_tool']);
    const bodies = toolsExchange(sink).filter((e) => e.http?.phase === 'body');
    expect(bodies.map((e) => e.raw)).toEqual([toolsList(1)]);
  });

  it('a wrong content type: the error names it and the capture shows the body the server sent', async () => {
    const page = '<html><body>Sign in to continue</body></html>';
    const server = await serverWith((res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(server.url), transport: 'streamable-http', requestTimeoutMs: 600_000 }, sink);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/content type: text\/html/i);
    expect(toolsExchange(sink).find((e) => e.http?.phase === 'body')?.raw).toBe(page);
  });

  it('a redirect to another origin: the SDK client refuses it by default, the error and a finding say so', async () => {
    const real = await serve(startRawStreamableServer((request) => ({ body: request.method === 'initialize' ? initializeResult(request.id) : JSON.stringify({ jsonrpc: '2.0', id: request.id, result: {} }) })));
    // Another origin (its own port): every request is sent on with 307, which keeps method and body.
    const redirecting = await serve(listen((req, res) => {
      res.writeHead(307, { location: real.url }).end();
    }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(`${redirecting.origin}/mcp`), transport: 'streamable-http' }, sink);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/307/);
    const response = sink.envelopes.find((e) => e.http?.phase === 'response' && e.http.status === 307);
    expect(response?.http?.headers).toEqual(expect.arrayContaining([['location', real.url]]));
    const finding = diagnose(sink.envelopes).findings.find((f) => f.id === 'mcp.redirected-cross-origin');
    expect(finding?.detail).toContain(`${redirecting.origin}/mcp redirected to ${real.url}`);
    expect(finding?.detail).toContain('redirectPolicy "same-origin"');
    expect(finding?.evidence).toContain(response?.seq);
  });

  it('a redirect within the origin: followed, each hop its own exchange in the capture, and no finding', async () => {
    const server = await serve(listen(async (req, res) => {
      if (req.url === '/old') {
        res.writeHead(308, { location: '/mcp' }).end();
        return;
      }
      const message = JSON.parse(await readBody(req)) as { id?: number; method?: string };
      if (message.id === undefined) {
        res.writeHead(202).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(message.method === 'initialize' ? initializeResult(message.id) : message.method === 'tools/list' ? toolsList(message.id) : JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} }));
    }));
    const sink = new MemorySink();
    const result = await runInspectorLane({ target: parseServerTarget(`${server.origin}/old`), transport: 'streamable-http' }, sink);
    expect(result.status).toBe('ok');
    expect(result.tools.map((t) => t.tool.name)).toEqual(['ok_tool']);
    expect(sink.envelopes.filter((e) => e.http?.phase === 'response' && e.http.status === 308).length).toBeGreaterThan(0);
    expect(diagnose(sink.envelopes).findings.filter((f) => f.id === 'mcp.redirected-cross-origin')).toEqual([]);
  });
});
