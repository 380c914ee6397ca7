import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/capture/envelope';
import { openCapture } from '../../capture/capture-loader';
import { canMountDisks, mountSmallDisk } from '../../capture/test-support/small-disk';
import { closeAfterEach } from '../../lanes/inspector/test-support/http-server';
import { startHostileHttpServer } from '../../lanes/inspector/test-support/hostile-server';
import { runCli } from '../test-support/cli-run';
import { probeCommand } from './probe';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-side-bodies-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
const serve = closeAfterEach();

async function metasOf(path: string): Promise<Record<string, unknown>[]> {
  const capture = await openCapture(path);
  const metas: Record<string, unknown>[] = [];
  try {
    for await (const envelope of capture.envelopes()) if (envelope.layer === 'meta') metas.push(JSON.parse(envelope.raw) as Record<string, unknown>);
  } finally {
    await capture.close();
  }
  return metas;
}

async function clippedFrames(path: string): Promise<Envelope[]> {
  const capture = await openCapture(path);
  const clipped: Envelope[] = [];
  try {
    for await (const envelope of capture.envelopes()) if (envelope.clip) clipped.push(envelope);
  } finally {
    await capture.close();
  }
  return clipped;
}

const BODY_BYTES = 4 * 1024 * 1024;

describe('parallax probe --keep-whole-bodies', () => {
  it('streams a body past frame-bytes whole to a side file whose length and SHA-256 are the frame\'s; the capture stays small', async () => {
    const server = await serve(startHostileHttpServer({ kind: 'huge', bytes: BODY_BYTES }));
    const out = join(dir, 'whole.parallax');
    await runCli(probeCommand, ['--server', server.url, '--lanes', 'inspector', '--limit', 'frame-bytes=64KiB', '--keep-whole-bodies', '--json', '--out', out]);
    const [frame, ...others] = await clippedFrames(out);
    expect(others).toEqual([]);
    expect(frame?.clip?.file).toBe('whole.bodies/body-1.bin');
    const body = await readFile(join(dir, frame?.clip?.file ?? ''));
    expect(body.length).toBe(frame?.size);
    expect(body.length).toBeGreaterThan(BODY_BYTES);
    expect(frame?.clip).toMatchObject({ fileSize: body.length, fileSha256: frame?.clip?.sha256 });
    expect(createHash('sha256').update(body).digest('hex')).toBe(frame?.clip?.sha256);
    expect(body.subarray(0, 40).toString()).toMatch(/^\{"jsonrpc":"2\.0"/);
    expect((await stat(out)).size).toBeLessThan(256 * 1024);
  });

  it('without the flag writes no side file', async () => {
    const server = await serve(startHostileHttpServer({ kind: 'huge', bytes: BODY_BYTES }));
    const out = join(dir, 'plain.parallax');
    await runCli(probeCommand, ['--server', server.url, '--lanes', 'inspector', '--limit', 'frame-bytes=64KiB', '--json', '--out', out]);
    const [frame] = await clippedFrames(out);
    expect(frame?.clip?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(frame?.clip?.file).toBeUndefined();
    expect((await readdir(dir)).filter((name) => name.startsWith('plain.'))).toEqual(['plain.parallax']);
  });

  it('stops the side file at capture-bytes with a marker, and a body past message-bytes keeps what arrived up to the cut', async () => {
    const server = await serve(startHostileHttpServer({ kind: 'huge', bytes: BODY_BYTES }));
    const out = join(dir, 'capped.parallax');
    const result = await runCli(probeCommand, ['--server', server.url, '--lanes', 'inspector', '--limit', 'frame-bytes=64KiB', '--limit', 'capture-bytes=1MiB', '--limit', 'message-bytes=2MiB', '--keep-whole-bodies', '--json', '--out', out]);
    expect(result.code).toBe(1);
    const [frame] = await clippedFrames(out);
    expect(frame?.incomplete).toBe(true);
    const body = await readFile(join(dir, frame?.clip?.file ?? ''));
    expect(body.length).toBe(1024 * 1024);
    expect(frame?.clip).toMatchObject({ fileSize: body.length, fileSha256: createHash('sha256').update(body).digest('hex') });
    expect(frame?.clip?.fileSha256).not.toBe(frame?.clip?.sha256);
    expect(await metasOf(out)).toContainEqual(expect.objectContaining({ kind: 'side-body-stopped', reason: 'capture-bytes', file: frame?.clip?.file, fileSize: body.length }));
  });

  it.skipIf(!canMountDisks)('a side file whose disk fills (ENOSPC, a real tmpfs; needs root) stops with a meta; the lane and the capture go on', async () => {
    const disk = await mountSmallDisk(1024 * 1024);
    try {
      // The side folder is the small disk; the capture beside it is not, so only the side file fills.
      await symlink(disk.dir, join(dir, 'full.bodies'));
      const server = await serve(startHostileHttpServer({ kind: 'huge', bytes: BODY_BYTES }));
      const out = join(dir, 'full.parallax');
      const result = await runCli(probeCommand, ['--server', server.url, '--lanes', 'inspector', '--limit', 'frame-bytes=64KiB', '--keep-whole-bodies', '--json', '--out', out]);
      const [frame] = await clippedFrames(out);
      expect(frame?.incomplete).toBeUndefined();
      expect(frame?.size).toBeGreaterThan(BODY_BYTES);
      const body = await readFile(join(dir, frame?.clip?.file ?? ''));
      expect(body.length).toBeLessThanOrEqual(1024 * 1024);
      expect(frame?.clip).toMatchObject({ fileSize: body.length, fileSha256: createHash('sha256').update(body).digest('hex') });
      expect(await metasOf(out)).toContainEqual(expect.objectContaining({ kind: 'side-body-stopped', reason: 'write-failed', detail: expect.stringMatching(/ENOSPC/) }));
      // The lane read the whole answer: the failure stopped only the side file.
      expect(result.err).not.toMatch(/ENOSPC/);
    } finally {
      await disk.remove();
    }
  });
});
