/** One subcommand of `parallax`. `run` returns the exit code: 0 ok, 1 a difference or failure found, 2 bad usage or input. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the user asks a long-running command to stop (Ctrl+C, SIGTERM). */
  stopped: Promise<void>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
