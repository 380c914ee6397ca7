/**
 * A stdio server's process events (the `process-*` and `shutdown` metas its transport records,
 * docs/capture-format.md) in the user's words. The timeline's labels and the Console tab both
 * read them here, so the two say the same thing about one frame.
 */

type Meta = Record<string, unknown>;

const text = (meta: Meta, key: string): string | undefined => (typeof meta[key] === 'string' ? meta[key] : undefined);

const AFTER_WORDS: Record<string, string> = {
  'close-stdin': 'after Parallax closed its stdin',
  sigterm: 'after Parallax sent SIGTERM',
  sigkill: 'after Parallax sent SIGKILL',
};

/** "exited with code 3 on its own", "killed by SIGKILL after Parallax sent SIGKILL", or without the cause for older captures. */
export function exitWords(meta: Meta): string {
  const signal = text(meta, 'signal');
  const code = typeof meta.code === 'number' ? meta.code : null;
  const what = signal ? `killed by ${signal}` : code !== null ? `exited with code ${code}` : 'exited';
  const after = text(meta, 'after');
  const who = meta.by === 'itself' ? 'on its own' : meta.by === 'parallax' ? (after ? AFTER_WORDS[after] : undefined) ?? 'during Parallax\'s shutdown' : undefined;
  return who ? `${what} ${who}` : what;
}

const SHUTDOWN_WORDS: Record<string, string> = {
  'close-stdin': 'Parallax closed stdin',
  sigterm: 'Parallax sent SIGTERM',
  sigkill: 'Parallax sent SIGKILL',
};

/** Words for a process event, or undefined when the meta is not one (the caller keeps its own label). */
export function processEventWords(meta: Meta): string | undefined {
  switch (meta.kind) {
    case 'process-started': {
      const args = Array.isArray(meta.args) ? meta.args.filter((a): a is string => typeof a === 'string') : [];
      const line = [text(meta, 'command') ?? '?', ...args].join(' ');
      const pid = typeof meta.pid === 'number' ? ` (pid ${meta.pid})` : '';
      const cwd = text(meta, 'cwd');
      return `started ${line}${pid}${cwd ? ` in ${cwd}` : ''}`;
    }
    case 'process-exit': return exitWords(meta);
    case 'process-error': return `could not start: ${text(meta, 'message') ?? 'unknown error'}`;
    case 'shutdown': {
      const step = text(meta, 'step') ?? '';
      if (step === 'already-exited') return 'had already exited when Parallax began its shutdown';
      const done = meta.exited === true ? 'it exited' : 'still running after the grace period';
      return `${SHUTDOWN_WORDS[step] ?? step}: ${done}`;
    }
    default: return undefined;
  }
}

/** The kinds of process event that deserve the user's eye: an exit nobody asked for, a failed start. */
export function isAlarming(meta: Meta): boolean {
  return (meta.kind === 'process-exit' && meta.by === 'itself') || meta.kind === 'process-error' || meta.kind === 'invalid-frame' || meta.kind === 'limit-exceeded';
}
