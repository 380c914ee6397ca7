import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { ReadBuffer, serializeMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/client';
import { getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { redactArgs } from './redact';
import { LineSplitter, type OversizedLine, type SplitLine } from '../../capture/line-splitter';
import type { WireRecorder } from './wire-recorder';

export interface StdioServerCommand {
  command: string;
  args: string[];
  cwd?: string;
  /** Added to the SDK's default inherited environment (PATH, HOME, ...), as the SDK's own stdio transport does. */
  env?: Record<string, string>;
}

export interface ShutdownStep {
  step: 'close-stdin' | 'sigterm' | 'sigkill' | 'already-exited';
  /** The process had exited by the end of this step. */
  exited: boolean;
}

/** A line longer than this without a newline is a hostile or broken server; the SDK's transport uses the same bound. */
const MAX_LINE_BYTES = 10 * 1024 * 1024;
const STDERR_TAIL_LINES = 5;

/**
 * The MCP stdio client transport, owning the child's stdout and stderr so every byte is recorded:
 * each stdout line becomes a `stdio` envelope (a banner or print becomes an invalid frame in the
 * capture instead of vanishing), each stderr line a `stderr` envelope. Framing for the SDK uses
 * its own ReadBuffer and serializeMessage, so the Client sees what the SDK's transport would give it.
 */
export class RecordingStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly shutdownSteps: ShutdownStep[] = [];
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  /** The last few stderr lines, to explain an early exit in words. */
  readonly stderrTail: string[] = [];

  private child?: ChildProcess;
  private readonly readBuffer = new ReadBuffer({ maxBufferSize: MAX_LINE_BYTES });
  private readonly stdoutLines = new LineSplitter((line) => this.recordStdoutLine(line, false), (line) => this.recordOversized(line, 'stdout'), MAX_LINE_BYTES);
  private readonly stderrLines = new LineSplitter((line) => this.recordStderr(line, false), (line) => this.recordOversized(line, 'stderr'), MAX_LINE_BYTES);
  private exited?: Promise<void>;

  constructor(private readonly server: StdioServerCommand, private readonly recorder: WireRecorder, private readonly graceMs = 2000) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('RecordingStdioTransport already started');
    // spawn reports a missing cwd as ENOENT of the command, which sends the user looking in the wrong place.
    if (this.server.cwd !== undefined && !isDirectory(this.server.cwd)) {
      const message = `the working directory ${JSON.stringify(this.server.cwd)} does not exist or is not a directory`;
      this.recorder.meta('process-error', { message });
      return Promise.reject(new Error(message));
    }
    return new Promise((resolve, reject) => {
      const child = spawn(this.server.command, this.server.args, {
        cwd: this.server.cwd,
        env: { ...getDefaultEnvironment(), ...this.server.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      this.child = child;
      this.exited = new Promise((done) => child.once('close', () => done()));
      child.once('error', (error) => {
        const message = `could not start ${JSON.stringify(this.server.command)}: ${error.message}`;
        this.recorder.meta('process-error', { message });
        reject(new Error(message));
        this.onerror?.(new Error(message));
      });
      child.once('spawn', () => {
        this.recorder.meta('process-started', { pid: child.pid, command: this.server.command, args: redactArgs(this.server.args), cwd: this.server.cwd ?? null });
        resolve();
      });
      child.stdout?.on('data', (chunk: Buffer) => this.onStdout(chunk));
      child.stderr?.on('data', (chunk: Buffer) => this.stderrLines.push(chunk));
      // An exited server leaves EPIPE on stdin; the exit itself is what gets reported.
      child.stdin?.on('error', () => undefined);
      child.once('close', (code, signal) => {
        this.flushPartialLines();
        this.exit = { code, signal };
        this.recorder.meta('process-exit', { code, signal });
        this.onclose?.();
      });
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || !stdin.writable || this.exit) throw new Error('the stdio server is not running (its process has exited or stdin is closed)');
    const line = serializeMessage(message);
    const envelope = this.recorder.record({ layer: 'stdio', dir: 'out', raw: line, size: Buffer.byteLength(line) });
    this.recorder.jsonRpc(line, 'out', { seq: envelope.seq });
    await new Promise<void>((resolve, reject) => {
      stdin.write(line, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Close stdin, wait; SIGTERM, wait; SIGKILL. Each step is recorded and kept in `shutdownSteps`. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    if (this.shutdownSteps.length > 0) return this.exited;
    if (this.exit) {
      this.addStep('already-exited', true);
      return;
    }
    child.stdin?.end();
    this.addStep('close-stdin', await this.exitsWithin(this.graceMs));
    if (this.exit) return;
    child.kill('SIGTERM');
    this.addStep('sigterm', await this.exitsWithin(this.graceMs));
    if (this.exit) return;
    child.kill('SIGKILL');
    await this.exited;
    this.addStep('sigkill', true);
  }

  private addStep(step: ShutdownStep['step'], exited: boolean): void {
    this.shutdownSteps.push({ step, exited });
    this.recorder.meta('shutdown', { step, exited });
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    if (!this.exited) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
    const exited = this.exited.then(() => true as const);
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    return result;
  }

  private onStdout(chunk: Buffer): void {
    this.stdoutLines.push(chunk);
    try {
      this.readBuffer.append(chunk);
    } catch (error) {
      // The SDK's buffer refuses a line this long and starts over; the capture already says why.
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.readBuffer.readMessage();
      } catch {
        // Already recorded as an invalid frame from the raw line; the SDK's transport would only report it.
        continue;
      }
      if (!message) break;
      this.onmessage?.(message);
    }
  }

  /** Lines keep their newline in the capture: raw is exactly what the server wrote. */
  private recordStdoutLine(line: SplitLine, incomplete: boolean): void {
    const text = line.bytes.toString('utf8');
    const raw = incomplete ? text : `${text}\n`;
    const envelope = this.recorder.record({ layer: 'stdio', dir: 'in', raw, size: line.length + (incomplete ? 0 : 1), ...(incomplete ? { incomplete: true } : {}) });
    if (incomplete) this.recorder.invalid({ seq: envelope.seq }, raw, 'the server exited in the middle of a stdout line (no newline)');
    else this.recorder.jsonRpc(text.replace(/\r$/, ''), 'in', { seq: envelope.seq });
  }

  private recordStderr(line: SplitLine, incomplete: boolean): void {
    const raw = `${line.bytes.toString('utf8')}${incomplete ? '' : '\n'}`;
    this.stderrTail.push(raw);
    if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    this.recorder.record({ layer: 'stderr', dir: 'in', raw, size: line.length + (incomplete ? 0 : 1), ...(incomplete ? { incomplete: true } : {}) });
  }

  /** A line over the limit is not kept (a hostile server could fill memory); its size and place are. */
  private recordOversized(line: OversizedLine, stream: 'stdout' | 'stderr'): void {
    const raw = `[${line.length} bytes at offset ${line.offset} not kept: longer than ${MAX_LINE_BYTES} bytes]`;
    const envelope = this.recorder.record({ layer: stream === 'stdout' ? 'stdio' : 'stderr', dir: 'in', raw, size: line.length, truncated: true });
    if (stream === 'stdout') this.recorder.invalid({ seq: envelope.seq }, raw, `a stdout line of ${line.length} bytes, over the ${MAX_LINE_BYTES}-byte limit`);
  }

  private flushPartialLines(): void {
    const stdoutRest = this.stdoutLines.end();
    if (stdoutRest && 'bytes' in stdoutRest) this.recordStdoutLine(stdoutRest, true);
    else if (stdoutRest) this.recordOversized(stdoutRest, 'stdout');
    const stderrRest = this.stderrLines.end();
    if (stderrRest && 'bytes' in stderrRest) this.recordStderr(stderrRest, true);
    else if (stderrRest) this.recordOversized(stderrRest, 'stderr');
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
