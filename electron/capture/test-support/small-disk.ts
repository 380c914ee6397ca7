import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
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

/**
 * A disk that accepts writes it cannot store: an ext4 image of `apparentBytes` on a tmpfs of
 * `realBytes`, mounted through a loop device. Writes land in the OS cache; when the kernel
 * writes them back the image's tmpfs is full, and the error reaches the program only at fsync
 * (thin-provisioned and loop-backed storage behave so). Needs root and mkfs.ext4.
 */
export async function mountThinDisk(realBytes: number, apparentBytes: number): Promise<SmallDisk> {
  const backing = await mountSmallDisk(realBytes);
  const dir = await mkdtemp(join(tmpdir(), 'parallax-thin-disk-'));
  try {
    const image = join(backing.dir, 'disk.img');
    await run('truncate', ['-s', String(apparentBytes), image]);
    await run('mkfs.ext4', ['-q', '-O', '^has_journal', '-N', '64', image]);
    // -o loop: the loop device is detached when the filesystem is unmounted.
    await run('mount', ['-o', 'loop', image, dir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    await backing.remove();
    throw error;
  }
  let removed: Promise<void> | undefined;
  return {
    dir,
    remove: () => (removed ??= (async () => {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
      await backing.remove();
    })()),
  };
}

export const canMakeThinDisks = canMountDisks && ['/usr/sbin/mkfs.ext4', '/sbin/mkfs.ext4', '/usr/bin/mkfs.ext4'].some((path) => existsSync(path));

/** Fills the disk at `dir` with one file, then frees `free` bytes of it: a disk that is nearly full. Returns the filler's path. */
export async function fillLeaving(dir: string, free: number): Promise<string> {
  const path = join(dir, 'filler');
  const handle = await open(path, 'w');
  try {
    const block = Buffer.alloc(64 * 1024, 0x2e);
    for (;;) await handle.write(block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    const { size } = await handle.stat();
    await handle.truncate(Math.max(0, size - free));
    await handle.close();
  }
  return path;
}
