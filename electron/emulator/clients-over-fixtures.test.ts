import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAIRealtimeWebSocket, RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import type { Tool } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureProfiles } from '../fixtures/profiles';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { startEmulator, type RunningEmulator } from './emulator';

/**
 * Three clients users really run, unchanged, against the emulator over every fixture profile:
 * `@openai/agents-realtime` (RealtimeSession), `openai` 7.x's Realtime client (OpenAIRealtimeWS,
 * which forces wss:, so a TLS emulator with a certificate made here) and its Responses stream
 * helper (`client.responses.stream`). Each reports what it got; the table is printed and written to
 * test-results/clients-over-fixtures.json. The hosted client is the emulator in every case, so
 * the two `openai` clients must agree with each other and with what the wire carried, and the
 * Agents SDK with them except where its own schema drops the list.
 */
type Report = { tools: number; names?: string[] } | { failed: string };
interface Row { profile: string; wire?: Report; openaiRealtime: Report; agentsRealtime: Report; responses: Report; nullDescription: boolean }

const KEY = 'sk-local-emulator';
let dir: string;
let plain: RunningEmulator;
let tls: RunningEmulator;
const rows: Row[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parallax-clients-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  plain = await startEmulator();
  tls = await startEmulator({ tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) } });
});
afterAll(async () => {
  await plain?.close();
  await tls?.close();
  rmSync(dir, { recursive: true, force: true });
  if (rows.length > 0) {
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/clients-over-fixtures.json', `${JSON.stringify(rows, null, 2)}\n`);
    const show = (r: Report | undefined) => (r === undefined ? '-' : 'failed' in r ? `failed (${r.failed.slice(0, 40)})` : String(r.tools));
    console.log(['profile            wire  openai-realtime  agents-realtime  responses', ...rows.map((r) => `${r.profile.padEnd(18)} ${show(r.wire).padEnd(5)} ${show(r.openaiRealtime).padEnd(16)} ${show(r.agentsRealtime).padEnd(16)} ${show(r.responses)}`)].join('\n'));
  }
});

function mcpTool(fixture: RunningFixtureServer, credential: 'none' | 'authorization' | 'header') {
  return {
    type: 'mcp' as const, server_label: 'fixture', server_url: fixture.url, require_approval: 'never' as const,
    ...(credential === 'authorization' ? { authorization: fixture.token } : credential === 'header' ? { headers: { Authorization: `Bearer ${fixture.token}` } } : {}),
  };
}

/** openai's OpenAIRealtimeWS: the tools on conversation.item.done, or the failure event. */
async function openaiRealtime(tool: ReturnType<typeof mcpTool>): Promise<{ report: Report; item?: { tools: { description?: string | null; name: string }[] } }> {
  const client = new OpenAI({ apiKey: KEY, baseURL: tls.baseUrl });
  const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { rejectUnauthorized: false } }, client);
  try {
    return await new Promise((resolve, reject) => {
      rt.on('event', (event: RealtimeServerEvent) => {
        if (event.type === 'session.created') rt.send({ type: 'session.update', session: { type: 'realtime', tools: [tool] } });
        if (event.type === 'conversation.item.done' && event.item.type === 'mcp_list_tools') resolve({ report: { tools: event.item.tools.length, names: event.item.tools.map((t) => t.name) }, item: event.item });
        if (event.type === 'mcp_list_tools.failed') resolve({ report: { failed: 'mcp_list_tools.failed' } });
        if (event.type === 'error') resolve({ report: { failed: `error ${event.error.code ?? event.error.type}` } });
      });
      rt.on('error', reject);
    });
  } finally {
    rt.close();
  }
}

/** @openai/agents-realtime: what the session offers the agent once the listing item is handled. */
async function agentsRealtime(tool: ReturnType<typeof mcpTool>): Promise<Report> {
  const url = `${plain.realtimeUrl}?model=gpt-realtime`;
  const hosted = { type: 'hosted_tool', name: 'hosted_mcp', providerData: tool } as const;
  const agent = new RealtimeAgent({ name: 'fixture-client', instructions: 'test', tools: [hosted] });
  const transport = new OpenAIRealtimeWebSocket({ url });
  const session = new RealtimeSession(agent, { transport, model: 'gpt-realtime' });
  // The session re-emits the API's error events; without a listener they would be thrown.
  session.on('error', () => undefined);
  try {
    const ended = new Promise<Report | null>((resolve) => {
      let retrieveSent = false;
      transport.on('*', (event: { type: string; item?: { type?: string; id?: string } }) => {
        if (event.type === 'mcp_list_tools.failed') resolve({ failed: 'mcp_list_tools.failed' });
        if (event.type === 'conversation.item.done' && event.item?.type === 'mcp_list_tools') {
          // A retrieve round trip guarantees the session has handled the item.done frame.
          retrieveSent = true;
          transport.sendEvent({ type: 'conversation.item.retrieve', item_id: event.item.id ?? '' });
        }
        if (event.type === 'conversation.item.retrieved' && retrieveSent) resolve(null);
      });
    });
    await session.connect({ apiKey: KEY, url });
    const failed = await ended;
    return failed ?? { tools: session.availableMcpTools.length, names: session.availableMcpTools.map((t) => t.name) };
  } finally {
    session.close();
  }
}

/** openai's Responses stream helper: the mcp_list_tools output item of the final response, or the API error. */
async function responses(tool: ReturnType<typeof mcpTool>): Promise<Report> {
  const client = new OpenAI({ apiKey: KEY, baseURL: plain.baseUrl, maxRetries: 0 });
  try {
    const stream = client.responses.stream({ model: 'gpt-4.1', input: 'List the tools.', tools: [tool as Tool] });
    const response = await stream.finalResponse();
    const listing = response.output.find((o) => o.type === 'mcp_list_tools');
    if (!listing || listing.type !== 'mcp_list_tools') return { failed: 'no mcp_list_tools item' };
    if (listing.error) return { failed: listing.error };
    return { tools: listing.tools.length, names: listing.tools.map((t) => t.name) };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

describe('real clients over every fixture profile, against the emulator', () => {
  for (const profile of fixtureProfiles) {
    it(`${profile.name}: the openai clients agree with the wire, and the Agents SDK with them`, async () => {
      const fixture = await startFixtureServer({ profile: profile.name, options: { slowMs: 100 } });
      try {
        const tool = mcpTool(fixture, profile.requiresBearer === true ? 'authorization' : 'none');
        const realtime = await openaiRealtime(tool);
        const row: Row = {
          profile: profile.name,
          ...(realtime.item ? { wire: { tools: realtime.item.tools.length } } : {}),
          openaiRealtime: realtime.report,
          agentsRealtime: await agentsRealtime(tool),
          responses: await responses(tool),
          nullDescription: realtime.item?.tools.some((t) => t.description === null) ?? false,
        };
        rows.push(row);
        // One hosted client behind both APIs: the same list, or the same failure.
        expect('failed' in row.responses).toBe('failed' in row.openaiRealtime);
        if ('tools' in row.openaiRealtime && 'tools' in row.responses) expect(row.responses.names).toEqual(row.openaiRealtime.names);
        // The Agents SDK keeps what the API delivered, except when its schema rejects a null description,
        // and except for a token in `authorization`: 0.20's hosted_mcp conversion (dist/tool.mjs) keeps
        // server_label, server_url, headers, allowed_tools and require_approval only, so OpenAI is sent no
        // token and the server answers 401. The same token as a header gets through.
        if (profile.requiresBearer === true) {
          expect(row.agentsRealtime).toEqual({ failed: 'mcp_list_tools.failed' });
          expect(await agentsRealtime(mcpTool(fixture, 'header'))).toEqual(row.openaiRealtime);
        } else if ('tools' in row.openaiRealtime) {
          expect(row.agentsRealtime).toEqual(row.nullDescription ? { tools: 0, names: [] } : row.openaiRealtime);
        } else {
          expect('failed' in row.agentsRealtime).toBe(true);
        }
      } finally {
        await fixture.close();
      }
    }, 60_000);
  }
});
