import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleResponse } from '../../shared/ipc/console';
import type { SessionInfo, WireResult } from '../../shared/ipc/contract';
import { rawStdioServer } from '../lanes/inspector/test-support/stdio-command';
import { createEngine, type Engine } from './engine';

let dir: string;
let engine: Engine;

const value = <T>(result: WireResult): T => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value as T;
};
const consoleOf = async (sessionId: string, start = 0, count = 500) => value<ConsoleResponse>(await engine.dispatch('getConsole', { sessionId, start, count }));
const probe = async (...flags: string[]) => value<SessionInfo>(await engine.dispatch('startProbe', { setup: { server: rawStdioServer(...flags), lanes: ['inspector'] } }));
/** The console once `ready` holds, asked every 25 ms (a live run grows while we look). */
async function consoleWhen(sessionId: string, ready: (c: ConsoleResponse) => boolean, timeoutMs = 20_000): Promise<ConsoleResponse> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await consoleOf(sessionId);
    if (ready(answer)) return answer;
    if (Date.now() > until) throw new Error(`the console never got there: ${JSON.stringify(answer).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
const stderrOf = (c: ConsoleResponse) => c.lines.filter((l) => l.kind === 'stderr').map((l) => l.text);
const exited = (c: ConsoleResponse) => c.processes.length > 0 && c.processes.every((p) => p.exit !== null);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-console-'));
  engine = createEngine({ host: 'browser', appVersion: 'test', dataDir: dir });
});
afterAll(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('the Console of a stdio server (real child processes through the engine)', () => {
  it('has nothing to restart before a probe ran', async () => {
    expect(await engine.dispatch('restartProbe', {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('run one from Setup') } });
  });

  it('shows stderr while the process runs, then its exit code on its own; a replay of the capture shows the same', async () => {
    const session = await probe('--crash-on-list');
    const done = await consoleWhen(session.id, exited);
    expect(stderrOf(done)).toEqual(['raw stdio server: ready', 'panic: tool registry is corrupt']);
    expect(done.processes).toEqual([expect.objectContaining({ lane: 'inspector', conn: 'inspector:stdio', pid: expect.any(Number), exit: expect.objectContaining({ code: 5, signal: null, by: 'itself', words: 'exited with code 5 on its own' }) })]);
    expect(done.processes[0]?.command).toContain('stdio-server.ts --crash-on-list');
    const exitLine = done.lines.find((l) => l.seq === done.processes[0]?.exit?.seq);
    expect(exitLine).toMatchObject({ kind: 'event', text: 'exited with code 5 on its own', alert: true });
    expect(done.canRestart).toBe(true);
    expect(value<SessionInfo>(await engine.dispatch('getSession', {})).stdio).toBe(true);

    const path = value<SessionInfo>(await engine.dispatch('getSession', {})).path as string;
    await engine.session().flush();
    const replay = value<SessionInfo>(await engine.dispatch('openCapture', { path }));
    const replayed = await consoleOf(replay.id);
    expect(replayed.lines).toEqual(done.lines);
    expect(replayed.processes).toEqual(done.processes);
    // A capture keeps no setup (its secrets were never written): nothing to run again from it.
    expect(replayed.canRestart).toBe(false);
  });

  it('shows stderr of a server Parallax has to kill while it is still running, then SIGKILL as Parallax\'s doing', async () => {
    const session = await probe('--stubborn');
    // The stubborn server outlives closing stdin and SIGTERM by 2 s each: its stderr is there before its exit.
    const running = await consoleWhen(session.id, (c) => stderrOf(c).includes('raw stdio server: ready'));
    expect(running.processes).toEqual([expect.objectContaining({ exit: null })]);
    const done = await consoleWhen(session.id, exited);
    expect(done.processes[0]?.exit).toMatchObject({ code: null, signal: 'SIGKILL', by: 'parallax', after: 'sigkill', words: 'killed by SIGKILL after Parallax sent SIGKILL' });
    expect(stderrOf(done)).toContain('raw stdio server: ignoring SIGTERM');
    expect(done.lines.filter((l) => l.kind === 'event').map((l) => l.text)).toEqual(expect.arrayContaining(['Parallax closed stdin: still running after the grace period', 'Parallax sent SIGKILL: it exited']));
  });

  it('names a signal the server died of on its own', async () => {
    const session = await probe('--signal-on-list=SIGTERM');
    const done = await consoleWhen(session.id, exited);
    expect(done.processes[0]?.exit).toMatchObject({ code: null, signal: 'SIGTERM', by: 'itself', words: 'killed by SIGTERM on its own' });
    expect(stderrOf(done)).toContain('raw stdio server: killing itself with SIGTERM');
  });

  it('restarts the probe on screen as a new session with a new process', async () => {
    const first = await probe('--stderr-lines=3');
    const before = await consoleWhen(first.id, exited);
    const again = value<SessionInfo>(await engine.dispatch('restartProbe', {}));
    expect(again.id).not.toBe(first.id);
    const after = await consoleWhen(again.id, exited);
    expect(stderrOf(after)).toEqual(stderrOf(before));
    expect(after.processes[0]?.pid).not.toBe(before.processes[0]?.pid);
    expect(after.processes[0]?.exit).toMatchObject({ code: 0, by: 'parallax', after: 'close-stdin' });
    // The old session is gone from the engine: the UI asking about it is told so.
    expect(await engine.dispatch('getConsole', { sessionId: first.id, start: 0, count: 10 })).toMatchObject({ ok: false });
  });

  it('pages a flood of stderr instead of answering it whole', async () => {
    const session = await probe('--stderr-lines=3000');
    const done = await consoleWhen(session.id, exited);
    expect(done.matched).toBeGreaterThan(3000);
    expect(done.lines).toHaveLength(500);
    const page = await consoleOf(session.id, 2000, 100);
    expect(page.lines).toHaveLength(100);
    expect(page.lines[0]?.text).toMatch(/^raw stdio server: log line \d+ of 3000$/);
    expect(page.lines.map((l) => l.seq)).toEqual([...page.lines.map((l) => l.seq)].sort((a, b) => a - b));
    expect(await engine.dispatch('getConsole', { sessionId: session.id, start: 0, count: 5000 })).toMatchObject({ ok: false });
  });
});
