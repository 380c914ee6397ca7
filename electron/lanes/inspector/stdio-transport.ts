import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { deserializeMessage, serializeMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/client';
import { getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { redactArgs } from './redact';
import { DEFAULT_LIMITS, formatLimit, LIMITS, LimitExceededError, type LimitHit, type Limits } from '../../../shared/capture/limits';
import { CLIP_END_BYTES, headText, keepWithin } from '../../capture/clipped-body';
import { LineSplitter, type OverflowingLine, type OversizedLine, type SplitLine } from '../../capture/line-splitter';
import { recordClipHit } from '../wire/response-body-recorder';
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

const STDERR_TAIL_LINES = 5;

/** What a stdio transport keeps of each line, and the longest stdout line (one message) it reads. */
export type StdioLimits = Pick<Limits, 'frameBytes' | 'messageBytes'>;

/**
 * The MCP stdio client transport, owning the child's stdout and stderr so every byte is recorded:
 * each stdout line becomes a `stdio` envelope (a banner or print becomes an invalid frame in the
 * capture instead of vanishing), each stderr line a `stderr` envelope. Each stdout line is handed
 * to the SDK through its own deserializeMessage and serializeMessage, so the Client sees what the
 * SDK's transport would give it; lines are split once, here, in parts (the SDK's ReadBuffer
 * copies its whole buffer on every chunk, which a long line makes quadratic). A stdout line
 * longer than `messageBytes` is skipped to its end: its head, the limit hit and a cut (which fails
 * the waiting request at once) are recorded the moment it crosses the limit.
 */
export class RecordingStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly shutdownSteps: ShutdownStep[] = [];
  exit?: { code: number | null; signal: NodeJS.Signals | null; by: 'parallax' | 'itself' };
  /** The last few stderr lines, to explain an early exit in words. */
  readonly stderrTail: string[] = [];

  private child?: ChildProcess;
  private readonly stdoutLines: LineSplitter;
  private readonly stderrLines: LineSplitter;
  private exited?: Promise<void>;
  /** The shutdown step under way: an exit during it was asked for by Parallax, any other the server's own. */
  private stopping?: ShutdownStep['step'];

  constructor(private readonly server: StdioServerCommand, private readonly recorder: WireRecorder, private readonly graceMs = 2000, private readonly limits: StdioLimits = DEFAULT_LIMITS) {
    this.stdoutLines = new LineSplitter((line) => this.takeStdoutLine(line, false), (line) => this.recordOversized(line, 'stdout'), limits.messageBytes, (line) => this.stdoutOverflowed(line));
    // stderr is logs, never parsed: a line is kept up to the frame limit.
    this.stderrLines = new LineSplitter((line) => this.recordStderr(line, false), (line) => this.recordOversized(line, 'stderr'), limits.frameBytes);
  }

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
      child.stdout?.on('data', (chunk: Buffer) => this.stdoutLines.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => this.stderrLines.push(chunk));
      // An exited server leaves EPIPE on stdin; the exit itself is what gets reported.
      child.stdin?.on('error', () => undefined);
      child.once('close', (code, signal) => {
        this.flushPartialLines();
        const by = this.stopping ? 'parallax' : 'itself';
        this.exit = { code, signal, by };
        // Who ended it is recorded with the exit, so a replayed capture can tell a crash from a shutdown.
        this.recorder.meta('process-exit', { code, signal, by, ...(this.stopping ? { after: this.stopping } : {}) });
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
    this.stopping = 'close-stdin';
    child.stdin?.end();
    this.addStep('close-stdin', await this.exitsWithin(this.graceMs));
    if (this.exit) return;
    this.stopping = 'sigterm';
    child.kill('SIGTERM');
    this.addStep('sigterm', await this.exitsWithin(this.graceMs));
    if (this.exit) return;
    this.stopping = 'sigkill';
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

  /** Records a stdout line (clipped beyond the frame limit), then gives the SDK its message. */
  private takeStdoutLine(line: SplitLine, incomplete: boolean): void {
    const text = line.bytes.toString('utf8');
    const raw = incomplete ? text : `${text}\n`;
    const size = line.length + (incomplete ? 0 : 1);
    const { kept, clipped } = size > this.limits.frameBytes ? keepWithin(Buffer.from(raw), this.limits.frameBytes, this.recorder.sideBodies) : { kept: { raw, size } };
    const envelope = this.recorder.record({ layer: 'stdio', dir: 'in', ...kept, ...(incomplete ? { incomplete: true } : {}) });
    if (clipped) recordClipHit(this.recorder, clipped, envelope.seq, '');
    if (incomplete) {
      this.recorder.invalid({ seq: envelope.seq }, raw, 'the server exited in the middle of a stdout line (no newline)');
      return;
    }
    const json = text.replace(/\r$/, '');
    // A clipped frame has no jsonrpc envelope (its text is not whole in the capture); the SDK still gets the message.
    if (!clipped) this.recorder.jsonRpc(json, 'in', { seq: envelope.seq });
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(json);
    } catch {
      // Already recorded as an invalid frame from the raw line; the SDK's transport would only skip it.
      return;
    }
    this.onmessage?.(message);
  }

  /** A stdout line crossed messageBytes: say so now, with its head, since a line that never ends has no later. */
  private stdoutOverflowed(line: OverflowingLine): void {
    const hit: LimitHit = { limit: 'messageBytes', value: this.limits.messageBytes, observed: line.head.length, action: 'skipped the rest of the line; the request waiting for it fails' };
    const raw = headText(line.head.subarray(0, CLIP_END_BYTES));
    const envelope = this.recorder.record({ layer: 'stdio', dir: 'in', raw, size: line.head.length, truncated: true, incomplete: true });
    this.recorder.meta('limit-exceeded', { ...hit, offset: line.offset }, { seq: envelope.seq });
    this.recorder.cut(new LimitExceededError(hit, 'a stdout line'));
  }

  private recordStderr(line: SplitLine, incomplete: boolean): void {
    const raw = `${line.bytes.toString('utf8')}${incomplete ? '' : '\n'}`;
    this.stderrTail.push(raw);
    if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    this.recorder.record({ layer: 'stderr', dir: 'in', raw, size: line.length + (incomplete ? 0 : 1), ...(incomplete ? { incomplete: true } : {}) });
  }

  /** A line over the limit is not kept (a hostile server could fill memory); its size and place are. */
  private recordOversized(line: OversizedLine, stream: 'stdout' | 'stderr'): void {
    const limit = stream === 'stdout' ? 'messageBytes' : 'frameBytes';
    const words = `${LIMITS[limit].flag} (${formatLimit(limit, this.limits[limit])})`;
    const raw = `[${line.length} bytes at offset ${line.offset} not kept: longer than ${words}]`;
    const envelope = this.recorder.record({ layer: stream === 'stdout' ? 'stdio' : 'stderr', dir: 'in', raw, size: line.length, truncated: true });
    if (stream === 'stdout') this.recorder.invalid({ seq: envelope.seq }, raw, `a stdout line of ${line.length} bytes, over ${words}`);
  }

  private flushPartialLines(): void {
    const stdoutRest = this.stdoutLines.end();
    if (stdoutRest && 'bytes' in stdoutRest) this.takeStdoutLine(stdoutRest, true);
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
