#!/usr/bin/env node
import { APP_VERSION } from '../app-version';
import { UsageError, type Command, type CommandIo } from './command';

/**
 * Each command's module is imported only when that command runs: the modules between them pull
 * in both MCP SDKs, the emulator, the web host, Ajv and ws, which cost about a quarter of a
 * second to load before `probe` could send its first byte (docs/performance.md, probe-cli).
 */
const commands: { name: string; load: () => Promise<Command> }[] = [
  { name: 'probe', load: async () => (await import('./commands/probe')).probeCommand },
  { name: 'diagnose', load: async () => (await import('./commands/diagnose')).diagnoseCommand },
  { name: 'diff', load: async () => (await import('./commands/diff')).diffCommand },
  { name: 'check', load: async () => (await import('./commands/check')).checkCommand },
  { name: 'serve-capture', load: async () => (await import('./commands/serve-capture')).serveCaptureCommand },
  { name: 'web', load: async () => (await import('./commands/web')).webCommand },
  { name: 'emulate', load: async () => (await import('./commands/emulate')).emulateCommand },
  { name: 'fixture-server', load: async () => (await import('./commands/fixture-server')).fixtureServerCommand },
  { name: 'export', load: async () => (await import('./commands/export')).exportCommand },
  { name: 'proxy', load: async () => (await import('./commands/proxy')).proxyCommand },
  { name: 'tap-realtime', load: async () => (await import('./commands/tap-realtime')).tapRealtimeCommand },
  { name: 'call', load: async () => (await import('./commands/call')).callCommand },
  { name: 'read', load: async () => (await import('./commands/read')).readCommand },
  { name: 'prompt', load: async () => (await import('./commands/prompt')).promptCommand },
];

/** The whole list, for help: the one place every command module is loaded. */
async function help(): Promise<string> {
  const loaded = await Promise.all(commands.map((c) => c.load()));
  const width = Math.max(...loaded.map((c) => c.name.length));
  return [
    `MCP Parallax ${APP_VERSION}: one MCP server seen through several clients, side by side.`,
    '',
    'Usage: parallax <command> [options]',
    '',
    ...loaded.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `parallax <command> --help` for a command\'s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    console.log(APP_VERSION);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    console.error(`parallax: unknown command "${name}"\n\n${await help()}`);
    return 2;
  }
  const command = await entry.load();
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
