// One of the demo's servers in a process of its own, for the probe benchmark: a user's MCP
// server and OpenAI are other machines, so their work should not share the engine's event loop
// (nor each other's). `remote-demo.ts fixture <profile>` or `remote-demo.ts emulator`. Prints
// its URLs as one JSON line; stops when stdin closes.
import { startEmulator } from '../electron/emulator/emulator';
import { startFixtureServer } from '../electron/fixtures/fixture-server';

const [role, profile = 'seed'] = process.argv.slice(2);
let close: () => Promise<void>;
if (role === 'fixture') {
  const fixture = await startFixtureServer({ profile });
  process.stdout.write(`${JSON.stringify({ mcpServerUrl: fixture.url })}\n`);
  close = () => fixture.close();
} else {
  const emulator = await startEmulator({ allowPrivateNetwork: true });
  process.stdout.write(`${JSON.stringify({ openaiBaseUrl: emulator.baseUrl, realtimeUrl: emulator.realtimeUrl })}\n`);
  close = () => emulator.close();
}
process.stdin.resume();
process.stdin.on('end', () => {
  void close().then(() => process.exit(0));
});
