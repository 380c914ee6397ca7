import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { CaptureSink, LaneId } from '../../shared/capture/envelope';
import { DEFAULT_LIMITS, formatLimit, LIMITS, type LimitHit, type LimitName, type Limits } from '../../shared/capture/limits';
import { keepWithin } from '../capture/clipped-body';
import { LineSplitter, type OversizedLine, type SplitLine } from '../capture/line-splitter';
import { recordClipHit } from '../lanes/wire/response-body-recorder';
import { redactArgs } from '../lanes/inspector/redact';
import { WireRecorder } from '../lanes/inspector/wire-recorder';
import { describeClient, findInitialize } from './client-sessions';

export interface StdioShimOptions {
  command: string;
  args: string[];
  sink: CaptureSink;
  /** The client's side of the pipe: what it writes for the server, where it reads the answers, where logs go. */
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  lane?: LaneId;
  conn?: string;
  /**
   * A stdin or stdout line is one message: past message-bytes it passes through but is not kept,
   * past frame-bytes it is kept clipped; stderr is logs, kept up to frame-bytes. Default DEFAULT_LIMITS.
   */
  limits?: Pick<Limits, 'frameBytes' | 'messageBytes' | 'jsonDepth'>;
}

export interface StdioShim {
  pid: number | undefined;
  /** Resolves with how the server process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Passes a stop request on to the server (SIGTERM), as the client would have. */
  stop(): void;
}

/**
 * What a client's MCP config launches instead of the server: it starts the real server and sits
 * on its pipes, passing every byte through as it comes (stdin to the server, stdout and stderr
 * back) while recording each stdin and stdout line, the JSON-RPC in them, and stderr. It never
 * writes anything of its own to stdout, which belongs to the protocol.
 */
export function startStdioShim(options: StdioShimOptions): Promise<StdioShim> {
  // No index of messages: nothing reads it here, and over a long session it would hold thousands of payloads.
  const limits = options.limits ?? DEFAULT_LIMITS;
  const recorder = new WireRecorder(options.sink, options.conn ?? 'stdio-1', options.lane ?? 'server', { index: false, jsonDepth: limits.jsonDepth });
  const recordLine = (dir: 'out' | 'in') => (line: SplitLine) => {
    const text = line.bytes.toString('utf8');
    const { kept, clipped } = keepWithin(Buffer.from(`${text}\n`), limits.frameBytes);
    const envelope = recorder.record({ layer: 'stdio', dir, ...kept });
    // A clipped line has no jsonrpc envelope: its text is not whole in the capture.
    if (clipped) return recordClipHit(recorder, clipped, envelope.seq, '');
    const message = text.replace(/\r$/, '');
    recorder.jsonRpc(message, dir, { seq: envelope.seq });
    const initialize = dir === 'out' ? findInitialize(message) : undefined;
    if (initialize) {
      recorder.meta('client-identified', { label: describeClient(undefined, initialize.clientInfo), clientInfo: initialize.clientInfo ?? null, protocolVersion: initialize.protocolVersion ?? null }, { seq: envelope.seq });
    }
  };
  const recordOversized = (layer: 'stdio' | 'stderr', dir: 'out' | 'in') => (line: OversizedLine) => {
    const limit: LimitName = layer === 'stdio' ? 'messageBytes' : 'frameBytes';
    const words = `${LIMITS[limit].flag} (${formatLimit(limit, limits[limit])})`;
    const raw = `[${line.length} bytes at offset ${line.offset} not kept: longer than ${words}]`;
    const envelope = recorder.record({ layer, dir, raw, size: line.length, truncated: true });
    const hit: LimitHit = { limit, value: limits[limit], observed: line.length, action: 'passed through, not kept' };
    recorder.meta('limit-exceeded', { ...hit, offset: line.offset }, { seq: envelope.seq });
    if (layer === 'stdio') recorder.invalid({ seq: envelope.seq }, raw, `a ${dir === 'out' ? 'stdin' : 'stdout'} line of ${line.length} bytes, over ${words}`);
  };
  const recordStderr = (line: SplitLine) => {
    recorder.record({ layer: 'stderr', dir: 'in', raw: `${line.bytes.toString('utf8')}\n`, size: line.length + 1 });
  };
  const fromClient = new LineSplitter(recordLine('out'), recordOversized('stdio', 'out'), limits.messageBytes);
  const fromServer = new LineSplitter(recordLine('in'), recordOversized('stdio', 'in'), limits.messageBytes);
  const serverLog = new LineSplitter(recordStderr, recordOversized('stderr', 'in'), limits.frameBytes);

  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    child.once('error', (error) => {
      const message = `could not start ${JSON.stringify(options.command)}: ${error.message}`;
      recorder.meta('process-error', { message });
      reject(new Error(message));
    });
    child.once('spawn', () => {
      recorder.meta('process-started', { pid: child.pid, command: options.command, args: redactArgs(options.args) });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
        child.once('close', (code, signal) => {
          flushPartial(fromClient, 'out');
          flushPartial(fromServer, 'in');
          const rest = serverLog.end();
          if (rest && 'bytes' in rest) recorder.record({ layer: 'stderr', dir: 'in', raw: rest.bytes.toString('utf8'), size: rest.length, incomplete: true });
          recorder.meta('process-exit', { code, signal });
          options.stdin.off('data', onClientData);
          done({ code, signal });
        });
      });
      resolve({ pid: child.pid, exited, stop: () => child.kill('SIGTERM') });
    });

    const flushPartial = (splitter: LineSplitter, dir: 'out' | 'in') => {
      const rest = splitter.end();
      if (!rest) return;
      if (!('bytes' in rest)) return recordOversized('stdio', dir)(rest);
      const raw = rest.bytes.toString('utf8');
      const envelope = recorder.record({ layer: 'stdio', dir, raw, size: rest.length, incomplete: true });
      recorder.invalid({ seq: envelope.seq }, raw, `the ${dir === 'out' ? 'client' : 'server'} stopped in the middle of a line (no newline)`);
    };

    const onClientData = (chunk: Buffer) => {
      fromClient.push(chunk);
      if (child.stdin.writable && !child.stdin.write(chunk)) options.stdin.pause();
    };
    child.stdin.on('drain', () => options.stdin.resume());
    // The server exiting leaves EPIPE on its stdin; the exit itself is what gets recorded.
    child.stdin.on('error', () => undefined);
    options.stdin.on('data', onClientData);
    options.stdin.once('end', () => {
      recorder.meta('client-closed-stdin', {});
      child.stdin.end();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      fromServer.push(chunk);
      if (!options.stdout.write(chunk)) child.stdout.pause();
    });
    options.stdout.on('drain', () => child.stdout.resume());
    child.stderr.on('data', (chunk: Buffer) => {
      serverLog.push(chunk);
      options.stderr.write(chunk);
    });
  });
}
