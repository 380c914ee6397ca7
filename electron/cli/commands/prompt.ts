import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command';
import { parseArgumentsJson, SERVER_USAGE, serverFlagOptions } from '../probe-flags';
import { runRequestCommand } from '../request-command';

export const promptCommand: Command = {
  name: 'prompt',
  summary: 'Get one prompt (prompts/get) with its arguments through the Inspector lane and record it to a capture',
  usage: ['parallax prompt <url | "stdio:<command line>"> <prompt name> [--arguments JSON]', ...SERVER_USAGE].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { arguments: { type: 'string' }, ...serverFlagOptions }, allowPositionals: true, strict: true });
    if (positionals.length !== 2) throw new UsageError(`prompt needs a server and a prompt name, got ${positionals.length} argument(s)`);
    const [server, name] = positionals as [string, string];
    const args = parseArgumentsJson(values.arguments);
    // MCP prompt arguments are strings (GetPromptRequest: arguments: { [key]: string }).
    const notText = Object.entries(args).filter(([, value]) => typeof value !== 'string').map(([key]) => key);
    if (notText.length > 0) throw new UsageError(`prompt arguments are strings in MCP; not a string: ${notText.join(', ')}`);
    return runRequestCommand('prompt', server, { method: 'prompts/get', params: { name, ...(values.arguments !== undefined ? { arguments: args } : {}) } }, values, io);
  },
};
