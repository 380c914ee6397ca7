/**
 * MCP servers that answer `tools/list` with more than any client should hold: one tool whose
 * description is `bytes` long (a huge answer), an answer that never ends (an endless SSE event
 * over HTTP, an endless line on stdio), or one whose inputSchema nests far too deep. The server itself stays small: it writes the payload in
 * chunks and waits for the socket or pipe to drain, so what grows is only the client under test.
 *
 * In a test: `startHostileHttpServer(...)`. For measuring a real probe in its own process:
 *   node --import tsx hostile-server.ts http huge 400MiB   (prints the URL on stdout)
 *   node --import tsx hostile-server.ts http endless
 *   node --import tsx hostile-server.ts stdio huge 1GiB    (is the stdio server)
 *   node --import tsx hostile-server.ts stdio endless
 *   node --import tsx hostile-server.ts http|stdio deep 100000   (an inputSchema nested that deep)
 */
import type { Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseByteSize } from '../../../../shared/capture/limits';
import { listen, readBody, type RunningServer } from './http-server';

export type HostileAnswer = { kind: 'huge'; bytes: number } | { kind: 'endless' } | { kind: 'deep'; depth: number };

const CHUNK = Buffer.alloc(64 * 1024, 'x');

const initializeResult = (id: unknown, protocolVersion: unknown) => ({
  jsonrpc: '2.0', id, result: { protocolVersion: protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'hostile', version: '0' } },
});

/** Writes `bytes` bytes of 'x' (or forever), honouring backpressure; resolves when done or the reader is gone. */
async function pour(out: Writable, bytes: number): Promise<void> {
  let left = bytes;
  while (left > 0 && !out.destroyed && out.writable) {
    const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
    if (Number.isFinite(left)) left -= piece.length;
    if (!out.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', done);
          out.off('error', done);
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
        out.on('error', done);
      });
    }
  }
}

/** A whole `tools/list` answer whose one tool's inputSchema nests `depth` levels: small in bytes, deep enough to overflow a recursive walk. */
export function deepToolsList(id: unknown, depth: number): string {
  const open = '{"type":"object","properties":{"a":';
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"tools":[{"name":"deep","inputSchema":${open.repeat(depth)}{}${'}}'.repeat(depth)}}]}}`;
}

/** Writes one `tools/list` answer whose single tool has a description of `answer.bytes` bytes, or one that never ends. */
async function writeToolsList(out: Writable, id: unknown, answer: Exclude<HostileAnswer, { kind: 'deep' }>, prefix = ''): Promise<void> {
  const head = `${prefix}{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"tools":[{"name":"huge","inputSchema":{"type":"object"},"description":"`;
  out.write(head);
  await pour(out, answer.kind === 'huge' ? answer.bytes : Infinity);
}

/** A Streamable HTTP endpoint (raw node:http) whose `tools/list` answer is huge (JSON) or endless (one SSE event). */
export async function startHostileHttpServer(answer: HostileAnswer): Promise<RunningServer & { url: string }> {
  const running = await listen(async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const message = JSON.parse(await readBody(req)) as { id?: unknown; method?: string; params?: { protocolVersion?: unknown } };
    if (message.id === undefined || message.method === undefined) {
      res.writeHead(202).end();
      return;
    }
    if (message.method === 'initialize') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(initializeResult(message.id, message.params?.protocolVersion)));
      return;
    }
    if (message.method !== 'tools/list') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} }));
      return;
    }
    if (answer.kind === 'deep') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(deepToolsList(message.id, answer.depth));
      return;
    }
    if (answer.kind === 'huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      await writeToolsList(res, message.id, answer);
      if (!res.destroyed) res.end('"}]}}');
      return;
    }
    // One `message` event whose data line never ends: an SSE client must hold it all to parse it.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    await writeToolsList(res, message.id, answer, 'event: message\ndata: ');
  });
  return { ...running, url: `${running.origin}/mcp` };
}

/** The stdio form: newline-delimited JSON-RPC on stdin/stdout, `tools/list` answered by one huge or endless line. */
function runStdioServer(answer: HostileAnswer): void {
  const lines = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    const message = JSON.parse(line) as { id?: unknown; method?: string; params?: { protocolVersion?: unknown } };
    if (message.id === undefined || message.method === undefined) return;
    queue = queue.then(async () => {
      if (message.method === 'initialize') process.stdout.write(`${JSON.stringify(initializeResult(message.id, message.params?.protocolVersion))}\n`);
      else if (message.method === 'tools/list') {
        if (answer.kind === 'deep') {
          process.stdout.write(`${deepToolsList(message.id, answer.depth)}\n`);
          return;
        }
        await writeToolsList(process.stdout, message.id, answer);
        process.stdout.write('"}]}}\n');
      } else process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} })}\n`);
    });
  });
  // The client closing stdout (EPIPE) is the end of the conversation, not an error worth a trace.
  process.stdout.on('error', () => process.exit(0));
}

function answerFrom(kind: string | undefined, size: string | undefined): HostileAnswer {
  if (kind === 'endless') return { kind: 'endless' };
  if (kind === 'huge' && size) return { kind: 'huge', bytes: parseByteSize(size) };
  if (kind === 'deep' && size) return { kind: 'deep', depth: Number(size) };
  throw new Error('usage: hostile-server.ts http|stdio huge SIZE | endless | deep LEVELS');
}

/** The `stdio:` server string that runs this file as a hostile stdio server under this Node. */
export function hostileStdioServer(kind: HostileAnswer['kind'], size = ''): string {
  return `stdio:${process.execPath} --import tsx ${fileURLToPath(import.meta.url)} stdio ${kind} ${size}`.trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, kind, size] = process.argv.slice(2);
  const answer = answerFrom(kind, size);
  if (mode === 'stdio') runStdioServer(answer);
  else if (mode === 'http') {
    void startHostileHttpServer(answer).then((server) => {
      process.stdout.write(`${server.url}\n`);
      process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
    });
  } else throw new Error('usage: hostile-server.ts http|stdio huge SIZE | endless');
}
