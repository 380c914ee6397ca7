import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_VERSION } from '../../app-version';
import { CaptureJournal } from '../../capture/journal';
import { sideBodiesFolder } from '../../capture/side-body-files';
import { redactArgs } from '../../lanes/inspector/redact';
import { parseTarget, ProxyTargetError, startMcpProxy } from '../../proxy/mcp-proxy';
import { redactUrl } from '../../../shared/security/secret-names';
import type { Limits } from '../../../shared/capture/limits';
import { startStdioShim } from '../../proxy/stdio-shim';
import { UsageError, type Command, type CommandIo } from '../command';
import { KEEP_WHOLE_BODIES_USAGE, LIMIT_FLAG_NAMES, limitsFromFlags, recordingSink } from '../limit-flags';
import { parsePort } from '../parse-port';
import { ACCESS_FLAG_OPTIONS, ACCESS_FLAGS_USAGE, accessFromFlags } from '../access-flags';

export const proxyCommand: Command = {
  name: 'proxy',
  summary: 'Record what real clients send an MCP server: a reverse proxy (HTTP) or a stdio shim',
  usage: [
    'parallax proxy --target URL [--port N] [--host ADDR] [--allow-host NAME]... [--allow-origin ORIGIN]... [--limit NAME=VALUE]... [--settings FILE.json] [--keep-whole-bodies] --out FILE.parallax',
    '       parallax proxy --stdio [--limit NAME=VALUE]... [--settings FILE.json] [--out FILE.parallax] -- <server command> [args...]',
    '',
    'HTTP: point the client at the printed address instead of the server (Streamable HTTP and',
    'legacy SSE both work). Expose it through a tunnel for OpenAI\'s connector (see the README):',
    'the tunnel sends its public name as Host, so give that name with --allow-host.',
    '--host binds another address (0.0.0.0: all); it then also answers to the machine\'s name and to',
    'the address it is reached at.',
    ACCESS_FLAGS_USAGE,
    'stdio: put this command in the client\'s MCP config in place of the server command; the',
    'capture path is printed on stderr (stdout belongs to the protocol).',
    `--limit raises or lowers a named recording limit, e.g. --limit frame-bytes=64MiB; names: ${LIMIT_FLAG_NAMES}.`,
    'stdio: a line past message-bytes passes through but is not kept; one past frame-bytes is kept clipped.',
    '--settings reads limits from a JSON file ({"limits": {"frameBytes": "64MiB"}}); --limit flags win over it.',
    `${KEEP_WHOLE_BODIES_USAGE} (HTTP)`,
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { target: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, out: { type: 'string' }, stdio: { type: 'boolean' }, limit: { type: 'string', multiple: true }, settings: { type: 'string' }, 'keep-whole-bodies': { type: 'boolean' }, ...ACCESS_FLAG_OPTIONS },
      strict: true,
      allowPositionals: true,
    });
    if (values.stdio) {
      if (values.target) throw new UsageError('--stdio and --target are exclusive: a stdio shim launches the server itself');
      const [command, ...args] = positionals;
      if (!command) throw new UsageError('--stdio needs the server command after --, e.g. parallax proxy --stdio --out run.parallax -- node server.js');
      // Said, not ignored: a user who asked for whole bodies would otherwise believe they were kept.
      if (values['keep-whole-bodies']) throw new UsageError('--keep-whole-bodies is for the HTTP proxy (--target); the stdio shim keeps no side files');
      return runStdio(command, args, values.out, await limitsFromFlags(values.settings, values.limit ?? []), io);
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; the server command goes after --stdio --`);
    if (!values.target) throw new UsageError('--target is required (or --stdio -- <server command>)');
    if (!values.out) throw new UsageError('--out is required: the capture file to record into');
    try {
      parseTarget(values.target);
    } catch (error) {
      if (error instanceof ProxyTargetError) throw new UsageError(error.message);
      throw error;
    }
    const port = parsePort(values.port);
    const access = accessFromFlags(values, 'parallax proxy', (line) => io.err(line));
    const limits = await limitsFromFlags(values.settings, values.limit ?? []);
    const failed = writeFailure();
    const journal = await openJournal(values.out, { mode: 'http', target: redactUrl(values.target).url }, limits.captureBytes, io, failed.report);
    if (!journal) return 2;
    let proxy;
    try {
      proxy = await startMcpProxy({ target: values.target, port, ...(values.host ? { host: values.host } : {}), sink: recordingSink(journal, values['keep-whole-bodies'], limits.captureBytes), limits, access });
    } catch (error) {
      await journal.close();
      io.err(`parallax proxy: cannot listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    io.out(`Recording MCP proxy for ${redactUrl(values.target).url}`);
    io.out(`  Point your client at: ${proxy.address}`);
    io.out(`  Answers to Host: ${proxy.hosts}`);
    io.out(`  Recording into: ${journal.path} (Server lane). Ctrl+C stops it.`);
    if (values['keep-whole-bodies']) io.out(`  Bodies past frame-bytes also go whole to: ${join(dirname(journal.path), sideBodiesFolder(journal.path))}/`);
    // A proxy that can no longer record stops, rather than forward traffic no one will see.
    await Promise.race([io.stopped, failed.happened]);
    await proxy.close();
    if (!(await closeJournal(journal, io))) return 1;
    io.out(`Saved ${journal.lastSeq} frames to ${journal.path}`);
    return 0;
  },
};

/** Resolves once the capture could not be written; the journal's error says why in a user's words. */
function writeFailure(): { happened: Promise<Error>; report: (error: Error) => void } {
  let report: (error: Error) => void = () => undefined;
  const happened = new Promise<Error>((resolve) => { report = resolve; });
  return { happened, report };
}

/** Closes the capture; false (after saying why, once) when part of the recording could not be written. */
async function closeJournal(journal: CaptureJournal, io: CommandIo): Promise<boolean> {
  try {
    await journal.close();
    return true;
  } catch (error) {
    io.err(`parallax proxy: ${error instanceof Error ? error.message : String(error)}`);
    io.err(`parallax proxy: ${journal.flushedSeq} frames were written to ${journal.path}`);
    return false;
  }
}

async function openJournal(out: string, settings: Record<string, unknown>, maxFileBytes: number, io: CommandIo, onError: (error: Error) => void): Promise<CaptureJournal | null> {
  const path = resolve(out);
  try {
    return await CaptureJournal.create(path, {
      app: { name: 'MCP Parallax', version: APP_VERSION },
      createdAt: new Date().toISOString(),
      lanes: [{ lane: 'server', settings }],
    }, { onError, maxFileBytes, readBack: false });
  } catch (error) {
    io.err(`parallax proxy: cannot write the capture ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

async function runStdio(command: string, args: string[], out: string | undefined, limits: Limits, io: CommandIo): Promise<number> {
  const path = out ?? join(tmpdir(), `parallax-stdio-${new Date().toISOString().replace(/[:.]/g, '-')}.parallax`);
  const failed = writeFailure();
  const journal = await openJournal(path, { mode: 'stdio', command, args: redactArgs(args) }, limits.captureBytes, io, failed.report);
  if (!journal) return 2;
  io.err(`parallax proxy: recording the stdio server into ${journal.path}`);
  let shim;
  try {
    shim = await startStdioShim({ command, args, sink: journal, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, limits });
  } catch (error) {
    await journal.close();
    io.err(`parallax proxy: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  void io.stopped.then(() => shim.stop());
  // Unrecorded, the shim would only be a slower pipe: stop the server, the client sees it exit.
  void failed.happened.then(() => shim.stop());
  const { code, signal } = await shim.exited;
  // The client may keep its end open; the server is gone, so nothing more will be read.
  process.stdin.destroy();
  if (!(await closeJournal(journal, io))) return 1;
  // The client sees the server's own exit status, as if it had launched it directly.
  return code ?? (signal ? 128 + signalNumber(signal) : 1);
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Partial<Record<NodeJS.Signals, number>>)[signal] ?? 1;
}
