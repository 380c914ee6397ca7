import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIo } from '../cli/command';
import { diagnoseCommand } from '../cli/commands/diagnose';
import { openCaptureOrBundle } from './open-capture-or-bundle';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-import-test-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const TOKEN = 'sk-test-ABCDEFGHIJKLMNOP';
const LIST = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
const RESULT = `{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo","description":"key ${TOKEN}","inputSchema":{"type":"object"}}]}}`;

function harText(entries: unknown[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } });
}

const mcpEntry = {
  startedDateTime: '2026-11-25T12:00:00.000Z', time: 30,
  request: {
    method: 'POST', url: 'http://127.0.0.1:9/mcp', httpVersion: 'HTTP/1.1', cookies: [],
    headers: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }], queryString: [],
    postData: { mimeType: 'application/json', text: LIST }, headersSize: -1, bodySize: LIST.length,
  },
  response: {
    status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'content-type', value: 'application/json' }],
    content: { size: RESULT.length, mimeType: 'application/json', text: RESULT }, redirectURL: '', headersSize: -1, bodySize: -1,
  },
  cache: {}, timings: { send: 0, wait: 20, receive: 10 },
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped: new Promise(() => undefined) };
  return { io: value, out, err };
}

describe('opening a HAR or JSON-RPC log as a capture', () => {
  it('converts a HAR on open, removes the credential it carried, and cleans up on close', async () => {
    const path = join(dir, 'session.har');
    await writeFile(path, harText([mcpEntry]));
    const source = await openCaptureOrBundle(path, { tempDir: dir });
    try {
      expect(source.imported).toMatchObject({ format: 'har', file: 'session.har' });
      expect(source.capture.header.imported?.notes).toEqual(source.imported?.notes);
      const envelopes = [];
      for await (const envelope of source.capture.envelopes()) envelopes.push(envelope);
      expect(envelopes.map((e) => `${e.layer}:${e.http?.phase ?? e.dir}`)).toEqual(['http:request', 'jsonrpc:out', 'http:response', 'http:body', 'jsonrpc:in', 'http:end']);
      expect(JSON.stringify(envelopes)).not.toContain(TOKEN);
      expect(envelopes[0]?.http?.headers).toEqual([['Authorization', 'Bearer [redacted]']]);
    } finally {
      await source.close();
    }
    expect((await readdir(dir)).filter((name) => name.startsWith('parallax-import-'))).toEqual([]);
  });

  it('opens a JSON-RPC log by its name and content', async () => {
    const path = join(dir, 'trace.log');
    await writeFile(path, `[2026-11-25T12:00:00Z] -> ${LIST}\nbanner text\n[2026-11-25T12:00:01Z] <- ${RESULT}\n`);
    const source = await openCaptureOrBundle(path, { tempDir: dir });
    try {
      expect(source.imported?.format).toBe('jsonrpc-log');
      expect(source.capture.count).toBe(2);
      expect(source.imported?.notes?.join(' ')).toContain('1 line is not JSON-RPC and was skipped (first: line 2, "banner text")');
    } finally {
      await source.close();
    }
  });

  it('parallax diagnose reads a HAR, and refuses one without MCP traffic with exit 2', async () => {
    const good = join(dir, 'good.har');
    await writeFile(good, harText([mcpEntry]));
    const run = io();
    const code = await diagnoseCommand.run([good], run.io);
    expect(code === 0 || code === 1).toBe(true);
    expect(run.out.join('\n')).toContain('import: Imported from the HAR file good.har.');

    const page = join(dir, 'page.har');
    await writeFile(page, harText([{ ...mcpEntry, request: { ...mcpEntry.request, method: 'GET', postData: undefined }, response: { ...mcpEntry.response, content: { size: 2, mimeType: 'text/html', text: '<p>' } } }]));
    const refused = io();
    expect(await diagnoseCommand.run([page], refused.io)).toBe(2);
    expect(refused.err.join('\n')).toContain('no MCP traffic found in page.har');

    const broken = join(dir, 'broken.har');
    await writeFile(broken, harText([{ ...mcpEntry, response: { ...mcpEntry.response, status: 'ok' } }]));
    const bad = io();
    expect(await diagnoseCommand.run([broken], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain('broken.har is not a valid HAR 1.2 file: log.entries[0].response.status');
  });
});
