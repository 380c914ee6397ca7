import { parseArgs } from 'node:util';
import { fixtureEras, isFixtureEra } from '../../../shared/lanes/fixture-eras';
import { runFixtureOverStdio, startFixtureServer } from '../../fixtures/fixture-server';
import { findFixtureProfile, fixtureProfiles } from '../../fixtures/profiles';
import { UsageError, type Command } from '../command';
import { parsePort } from '../parse-port';

export const fixtureServerCommand: Command = {
  name: 'fixture-server',
  summary: 'Run a fixture MCP server (test and demo profiles, clearly not a real server)',
  usage: `parallax fixture-server --profile NAME [--transport sse|streamable-http|stdio] [--era ERA] [--ttl-ms MS] [--port N] [--token T] [--slow-ms MS]\n\nProfiles:\n${fixtureProfiles.map((p) => `  ${p.name.padEnd(19)} ${p.summary} (default transport: ${p.defaultTransport})`).join('\n')}\n\nEras (which MCP revisions Streamable HTTP and stdio speak; default legacy):\n${fixtureEras.map((e) => `  ${e.era.padEnd(19)} ${e.summary}`).join('\n')}\n\n--ttl-ms sets the cache hint (ttlMs) on 2026-07-28 tools/list results.`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { profile: { type: 'string' }, transport: { type: 'string' }, era: { type: 'string' }, 'ttl-ms': { type: 'string' }, port: { type: 'string' }, token: { type: 'string' }, 'slow-ms': { type: 'string' } },
      strict: true,
    });
    if (!values.profile) throw new UsageError('--profile is required');
    const profile = findFixtureProfile(values.profile);
    if (!profile) throw new UsageError(`unknown profile "${values.profile}"; known profiles: ${fixtureProfiles.map((p) => p.name).join(', ')}`);
    const transport = values.transport ?? profile.defaultTransport;
    if (transport !== 'sse' && transport !== 'streamable-http' && transport !== 'stdio') throw new UsageError(`--transport must be sse, streamable-http or stdio, got "${transport}"`);
    const slowMs = milliseconds(values['slow-ms'], '--slow-ms');
    const toolsTtlMs = milliseconds(values['ttl-ms'], '--ttl-ms');
    const era = values.era ?? 'legacy';
    if (!isFixtureEra(era)) throw new UsageError(`--era must be one of ${fixtureEras.map((e) => e.era).join(', ')}, got "${era}"`);
    if (transport === 'sse' && era !== 'legacy') throw new UsageError(`--era ${era} needs --transport streamable-http or stdio: legacy HTTP+SSE predates it`);
    if (transport === 'stdio' && era === 'round-robin') throw new UsageError('--era round-robin needs --transport streamable-http: a stdio server is one process');
    const options = { ...(values.token ? { token: values.token } : {}), ...(slowMs !== undefined ? { slowMs } : {}), ...(toolsTtlMs !== undefined ? { toolsTtlMs } : {}) };
    if (transport === 'stdio') {
      // stdout carries the protocol: everything human goes to stderr.
      io.err(`parallax fixture-server: profile "${profile.name}" on stdio, era ${era} (a fixture, not a real server)`);
      await runFixtureOverStdio(profile.name, options, process.stdin, process.stdout, era);
      return 0;
    }
    const server = await startFixtureServer({ profile: profile.name, transport, era, port: parsePort(values.port), options });
    io.out(`Fixture MCP server (profile "${server.profile}", ${server.transport}, era ${server.era}) at ${server.url}`);
    if (profile.requiresBearer) io.out(`It requires: Authorization: Bearer ${server.token}`);
    io.out('This is a local test fixture, not a real server. Ctrl+C stops it.');
    await io.stopped;
    await server.close();
    return 0;
  },
};

function milliseconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!(Number.isInteger(ms) && ms >= 0)) throw new UsageError(`${flag} must be a whole number of milliseconds, got "${value}"`);
  return ms;
}
