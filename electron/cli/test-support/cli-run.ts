import type { FixtureTool } from '../../fixtures/fixture-tool';
import { serveFixtureProfile } from '../../fixtures/fixture-server';
import { seedTools } from '../../fixtures/seed-tools';
import type { Command, CommandIo } from '../command';
import { probeCommand } from '../commands/probe';

export interface CliResult { code: number; out: string; err: string }

/** Runs one command in-process with its output collected, as the `parallax` bin would print it. */
export async function runCli(command: Command, argv: string[], stopped: Promise<void> = new Promise(() => undefined)): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped };
  const code = await command.run(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The seed fixture's tools over Streamable HTTP, edited: a "fixture changed" in one line of a test. */
export function startSeedVariant(edit: (tools: FixtureTool[]) => FixtureTool[] = (t) => t) {
  const tools = edit(seedTools.map((t) => ({ ...t, definition: structuredClone(t.definition) })));
  return serveFixtureProfile({ name: 'seed', summary: 'the seed tools, edited by a test', defaultTransport: 'streamable-http', spec: () => ({ profile: 'seed', list: () => ({ tools }) }) }, { json: true });
}

/** `parallax probe --lanes inspector` into `out`; throws when the probe itself could not run. */
export async function probeInto(server: string, out: string, ...extra: string[]): Promise<CliResult> {
  const result = await runCli(probeCommand, ['--server', server, '--lanes', 'inspector', '--out', out, '--json', ...extra]);
  if (result.code === 2) throw new Error(`probe failed to start: ${result.err}`);
  return result;
}
