/**
 * A deliberately imperfect MCP server on stdio, written by hand (no SDK) so it can break the
 * framing rules: run as `node --import tsx stdio-server.ts [flags]`.
 *   --banner            print a non-JSON line on stdout before anything else
 *   --version=V         answer initialize with protocol version V instead of echoing the client's
 *   --exit-early        write to stderr and exit 3 before answering anything
 *   --stubborn          ignore stdin closing and SIGTERM (only SIGKILL ends it)
 *   --list-changed      tools/call of "grow" adds a tool and sends notifications/tools/list_changed
 *   --flood             send notifications/tools/list_changed with every tools/list answer (a re-list loop)
 *   --crash-on-list     write to stderr and exit 5 when tools/list arrives
 *   --echo-env=NAME     write NAME=<value> of that environment variable to stderr
 *   --stderr-lines=N    write N numbered lines to stderr at start (a chatty or flooding server)
 *   --signal-on-list=S  write to stderr and kill itself with signal S (e.g. SIGTERM) when tools/list arrives
 */
import { createInterface } from 'node:readline';

const flags = new Set(process.argv.slice(2).filter((a) => !a.includes('=')));
const version = process.argv.find((a) => a.startsWith('--version='))?.slice('--version='.length);
const echoEnv = process.argv.find((a) => a.startsWith('--echo-env='))?.slice('--echo-env='.length);
const signalOnList = process.argv.find((a) => a.startsWith('--signal-on-list='))?.slice('--signal-on-list='.length) as NodeJS.Signals | undefined;
const stderrLines = Number(process.argv.find((a) => a.startsWith('--stderr-lines='))?.slice('--stderr-lines='.length) ?? 0);
const write = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

if (flags.has('--exit-early')) {
  process.stderr.write('fatal: DATABASE_URL is not set\n');
  process.exit(3);
}
if (flags.has('--banner')) process.stdout.write('Starting raw stdio server v0.1 (press Ctrl+C to stop)\n');
for (let i = 1; i <= stderrLines; i++) process.stderr.write(`raw stdio server: log line ${i} of ${stderrLines}\n`);
process.stderr.write('raw stdio server: ready\n');
if (echoEnv) process.stderr.write(`${echoEnv}=${process.env[echoEnv] ?? ''}\n`);
if (flags.has('--stubborn')) {
  process.on('SIGTERM', () => process.stderr.write('raw stdio server: ignoring SIGTERM\n'));
  setInterval(() => undefined, 1000);
}

const tools: Record<string, unknown>[] = [
  { name: 'echo', description: 'Echo', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
  { name: 'no_type', description: 'inputSchema without type:"object"', inputSchema: { properties: { q: { type: 'string' } } } },
];
if (flags.has('--list-changed')) tools.push({ name: 'grow', description: 'Adds a tool', inputSchema: { type: 'object' } });

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const message = JSON.parse(line) as { id?: number | string; method?: string; params?: Record<string, unknown> };
  if (message.id === undefined || message.method === undefined) return;
  const reply = (result: unknown) => write({ jsonrpc: '2.0', id: message.id, result });
  switch (message.method) {
    case 'initialize':
      reply({
        protocolVersion: version ?? message.params?.protocolVersion,
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: 'raw-stdio', version: '0.1.0' },
        instructions: 'A hand-written server.',
      });
      break;
    case 'tools/list':
      if (flags.has('--crash-on-list')) {
        process.stderr.write('panic: tool registry is corrupt\n');
        process.exit(5);
      }
      if (signalOnList) {
        process.stderr.write(`raw stdio server: killing itself with ${signalOnList}\n`);
        process.kill(process.pid, signalOnList);
        return;
      }
      if (flags.has('--flood')) write({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      reply({ tools });
      break;
    case 'tools/call': {
      const name = message.params?.name;
      if (name === 'grow') {
        tools.push({ name: `grown_${tools.length}`, description: 'Grown', inputSchema: { type: 'object' } });
        write({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      }
      reply({ content: [{ type: 'text', text: `called ${String(name)}` }] });
      break;
    }
    default:
      write({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `no method ${message.method}` } });
  }
});
if (!flags.has('--stubborn')) lines.on('close', () => process.exit(0));
