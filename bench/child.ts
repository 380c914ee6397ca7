// A process of its own for a benchmark (a server, the CLI): started with Node and tsx, ready
// once a line of its output matches, and stopped at the end however the benchmark ends. A child
// still running when the benchmark's process exits (an error, an uncaught throw) is killed then.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunningChild {
  pid: number;
  /** The match of the line that said the process was ready. */
  ready: RegExpExecArray;
  /** The last 64 KiB of what it printed, stdout and stderr together. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves with how it ended. */
  stop(graceMs?: number): Promise<string>;
}

const OUTPUT_KEPT = 64 * 1024;
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** `node --import tsx <args>`, ready when a line of its stdout or stderr matches `ready`. */
export async function startChild(args: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; readyMs?: number } = {}): Promise<RunningChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  running.add(child);
  let output = '';
  let ended: string | undefined;
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => {
    running.delete(child);
    resolve((ended = signal ? `killed by ${signal}` : `exit ${code}`));
  }));
  const stop = async (graceMs = 10_000): Promise<string> => {
    if (ended !== undefined) return ended;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const how = await exited;
    clearTimeout(killer);
    return how;
  };
  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready after ${options.readyMs ?? 30_000} ms`)), options.readyMs ?? 30_000);
      for (const stream of [child.stdout, child.stderr]) {
        stream.setEncoding('utf8');
        createInterface({ input: stream }).on('line', (line) => {
          output = `${output}${line}\n`.slice(-OUTPUT_KEPT);
          const found = ready.exec(line);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        });
      }
      void exited.then((how) => {
        clearTimeout(timer);
        reject(new Error(`${how} before it was ready`));
      });
    });
    if (child.pid === undefined) throw new Error('no process id');
    return { pid: child.pid, ready: match, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${args.join(' ')}: ${error instanceof Error ? error.message : String(error)}\n${output}`, { cause: error });
  }
}
