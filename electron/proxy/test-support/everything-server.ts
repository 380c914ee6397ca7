import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const preload = fileURLToPath(new URL('./loopback-listen.mjs', import.meta.url));

export interface EverythingServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}

export function everythingScript(): string {
  return require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
}

/** `@modelcontextprotocol/server-everything` as users run it, in its own process, on loopback. */
export async function startEverything(transport: 'streamableHttp' | 'sse'): Promise<EverythingServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', preload, everythingScript(), transport], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /PARALLAX_LISTENING (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited (${code}) before listening: ${text.slice(-500)}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${transport === 'sse' ? '/sse' : '/mcp'}`,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export function inspectorCliScript(): string {
  return require.resolve('@modelcontextprotocol/inspector-cli/build/index.js');
}

/** The official Inspector CLI, run once: its stdout is the method's JSON result. */
export function runInspectorCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [inspectorCliScript(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
