import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnosis/diagnose';
import { MemorySink } from '../capture/memory-sink';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { startModernOnlyServer } from '../lanes/inspector/test-support/modern-server';
import { startMcpProxy, type RunningProxy } from './mcp-proxy';

interface Upstream {
  origin: string;
  seen: IncomingMessage[];
  /** Lets a streaming route send its second event only when the test says so. */
  release: () => void;
  close(): Promise<void>;
}

/** A hand-written upstream for what real servers rarely do on demand: hold a stream open, send an absolute endpoint, echo headers. */
async function startUpstream(): Promise<Upstream> {
  const seen: IncomingMessage[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let origin = '';
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(req);
    req.resume();
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/first"}\n\n');
      void released.then(() => res.end('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/second"}\n\n'));
      return;
    }
    if (req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: endpoint\ndata: ${origin}/messages?sessionId=abc\n\n`);
      void released.then(() => res.end());
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ headers: req.rawHeaders }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin, seen, release: () => release(),
    async close() {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string): Promise<string> {
  const decoder = new TextDecoder();
  let got = '';
  while (!got.includes(text)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before ${JSON.stringify(text)}; got ${JSON.stringify(got)}`);
    got += decoder.decode(value, { stream: true });
  }
  return got;
}

describe('proxy (HTTP)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = <T extends { close(): Promise<void> }>(thing: T): T => {
    cleanups.push(() => thing.close());
    return thing;
  };

  it('gives the client the same bytes as a direct connection (Streamable HTTP, seed fixture)', async () => {
    const fixture: RunningFixtureServer = track(await startFixtureServer({ profile: 'seed', transport: 'streamable-http' }));
    const proxy: RunningProxy = track(await startMcpProxy({ target: fixture.url, sink: new MemorySink() }));
    const session = async (url: string) => {
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      const init = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bytes-test', version: '1' } } }) });
      await init.arrayBuffer();
      const sessionHeaders = { ...headers, 'mcp-session-id': init.headers.get('mcp-session-id') ?? '', 'mcp-protocol-version': '2025-06-18' };
      await (await fetch(url, { method: 'POST', headers: sessionHeaders, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).arrayBuffer();
      const list = await fetch(url, { method: 'POST', headers: sessionHeaders, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }) });
      return { status: list.status, type: list.headers.get('content-type'), bytes: Buffer.from(await list.arrayBuffer()) };
    };
    const direct = await session(fixture.url);
    const proxied = await session(proxy.address);
    expect(proxied.status).toBe(direct.status);
    expect(proxied.type).toBe(direct.type);
    expect(proxied.bytes.equals(direct.bytes)).toBe(true);
    expect(proxied.bytes.toString('utf8')).toContain('"tools"');
  });

  it('passes MCP 2026-07-28 through untouched: stateless POSTs with _meta and Mcp-* headers, same bytes as direct, recorded as sent', async () => {
    const modern = track(await startModernOnlyServer(['echo']));
    const sink = new MemorySink();
    const proxy: RunningProxy = track(await startMcpProxy({ target: modern.url, sink }));
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {}, 'io.modelcontextprotocol/clientInfo': { name: 'bytes-test', version: '1' } };
    const call = async (url: string, method: string, id: number) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': method },
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { _meta: meta } }),
      });
      return { status: response.status, type: response.headers.get('content-type'), session: response.headers.get('mcp-session-id'), bytes: Buffer.from(await response.arrayBuffer()) };
    };
    for (const [method, id] of [['server/discover', 1], ['tools/list', 2]] as const) {
      const direct = await call(modern.url, method, id);
      const proxied = await call(proxy.address, method, id);
      expect(proxied.status).toBe(200);
      expect(proxied.session).toBeNull();
      expect(proxied.type).toBe(direct.type);
      expect(proxied.bytes.equals(direct.bytes)).toBe(true);
    }
    // The Server lane holds both requests as the client sent them, headers included, and the answers.
    const sent = sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'out').map((e) => JSON.parse(e.raw) as { method: string; params: { _meta: unknown } });
    expect(sent.map((m) => m.method)).toEqual(['server/discover', 'tools/list']);
    expect(sent[1]?.params._meta).toEqual(meta);
    const heads = sink.envelopes.filter((e) => e.http?.phase === 'request').map((e) => e.http?.headers?.find(([k]) => k.toLowerCase() === 'mcp-method')?.[1]);
    expect(heads).toEqual(['server/discover', 'tools/list']);
    expect(sink.envelopes.some((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.raw.includes('"supportedVersions"'))).toBe(true);
  });

  it('streams SSE events to the client before the server has finished the response', async () => {
    const upstream = track(await startUpstream());
    const sink = new MemorySink();
    const proxy = track(await startMcpProxy({ target: `${upstream.origin}/stream`, sink }));
    const response = await fetch(proxy.address);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    // The server holds the second event until released: the first can only arrive if nothing is buffered.
    expect(await readUntil(reader, 'notifications/first')).not.toContain('notifications/second');
    expect(sink.envelopes.some((e) => e.layer === 'jsonrpc' && e.raw.includes('notifications/first'))).toBe(true);
    upstream.release();
    await readUntil(reader, 'notifications/second');
    await proxy.close();
    expect(sink.envelopes.filter((e) => e.layer === 'sse')).toHaveLength(2);
    expect(sink.envelopes.at(-1)?.http?.phase).toBe('end');
  });

  it('rewrites an absolute legacy endpoint that names the server, and records what the server sent', async () => {
    const upstream = track(await startUpstream());
    const sink = new MemorySink();
    const proxy = track(await startMcpProxy({ target: `${upstream.origin}/sse`, sink }));
    const response = await fetch(proxy.address);
    const text = await readUntil((response.body as ReadableStream<Uint8Array>).getReader(), '\n\n');
    expect(text).toBe('event: endpoint\ndata: /messages?sessionId=abc\n\n');
    upstream.release();
    await proxy.close();
    const recorded = sink.envelopes.find((e) => e.layer === 'sse');
    expect(recorded?.raw).toBe(`event: endpoint\ndata: ${upstream.origin}/messages?sessionId=abc\n\n`);
    expect(sink.envelopes.some((e) => e.layer === 'meta' && JSON.parse(e.raw).kind === 'endpoint-rewritten')).toBe(true);
  });

  it('passes the client\'s credentials through unchanged but never records them', async () => {
    const upstream = track(await startUpstream());
    const sink = new MemorySink();
    const proxy = track(await startMcpProxy({ target: `${upstream.origin}/mcp?api_key=query-secret-456`, sink }));
    const response = await fetch(proxy.address, { method: 'POST', headers: { authorization: 'Bearer secret-token-123', 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"ping","token":"secret-token-123"}' });
    const echoed = await response.json() as { headers: string[] };
    await proxy.close();
    expect(echoed.headers).toContain('Bearer secret-token-123');
    expect(upstream.seen[0]?.url).toBe('/mcp?api_key=query-secret-456');
    const capture = JSON.stringify(sink.envelopes);
    expect(capture).not.toContain('secret-token-123');
    expect(capture).not.toContain('query-secret-456');
    const request = sink.envelopes.find((e) => e.http?.phase === 'request');
    expect(request?.redacted).toBe(true);
    expect(request?.http?.headers).toContainEqual(['authorization', 'Bearer [redacted]']);
  });

  it('drops hop-by-hop headers (RFC 9110) and names the upstream in Host', async () => {
    const upstream = track(await startUpstream());
    const proxy = track(await startMcpProxy({ target: `${upstream.origin}/mcp`, sink: new MemorySink() }));
    const answer = await new Promise<string>((resolve, reject) => {
      const request = http.request(proxy.address, { method: 'POST', headers: { connection: 'keep-alive, x-hop', 'x-hop': 'private', 'keep-alive': 'timeout=5', 'x-end-to-end': 'kept' } }, (response) => {
        let body = '';
        response.on('data', (c: Buffer) => { body += c.toString('utf8'); });
        response.on('end', () => resolve(body));
      });
      request.on('error', reject);
      request.end('{}');
    });
    const names = (JSON.parse(answer) as { headers: string[] }).headers.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    expect(names).toContain('x-end-to-end');
    expect(names).not.toContain('x-hop');
    expect(names).not.toContain('keep-alive');
    expect(upstream.seen[0]?.headers.host).toBe(new URL(upstream.origin).host);
  });

  it('answers 502 naming the unreachable server, and records why', async () => {
    const upstream = await startUpstream();
    const gone = upstream.origin;
    await upstream.close();
    const sink = new MemorySink();
    const proxy = track(await startMcpProxy({ target: `${gone}/mcp`, sink }));
    const response = await fetch(proxy.address, { method: 'POST', body: '{}' });
    expect(response.status).toBe(502);
    expect(await response.text()).toContain(`cannot reach ${gone}`);
    await proxy.close();
    const failure = sink.envelopes.find((e) => e.http?.phase === 'error');
    expect(failure?.raw).toMatch(/cannot reach .*ECONNREFUSED/);
  });

  it('tells client sessions apart over legacy SSE: OpenAI\'s connector by User-Agent, others by clientInfo', async () => {
    const fixture = track(await startFixtureServer({ profile: 'seed', transport: 'sse' }));
    const sink = new MemorySink();
    const proxy = track(await startMcpProxy({ target: fixture.url, sink }));
    const listThrough = async (name: string, userAgent: string) => {
      const client = new Client({ name, version: '1.0.0' });
      await client.connect(new SSEClientTransport(new URL(proxy.address), { requestInit: { headers: { 'user-agent': userAgent } }, eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'user-agent': userAgent } }) } }));
      const { tools } = await client.listTools();
      await client.close();
      return tools.length;
    };
    expect(await listThrough('openai-mcp', 'openai-mcp/1.0.0')).toBe(10);
    expect(await listThrough('my-agent', 'node')).toBe(10);
    await proxy.close();
    const labels = new Map(sink.envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as { kind: string; label: string }).filter((m) => m.kind === 'client-identified').map((m, i) => [i, m.label]));
    expect([...labels.values()]).toEqual(['OpenAI connector (openai-mcp/1.0.0)', 'my-agent 1.0.0 via node']);
    expect(new Set(sink.envelopes.map((e) => e.conn)).size).toBe(2);
    expect(diagnose(sink.envelopes).lanes.server?.tools).toHaveLength(10);
  });

  it('refuses a target that is not an http(s) URL with a clear error', async () => {
    await expect(startMcpProxy({ target: 'ftp://example.com/mcp', sink: new MemorySink() })).rejects.toThrow(/http:\/\/ or https:\/\//);
    await expect(startMcpProxy({ target: 'not a url', sink: new MemorySink() })).rejects.toThrow(/not a URL/);
  });
});
