import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mounting a filesystem needs root; tests that fill a real disk run only then (CI runs as root). */
export const canMountDisks = process.getuid?.() === 0;

export interface SmallDisk {
  dir: string;
  /** Unmounts and removes the mount point; safe to call twice. */
  remove(): Promise<void>;
}

/**
 * A real filesystem of `bytes` (a tmpfs), so a write past it fails with the kernel's own ENOSPC
 * after storing what fits, as a full disk does: no stand-in for the file or the error.
 */
export async function mountSmallDisk(bytes: number): Promise<SmallDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'parallax-small-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let removed: Promise<void> | undefined;
  return {
    dir,
    remove: () => (removed ??= (async () => {
      // Lazily, so a handle a failed test left open cannot leave the mount behind.
      await run('umount', ['--lazy', dir]);
      await rm(dir, { recursive: true, force: true });
    })()),
  };
}
