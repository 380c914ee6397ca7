import { parseArgs } from 'node:util';
import { runFixtureOverStdio, startFixtureServer } from '../../fixtures/fixture-server';
import { findFixtureProfile, fixtureProfiles } from '../../fixtures/profiles';
import { UsageError, type Command } from '../command';
import { parsePort } from '../parse-port';

export const fixtureServerCommand: Command = {
  name: 'fixture-server',
  summary: 'Run a fixture MCP server (test and demo profiles, clearly not a real server)',
  usage: `parallax fixture-server --profile NAME [--transport sse|streamable-http|stdio] [--port N] [--token T] [--slow-ms MS]\n\nProfiles:\n${fixtureProfiles.map((p) => `  ${p.name.padEnd(19)} ${p.summary} (default transport: ${p.defaultTransport})`).join('\n')}`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { profile: { type: 'string' }, transport: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' }, 'slow-ms': { type: 'string' } },
      strict: true,
    });
    if (!values.profile) throw new UsageError('--profile is required');
    const profile = findFixtureProfile(values.profile);
    if (!profile) throw new UsageError(`unknown profile "${values.profile}"; known profiles: ${fixtureProfiles.map((p) => p.name).join(', ')}`);
    const transport = values.transport ?? profile.defaultTransport;
    if (transport !== 'sse' && transport !== 'streamable-http' && transport !== 'stdio') throw new UsageError(`--transport must be sse, streamable-http or stdio, got "${transport}"`);
    const slowMs = values['slow-ms'] === undefined ? undefined : Number(values['slow-ms']);
    if (slowMs !== undefined && !(Number.isInteger(slowMs) && slowMs >= 0)) throw new UsageError(`--slow-ms must be a whole number of milliseconds, got "${values['slow-ms']}"`);
    const options = { ...(values.token ? { token: values.token } : {}), ...(slowMs !== undefined ? { slowMs } : {}) };
    if (transport === 'stdio') {
      // stdout carries the protocol: everything human goes to stderr.
      io.err(`parallax fixture-server: profile "${profile.name}" on stdio (a fixture, not a real server)`);
      await runFixtureOverStdio(profile.name, options);
      return 0;
    }
    const server = await startFixtureServer({ profile: profile.name, transport, port: parsePort(values.port), options });
    io.out(`Fixture MCP server (profile "${server.profile}", ${server.transport}) at ${server.url}`);
    if (profile.requiresBearer) io.out(`It requires: Authorization: Bearer ${server.token}`);
    io.out('This is a local test fixture, not a real server. Ctrl+C stops it.');
    await io.stopped;
    await server.close();
    return 0;
  },
};
