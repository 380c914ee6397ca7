import type { FixtureTool } from '../../fixtures/fixture-tool';
import { createFixtureMcpServer } from '../../fixtures/fixture-server-core';
import { seedTools } from '../../fixtures/seed-tools';
import { startStreamableServer } from '../../lanes/inspector/test-support/mcp-servers';
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
  return startStreamableServer(() => createFixtureMcpServer({ profile: 'seed', list: () => ({ tools }) }), { json: true });
}

/** `parallax probe --lanes inspector` into `out`; throws when the probe itself could not run. */
export async function probeInto(server: string, out: string, ...extra: string[]): Promise<CliResult> {
  const result = await runCli(probeCommand, ['--server', server, '--lanes', 'inspector', '--out', out, '--json', ...extra]);
  if (result.code === 2) throw new Error(`probe failed to start: ${result.err}`);
  return result;
}
