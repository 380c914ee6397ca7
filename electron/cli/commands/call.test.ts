import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, GetPromptRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallReport, RequestReport } from '../../../shared/lanes/call-report';
import { openCapture } from '../../capture/capture-loader';
import type { RunningServer } from '../../lanes/inspector/test-support/http-server';
import { startStreamableServer } from '../../lanes/inspector/test-support/mcp-servers';
import { UsageError, type Command, type CommandIo } from '../command';
import { callCommand } from './call';
import { promptCommand } from './prompt';
import { readCommand } from './read';

const require = createRequire(import.meta.url);
const everything = `stdio:${process.execPath} ${require.resolve('@modelcontextprotocol/server-everything/dist/index.js')} stdio`;

/** A real server with one tool that keeps its outputSchema, one that breaks it, a resource and a prompt. */
function workbenchServer(): Server {
  const server = new Server({ name: 'parallax-test-workbench', version: '1.0.0' }, { capabilities: { tools: {}, resources: {}, prompts: {} } });
  const outputSchema = { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] };
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [
      { name: 'add', inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] }, outputSchema },
      { name: 'add_badly', inputSchema: { type: 'object', properties: {} }, outputSchema },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const args = request.params.arguments ?? {};
    if (request.params.name === 'add') {
      const sum = Number(args.a) + Number(args.b);
      return { content: [{ type: 'text', text: String(sum) }], structuredContent: { sum } };
    }
    return { content: [{ type: 'text', text: 'three' }], structuredContent: { sum: 'three' } };
  });
  server.setRequestHandler(ReadResourceRequestSchema, (request) => {
    if (request.params.uri !== 'note://hello') throw new Error(`no resource ${request.params.uri}`);
    return { contents: [{ uri: 'note://hello', mimeType: 'text/plain', text: 'hello there' }] };
  });
  server.setRequestHandler(GetPromptRequestSchema, (request) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Greet ${request.params.arguments?.name ?? 'nobody'}` } }],
  }));
  return server;
}

let dir: string;
const running: RunningServer[] = [];
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-call-test-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
afterEach(async () => { await Promise.all(running.splice(0).map((s) => s.close())); });

let counter = 0;
const capturePath = () => join(dir, `call-${++counter}.parallax`);

async function run(command: Command, ...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => out.push(t), stopped: new Promise(() => undefined) };
  return { code: await command.run(argv, io), out };
}

async function workbench(): Promise<string> {
  const server = await startStreamableServer(workbenchServer);
  running.push(server);
  return server.url;
}

describe('parallax call', () => {
  it('calls a tool through the Inspector lane, checks structuredContent against outputSchema, and records the call in the capture', async () => {
    const url = await workbench();
    const out = capturePath();
    const ok = await run(callCommand, url, 'add', '--arguments', '{"a":1,"b":2}', '--json', '--out', out);
    expect(ok.code).toBe(0);
    const report = CallReport.parse(JSON.parse(ok.out[0] ?? ''));
    expect(report.argumentCheck).toEqual({ ok: true, problems: [] });
    expect(report.lanes).toEqual([expect.objectContaining({ lane: 'inspector', outcome: 'result', resultProblems: [], structuredContent: { ok: true, problems: [] } })]);
    expect(report.lanes[0]?.result).toMatchObject({ structuredContent: { sum: 3 } });

    const capture = await openCapture(out);
    try {
      const envelopes = await capture.readSeqRange(1, capture.count);
      const cited = envelopes.filter((e) => report.lanes[0]?.evidence.includes(e.seq));
      expect(cited.map((e) => e.raw).join('\n')).toContain('tools/call');
      expect(cited.map((e) => e.raw).join('\n')).toContain('"sum":3');
    } finally {
      await capture.close();
    }
  });

  it('sends arguments that break inputSchema anyway, marked, and exits 1 for a structuredContent that breaks outputSchema', async () => {
    const url = await workbench();
    const bad = await run(callCommand, url, 'add', '--arguments', '{"a":"one"}', '--json', '--out', capturePath());
    const report = CallReport.parse(JSON.parse(bad.out[0] ?? ''));
    expect(report.argumentCheck?.ok).toBe(false);
    expect(report.argumentCheck?.problems).toEqual(expect.arrayContaining([{ path: '/a', message: 'must be number' }]));
    expect(report.lanes[0]?.outcome).toBe('result');

    const misfit = await run(callCommand, url, 'add_badly', '--out', capturePath());
    expect(misfit.code).toBe(1);
    expect(misfit.out.join('\n')).toContain('outputSchema: does not fit: /structuredContent/sum must be number');
  });

  it('is bad usage without a tool, with arguments that are not a JSON object, or with an unknown lane', async () => {
    const url = await workbench();
    await expect(run(callCommand, url)).rejects.toThrow(UsageError);
    await expect(run(callCommand, url, 'add', '--arguments', '[1]')).rejects.toThrow(/--arguments must be a JSON object/);
    await expect(run(callCommand, url, 'add', '--lanes', 'nobody')).rejects.toThrow(/unknown lane "nobody"/);
  });
});

describe('parallax read and parallax prompt', () => {
  it('read prints the resource, and a server error with its JSON-RPC code, exiting 1', async () => {
    const url = await workbench();
    const ok = await run(readCommand, url, 'note://hello', '--json', '--out', capturePath());
    expect(ok.code).toBe(0);
    expect(RequestReport.parse(JSON.parse(ok.out[0] ?? ''))).toMatchObject({ method: 'resources/read', outcome: 'result', schemaProblems: [], result: { contents: [{ text: 'hello there' }] } });

    const missing = await run(readCommand, url, 'note://nowhere', '--json', '--out', capturePath());
    expect(missing.code).toBe(1);
    expect(RequestReport.parse(JSON.parse(missing.out[0] ?? ''))).toMatchObject({ outcome: 'failed', error: expect.stringContaining('no resource note://nowhere'), errorCode: expect.any(Number) });
    await expect(run(readCommand, url, 'note://hello', '--lanes', 'playground')).rejects.toThrow(/Inspector lane only/);
  });

  it('prompt sends its string arguments and refuses others', async () => {
    const url = await workbench();
    const ok = await run(promptCommand, url, 'greet', '--arguments', '{"name":"Ada"}', '--out', capturePath());
    expect(ok.code).toBe(0);
    expect(ok.out.join('\n')).toContain('user: Greet Ada');
    await expect(run(promptCommand, url, 'greet', '--arguments', '{"name":1}')).rejects.toThrow(/not a string: name/);
  });
});

describe('against @modelcontextprotocol/server-everything over stdio', () => {
  it('calls its structured tool, reads its static resource and gets its prompt with arguments', async () => {
    const call = await run(callCommand, everything, 'get-structured-content', '--arguments', '{"location":"New York"}', '--json', '--out', capturePath());
    expect(call.code).toBe(0);
    expect(CallReport.parse(JSON.parse(call.out[0] ?? '')).lanes[0]).toMatchObject({ outcome: 'result', structuredContent: { ok: true } });

    const read = await run(readCommand, everything, 'demo://resource/static/document/architecture.md', '--json', '--out', capturePath());
    expect(read.code).toBe(0);
    expect(RequestReport.parse(JSON.parse(read.out[0] ?? '')).result).toMatchObject({ contents: [{ mimeType: 'text/markdown' }] });

    const prompt = await run(promptCommand, everything, 'args-prompt', '--arguments', '{"city":"Oslo","state":"NO"}', '--json', '--out', capturePath());
    expect(prompt.code).toBe(0);
    expect(JSON.stringify(RequestReport.parse(JSON.parse(prompt.out[0] ?? '')).result)).toContain('Oslo');
  }, 60_000);
});
