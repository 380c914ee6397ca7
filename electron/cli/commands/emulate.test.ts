import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function parallax(...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/parallax.ts', ...args], { stdio: 'pipe' });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve) => {
    const check = () => {
      const match = pattern.exec(stdout);
      if (match) {
        child.stdout.off('data', check);
        resolve(match);
      }
    };
    child.stdout.on('data', check);
    check();
  });
  return { child, exited, line, output: () => ({ stdout, stderr }) };
}

describe('parallax emulate / fixture-server', () => {
  it('serves the emulator until SIGTERM, then exits 0', async () => {
    const run = parallax('emulate', '--port', '0');
    const [, base] = await run.line(/openai client baseURL: (http:\/\/127\.0\.0\.1:\d+\/v1)/);
    const res = await fetch(`${base}/responses`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-parallax-emulator')).toBe('1');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('exits 2 naming an unknown fault', async () => {
    const run = parallax('emulate', '--fault', 'nope');
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain('unknown fault profile "nope"');
  });

  it('exits 2 naming an unknown fixture profile', async () => {
    const run = parallax('fixture-server', '--profile', 'nope');
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain('unknown profile "nope"; known profiles: admin-tools, seed, paginated');
  });

  it('runs a fixture server over HTTP until SIGTERM', async () => {
    const run = parallax('fixture-server', '--profile', 'seed', '--port', '0');
    const [, url] = await run.line(/at (http:\/\/127\.0\.0\.1:\d+\/sse)/);
    const res = await fetch(url ?? '', { method: 'POST' });
    expect(res.status).toBe(405);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
