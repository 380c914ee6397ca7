import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FixtureEra } from '../../shared/lanes/fixture-eras';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { ConnectorFailure, listServerTools, type ConnectorOptions } from './mcp-connector';
import { isNonPublicAddress, nonPublicAddressOf } from './private-network';

interface Recorded {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((c) => c()));
});

/** A server that records each request and refuses it (405 to POST, 404 to GET), so the connector walks its whole fallback. */
async function recordingServer(): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(req.method === 'POST' ? 405 : 404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, requests };
}

const options: ConnectorOptions = { hostedEra: '2025-06-18', strictToolValidation: true, maxListPages: 20 };

describe('the emulated hosted MCP client', () => {
  it('introduces itself as openai-mcp/1.0.0, POSTs first, then falls back to GET (legacy SSE)', async () => {
    const server = await recordingServer();
    const failure = await listServerTools({ url: server.url, headers: { 'x-custom': 'yes' } }, options).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorFailure);
    expect((failure as ConnectorFailure).statusText).toBe('404 (Not Found)');
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    const [post, get] = server.requests;
    expect(post?.headers['user-agent']).toBe('openai-mcp/1.0.0');
    expect(post?.headers.accept).toBe('application/json, text/event-stream');
    expect(post?.headers['x-custom']).toBe('yes');
    expect(JSON.parse(post?.body ?? '{}')).toMatchObject({ method: 'initialize', params: { protocolVersion: '2025-06-18', clientInfo: { name: 'openai-mcp', version: '1.0.0' }, capabilities: {} } });
    expect(get?.headers['user-agent']).toBe('openai-mcp/1.0.0');
    expect(get?.headers.accept).toContain('text/event-stream');
  });

  it('lists through the fallback against a FastMCP-style SSE server', async () => {
    const seed: RunningFixtureServer = await startFixtureServer({ profile: 'seed' });
    closers.push(() => seed.close());
    const listed = await listServerTools({ url: seed.url, headers: {} }, options);
    expect(listed.transport).toBe('sse');
    expect(listed.tools).toHaveLength(10);
  });

  it('keeps listing through garbage frames (hostile profile)', async () => {
    const hostile = await startFixtureServer({ profile: 'hostile' });
    closers.push(() => hostile.close());
    const listed = await listServerTools({ url: hostile.url, headers: {} }, options);
    expect(listed.tools.map((t) => t.name)).toContain('deep_schema');
  });

  it('declares no client capabilities, so capability-gated tools stay hidden', async () => {
    const gated = await startFixtureServer({ profile: 'capabilities-gated' });
    closers.push(() => gated.close());
    const listed = await listServerTools({ url: gated.url, headers: {} }, options);
    expect(listed.transport).toBe('streamable-http');
    expect(listed.tools.map((t) => t.name)).toEqual(['echo', 'get_time']);
  });
});

describe('the hosted era (--hosted-era): the one MCP revision the emulated hosted client speaks', () => {
  const eraOptions = (hostedEra: ConnectorOptions['hostedEra']): ConnectorOptions => ({ ...options, hostedEra });
  const serve = async (era: FixtureEra) => {
    const server = await startFixtureServer({ profile: 'seed', transport: 'streamable-http', era });
    closers.push(() => server.close());
    return server;
  };

  it('2025-06-18 (the default) lists a 2025 server and a dual one, and fails on a 2026-07-28-only server with its refusal', async () => {
    expect((await listServerTools({ url: (await serve('legacy')).url, headers: {} }, options)).tools).toHaveLength(10);
    expect((await listServerTools({ url: (await serve('dual')).url, headers: {} }, options)).tools).toHaveLength(10);
    const refused = await listServerTools({ url: (await serve('modern')).url, headers: {} }, options).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectorFailure);
    expect((refused as ConnectorFailure).status).toBe(400);
  });

  it('2026-07-28 lists a 2026-07-28-only server and a dual one, and cannot reach a 2025-only server', async () => {
    const modern = eraOptions('2026-07-28');
    expect((await listServerTools({ url: (await serve('modern')).url, headers: {} }, modern)).tools).toHaveLength(10);
    expect((await listServerTools({ url: (await serve('round-robin')).url, headers: {} }, modern)).tools).toHaveLength(10);
    const old = await listServerTools({ url: (await serve('legacy')).url, headers: {} }, modern).catch((e: unknown) => e);
    expect(old).toBeInstanceOf(ConnectorFailure);
  });

  it('sends the era on the wire: 2026-07-28 puts the revision in _meta and never sends initialize', async () => {
    const server = await recordingServer();
    await listServerTools({ url: server.url, headers: {} }, eraOptions('2026-07-28')).catch(() => undefined);
    const first = JSON.parse(server.requests[0]?.body ?? '{}') as { method?: string; params?: { _meta?: Record<string, unknown> } };
    expect(first.method).toBe('server/discover');
    expect(first.params?._meta?.['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
    expect(server.requests.map((r) => JSON.parse(r.body || '{}') as { method?: string }).map((m) => m.method)).not.toContain('initialize');
  });
});

describe('public-address rule', () => {
  it.each([
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.20.0.1', true], ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true],
    ['::1', true], ['fd00::1', true], ['fe80::1', true], ['::ffff:127.0.0.1', true],
    ['8.8.8.8', false], ['2606:4700::1111', false], ['::ffff:1.1.1.1', false],
  ])('%s is non-public: %s', (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });

  it('treats localhost names and literal private hosts as non-public', async () => {
    expect(await nonPublicAddressOf('http://localhost:8000/sse')).toBe('localhost');
    expect(await nonPublicAddressOf('http://[::1]:8000/mcp')).toBe('::1');
    expect(await nonPublicAddressOf('https://93.184.215.14/mcp')).toBeNull();
  });
});
