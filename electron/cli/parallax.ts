#!/usr/bin/env node
import { APP_VERSION } from '../app-version';
import { UsageError, type Command, type CommandIo } from './command';
import { checkCommand } from './commands/check';
import { diagnoseCommand } from './commands/diagnose';
import { diffCommand } from './commands/diff';
import { emulateCommand } from './commands/emulate';
import { exportCommand } from './commands/export';
import { fixtureServerCommand } from './commands/fixture-server';
import { probeCommand } from './commands/probe';
import { serveCaptureCommand } from './commands/serve-capture';
import { proxyCommand } from './commands/proxy';
import { tapRealtimeCommand } from './commands/tap-realtime';
import { callCommand } from './commands/call';
import { promptCommand } from './commands/prompt';
import { readCommand } from './commands/read';
import { webCommand } from './commands/web';

const commands: Command[] = [probeCommand, diagnoseCommand, diffCommand, checkCommand, serveCaptureCommand, webCommand, emulateCommand, fixtureServerCommand, exportCommand, proxyCommand, tapRealtimeCommand, callCommand, readCommand, promptCommand];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `MCP Parallax ${APP_VERSION}: one MCP server seen through several clients, side by side.`,
    '',
    'Usage: parallax <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `parallax <command> --help` for a command\'s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    console.log(APP_VERSION);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`parallax: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const io: CommandIo = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    stopped,
  };
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`parallax ${name}: ${error.message}\nUsage: ${command.usage}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`parallax: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
