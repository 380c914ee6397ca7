import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command';
import { SERVER_USAGE, serverFlagOptions } from '../probe-flags';
import { runRequestCommand } from '../request-command';

export const readCommand: Command = {
  name: 'read',
  summary: 'Read one resource (resources/read) through the Inspector lane and record it to a capture',
  usage: ['parallax read <url | "stdio:<command line>"> <resource uri>', ...SERVER_USAGE].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: serverFlagOptions, allowPositionals: true, strict: true });
    if (positionals.length !== 2) throw new UsageError(`read needs a server and a resource URI, got ${positionals.length} argument(s)`);
    const [server, uri] = positionals as [string, string];
    return runRequestCommand('read', server, { method: 'resources/read', params: { uri } }, values, io);
  },
};
