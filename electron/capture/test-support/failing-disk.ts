import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { canMountDisks } from './small-disk';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./eio-fs.py', import.meta.url));
/** Debian's python3 (python3-fuse is installed for it by .ci/run), not one a version manager put first on PATH. */
const PYTHON = '/usr/bin/python3';

/** A FUSE mount needs root, /dev/fuse and python3-fuse; the tests that use one say so when skipped. */
export const canMountFailingDisks = canMountDisks && existsSync('/dev/fuse') && existsSync(PYTHON)
  && ['/usr/lib/python3/dist-packages/fuse.py', '/usr/lib/python3/dist-packages/fuseparts'].some((path) => existsSync(path));

export interface FailingDisk {
  dir: string;
  /** From now on, writes fail with EIO once `bytes` more have been written (0: the next write fails). */
  failAfter(bytes: number): Promise<void>;
  /** Writes work again. */
  heal(): Promise<void>;
  /** Unmounts, stops the filesystem and removes its folders; safe to call twice. */
  remove(): Promise<void>;
}

/**
 * A real disk whose writes fail with the kernel's EIO on cue (a FUSE filesystem, eio-fs.py):
 * the error reaches the program through write(2) as a failing disk's does, and reads go on.
 */
export async function mountFailingDisk(): Promise<FailingDisk> {
  const root = await mkdtemp(join(tmpdir(), 'parallax-eio-disk-'));
  const [backing, control, dir] = ['backing', 'control', 'mnt'].map((name) => join(root, name)) as [string, string, string];
  await Promise.all([backing, control, dir].map((path) => run('mkdir', ['-p', path])));
  const child: ChildProcess = spawn(PYTHON, [SCRIPT, backing, control, dir, '-f', '-s'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const deadline = Date.now() + 10_000;
  while (!(await readFile('/proc/mounts', 'utf8')).includes(` ${dir} `)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
      throw new Error(`the FUSE test filesystem did not mount: ${stderr.trim() || `exit ${child.exitCode}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let removed: Promise<void> | undefined;
  return {
    dir,
    failAfter: (bytes) => writeFile(join(control, 'budget'), String(bytes)),
    heal: () => rm(join(control, 'budget'), { force: true }),
    remove: () => (removed ??= (async () => {
      // Lazily, so a handle a failed test left open cannot leave the mount behind.
      await run('umount', ['--lazy', dir]).catch(() => undefined);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
    })()),
  };
}
