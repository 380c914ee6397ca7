import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from '../../emulator/emulator';
import { FAULT_HEADER, FAULT_NAMES, FAULT_QUERY_PARAMETER, FAULTS, parseFaults, UnknownFaultError } from '../../emulator/faults';
import { isKnownRevision, KNOWN_REVISIONS } from '../../../shared/lanes/protocol-revision';
import { isRealtimeInterfaceName, REALTIME_INTERFACE_NAMES, REALTIME_INTERFACES } from '../../../shared/openai/realtime-interfaces';
import { INTERFACE_QUERY_PARAMETER } from '../../emulator/realtime/realtime-endpoint';
import { UsageError, type Command } from '../command';
import { parsePort } from '../parse-port';
import { ACCESS_FLAG_OPTIONS, ACCESS_FLAGS_USAGE, accessFromFlags } from '../access-flags';

export const emulateCommand: Command = {
  name: 'emulate',
  summary: 'Run the local OpenAI emulator (Realtime WebSocket + Responses HTTP), not OpenAI',
  usage: `parallax emulate [--port N] [--realtime-interface ga|beta-2025] [--hosted-era REVISION] [--fault NAME[,NAME]] [--public-only] [--api-key KEY] [--tls-cert FILE --tls-key FILE] [--allow-host NAME]... [--allow-origin ORIGIN]...\n\n${ACCESS_FLAGS_USAGE}\n\n--hosted-era is the one MCP revision the emulated hosted client speaks (default 2025-06-18; OpenAI does not document it): ${KNOWN_REVISIONS.join(', ')}\n\nRealtime interfaces (also per connection: ?${INTERFACE_QUERY_PARAMETER}=NAME):\n${REALTIME_INTERFACE_NAMES.map((i) => `  ${REALTIME_INTERFACES[i].label.padEnd(20)} ${REALTIME_INTERFACES[i].description}`).join('\n')}\n\nFault profiles (also per connection: ?${FAULT_QUERY_PARAMETER}=NAME or header ${FAULT_HEADER}: NAME):\n${FAULT_NAMES.map((f) => `  ${f.padEnd(13)} ${FAULTS[f]}`).join('\n')}`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, 'realtime-interface': { type: 'string', default: 'ga' }, 'hosted-era': { type: 'string', default: '2025-06-18' }, fault: { type: 'string', multiple: true }, 'public-only': { type: 'boolean' }, 'api-key': { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, ...ACCESS_FLAG_OPTIONS },
      strict: true,
    });
    const access = accessFromFlags(values, 'parallax emulate', (line) => io.err(line));
    let faults;
    try {
      faults = parseFaults((values.fault ?? []).join(','));
    } catch (error) {
      if (error instanceof UnknownFaultError) throw new UsageError(error.message);
      throw error;
    }
    const realtimeInterface = values['realtime-interface'];
    if (!isRealtimeInterfaceName(realtimeInterface)) throw new UsageError(`unknown --realtime-interface "${realtimeInterface}"; known: ${REALTIME_INTERFACE_NAMES.join(', ')}`);
    const hostedEra = values['hosted-era'];
    if (!isKnownRevision(hostedEra)) throw new UsageError(`--hosted-era must be one of ${KNOWN_REVISIONS.join(', ')}, got "${hostedEra}"`);
    if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new UsageError('--tls-cert and --tls-key go together');
    let tls: { key: Buffer; cert: Buffer } | undefined;
    if (values['tls-cert'] && values['tls-key']) {
      try {
        tls = { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) };
      } catch (error) {
        throw new UsageError(`cannot read the TLS files: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const emulator = await startEmulator({
      ...(tls ? { tls } : {}),
      port: parsePort(values.port),
      access,
      faults,
      realtimeInterface,
      hostedEra,
      allowPrivateNetwork: !values['public-only'],
      ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    });
    io.out('Parallax local OpenAI emulator (not OpenAI; every answer carries x-parallax-emulator: 1)');
    io.out(`  Responses: POST ${emulator.baseUrl}/responses   (openai client baseURL: ${emulator.baseUrl})`);
    io.out(`  Realtime:  ${emulator.realtimeUrl}?model=gpt-realtime   (interface ${REALTIME_INTERFACES[realtimeInterface].label})`);
    io.out(`  Hosted MCP client: openai-mcp/1.0.0 speaking MCP ${hostedEra} (an assumption: --hosted-era)`);
    io.out(`  Faults on every connection: ${faults.length > 0 ? faults.join(', ') : 'none'}; private MCP servers ${values['public-only'] ? 'refused' : 'allowed'}`);
    io.out('Tool calls: put "parallax:call <tool> {json args}" in the instructions. Ctrl+C stops it.');
    await io.stopped;
    await emulator.close();
    return 0;
  },
};
