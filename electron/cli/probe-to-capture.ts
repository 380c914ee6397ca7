import type { CommandIo } from './command';
import { probeCommand } from './commands/probe';

/** A target that is a server rather than a saved file: `check` and `diff` probe it first. */
export const isServerTarget = (target: string): boolean => /^https?:\/\//i.test(target) || target.startsWith('stdio:');

/** Probes the server into a capture (as `parallax probe --json` would) and returns its path, or 2 for a probe that could not start. */
export async function probeToCapture(target: string, probeArgs: readonly string[], io: CommandIo): Promise<string | number> {
  const report: string[] = [];
  const code = await probeCommand.run(['--server', target, ...probeArgs, '--json'], { out: (t) => report.push(t), err: (t) => io.err(t), stopped: io.stopped });
  if (code === 2) return 2;
  const capture = (JSON.parse(report.join('\n')) as { capture?: unknown }).capture;
  if (typeof capture !== 'string') throw new Error('parallax probe printed no capture path');
  return capture;
}
