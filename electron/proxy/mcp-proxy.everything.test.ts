import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { MemorySink } from '../capture/memory-sink';
import { startMcpProxy, type RunningProxy } from './mcp-proxy';
import { runInspectorCli, startEverything, type EverythingServer } from './test-support/everything-server';

/**
 * The official MCP Inspector CLI against `@modelcontextprotocol/server-everything`, through the
 * recording proxy, over both HTTP transports: the client must work unchanged and every frame of
 * the exchange must be in the Server lane.
 */
describe('proxy: Inspector CLI and server-everything', () => {
  let server: EverythingServer | undefined;
  let proxy: RunningProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await server?.close();
    proxy = undefined;
    server = undefined;
  });

  const jsonRpc = (envelopes: Envelope[], dir: 'out' | 'in') => envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === dir).map((e) => JSON.parse(e.raw) as Record<string, unknown>);
  const metas = (envelopes: Envelope[], kind: string) => envelopes.filter((e) => e.layer === 'meta').map((e) => JSON.parse(e.raw) as Record<string, unknown>).filter((m) => m.kind === kind);

  for (const transport of ['streamableHttp', 'sse'] as const) {
    it(`lists the same tools through the proxy as direct (${transport})`, async () => {
      server = await startEverything(transport);
      const sink = new MemorySink();
      proxy = await startMcpProxy({ target: server.url, sink });
      const cliTransport = transport === 'sse' ? 'sse' : 'http';

      const direct = await runInspectorCli([server.url, '--transport', cliTransport, '--method', 'tools/list']);
      const proxied = await runInspectorCli([proxy.address, '--transport', cliTransport, '--method', 'tools/list']);
      expect(direct.code, direct.stderr).toBe(0);
      expect(proxied.code, proxied.stderr).toBe(0);
      expect(JSON.parse(proxied.stdout)).toEqual(JSON.parse(direct.stdout));
      await proxy.close();

      const envelopes = sink.envelopes;
      expect(envelopes.every((e) => e.lane === 'server')).toBe(true);
      const sent = jsonRpc(envelopes, 'out');
      const received = jsonRpc(envelopes, 'in');
      expect(sent.map((m) => m.method)).toEqual(expect.arrayContaining(['initialize', 'notifications/initialized', 'tools/list']));
      const listRequest = sent.find((m) => m.method === 'tools/list');
      const listAnswer = received.find((m) => m.id === listRequest?.id && 'result' in m) as { result: { tools: unknown[] } } | undefined;
      expect(listAnswer?.result.tools).toEqual((JSON.parse(proxied.stdout) as { tools: unknown[] }).tools);

      // Every jsonrpc envelope points at the http/sse envelope that carried it.
      const bySeq = new Map(envelopes.map((e) => [e.seq, e]));
      for (const message of envelopes.filter((e) => e.layer === 'jsonrpc')) {
        const carrier = bySeq.get(message.link?.carrier ?? -1);
        expect(carrier?.layer === 'http' || carrier?.layer === 'sse').toBe(true);
        expect(carrier?.raw).toContain(message.raw);
      }
      // Every exchange that began also ended.
      const requests = envelopes.filter((e) => e.http?.phase === 'request').map((e) => e.http?.exchange);
      const ended = new Set(envelopes.filter((e) => e.http?.phase === 'end' || e.http?.phase === 'error').map((e) => e.http?.exchange));
      expect(requests.filter((x) => !ended.has(x))).toEqual([]);

      // One client session, labelled as the Inspector by its clientInfo.
      expect(new Set(envelopes.map((e) => e.conn)).size).toBe(1);
      const identified = metas(envelopes, 'client-identified');
      expect(identified).toHaveLength(1);
      expect(identified[0]?.label).toMatch(/^MCP Inspector \(inspector-cli /);
      if (transport === 'sse') expect(envelopes.some((e) => e.layer === 'sse' && /^event: endpoint/m.test(e.raw))).toBe(true);
    });
  }
});
