import { mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readWholeCapture } from '../capture/test-support/read-capture';
import { canMountFailingDisks, mountFailingDisk } from '../capture/test-support/failing-disk';
import { canMountDisks, fillLeaving, mountSmallDisk } from '../capture/test-support/small-disk';
import { createEngine, type Engine } from './engine';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // In reverse: the engine (and its open files) go before the disk under them.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function engineIn(dataDir: string): Engine {
  const engine = createEngine({ host: 'browser', appVersion: 'test', dataDir });
  cleanups.push(() => engine.dispose());
  return engine;
}

async function demoSetup(engine: Engine): Promise<Record<string, unknown> & { server: string }> {
  const demo = await engine.dispatch('startDemo', {});
  expect(demo.ok).toBe(true);
  return { ...(demo as { ok: true; value: { setup: Record<string, unknown> & { server: string } } }).value.setup, lanes: ['inspector'] };
}

/**
 * A disk under the app's data folder that fails mid-probe, and what freeing it takes: on each,
 * the probe stops with the disk's own error named, what was written opens, every frame still
 * shows, the verdict blames the recording, and the next probe works once the disk is fixed.
 */
async function probeOnFailingDisk(dir: string, breakDisk: () => Promise<void>, fixDisk: () => Promise<void>, expected: RegExp): Promise<void> {
  const engine = engineIn(dir);
  const setup = await demoSetup(engine);
  // Room for the capture's header and a few frames, not the whole probe.
  await breakDisk();

  const started = await engine.dispatch('startProbe', { setup });
  expect(started, JSON.stringify(started)).toMatchObject({ ok: true });
  const session = engine.session();
  await expect.poll(() => session.info().recordingError ?? '', { timeout: 30_000 }).toMatch(expected);
  expect(session.info().recordingError).toContain(session.path as string);
  // The lane stops rather than running on unrecorded.
  await expect.poll(() => session.info().lanes.find((l) => l.lane === 'inspector')?.status, { timeout: 30_000 }).not.toBe('running');
  const first = await readWholeCapture(session.path as string);
  expect(first.skipped).toEqual([]);
  expect(first.envelopes.length).toBeGreaterThan(0);
  expect(first.envelopes.map((e) => e.seq)).toEqual(first.envelopes.map((_, i) => i + 1));
  // On screen every frame still opens: those in the file, and those the disk had no room for.
  expect(session.store.total).toBeGreaterThan(first.envelopes.length);
  const shown = await session.envelopes(Array.from({ length: session.store.total }, (_, i) => i + 1));
  expect(shown.filter((e) => e === undefined)).toHaveLength(0);
  expect(shown.slice(0, first.envelopes.length)).toEqual(first.envelopes);
  // The verdict blames the recording, not the server the lanes were cut off from.
  const diagnosis = await engine.dispatch('getDiagnosis', { sessionId: session.id });
  expect(diagnosis).toMatchObject({ ok: true, value: { verdict: expect.stringMatching(/^Parallax stopped recording during the run .* no verdict on the server\. /), findings: expect.arrayContaining([expect.objectContaining({ id: 'capture.recording-stopped', severity: 'error' })]) } });
  // It leads: the first finding says why the lanes stopped.
  expect((diagnosis as { value: { findings: { id: string }[] } }).value.findings[0]?.id).toBe('capture.recording-stopped');

  // The engine still serves: with the disk fixed, the next probe records whole.
  await fixDisk();
  expect(await engine.dispatch('startProbe', { setup })).toMatchObject({ ok: true });
  const next = engine.session();
  expect(next).not.toBe(session);
  await expect.poll(() => next.info().lanes.find((l) => l.lane === 'inspector')?.status, { timeout: 30_000 }).toBe('ok');
  await next.flush();
  expect(next.info().recordingError).toBeUndefined();
  const second = await readWholeCapture(next.path as string);
  expect(second.skipped).toEqual([]);
  expect(second.envelopes.length).toBe(next.store.total);
}

describe.skipIf(!canMountDisks)('the app when its disk fills during a live probe (a real tmpfs; needs root to mount, skipped otherwise)', () => {
  it('stops the probe, shows why in the session, keeps the frames written, and the next probe works once space is freed', async () => {
    const disk = await mountSmallDisk(512 * 1024);
    cleanups.push(() => disk.remove());
    let filler = '';
    await probeOnFailingDisk(disk.dir, async () => { filler = await fillLeaving(disk.dir, 8 * 1024); }, () => rm(filler),
      /^Recording stopped: the disk holding the capture .*\.parallax is full \(ENOSPC\)\./);
  });
});

describe.skipIf(!canMountFailingDisks)('the app when its disk fails with an I/O error during a live probe (a real FUSE filesystem; needs root, /dev/fuse and python3-fuse, skipped otherwise)', () => {
  it('stops the probe naming EIO, keeps the frames written, and the next probe works once the disk works again', async () => {
    const disk = await mountFailingDisk();
    cleanups.push(() => disk.remove());
    await probeOnFailingDisk(disk.dir, () => disk.failAfter(8 * 1024), () => disk.heal(),
      /^Recording stopped: the disk reported an input\/output error writing the capture .*\.parallax \(EIO\)\./);
  });
});

describe('the app when a live capture file is removed (real files)', () => {
  it('recreates it with every frame, in order, and the session shows the same frames plus the note', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parallax-removed-live-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const engine = engineIn(dataDir);
    const setup = await demoSetup(engine);
    expect(await engine.dispatch('startProbe', { setup })).toMatchObject({ ok: true });
    const session = engine.session();
    await expect.poll(() => session.info().lanes.find((l) => l.lane === 'inspector')?.status, { timeout: 30_000 }).toBe('ok');
    await session.flush();
    const probed = session.store.total;
    await unlink(session.path as string);

    // More frames into the same session: a real client through the app's recording proxy.
    const started = await engine.dispatch('startProxy', { kind: 'http', target: setup.server });
    expect(started.ok).toBe(true);
    const { address, id } = (started as { ok: true; value: { address: string; id: string } }).value;
    const answer = await fetch(new URL('/sse', address), { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(answer.status).toBe(405);
    await expect.poll(() => session.store.total).toBeGreaterThan(probed);
    await session.flush();
    await engine.dispatch('stopProxy', { id });
    await session.flush();

    const { envelopes, skipped } = await readWholeCapture(session.path as string);
    expect(skipped).toEqual([]);
    expect(envelopes.map((e) => e.seq)).toEqual(envelopes.map((_, i) => i + 1));
    expect(envelopes.length).toBe(session.store.total);
    const notes = envelopes.filter((e) => e.layer === 'meta' && (JSON.parse(e.raw) as { kind: string }).kind === 'capture-file-recreated');
    expect(notes).toHaveLength(1);
    // Everything the probe recorded before the removal is there, ahead of the note.
    expect(notes[0]?.seq).toBeGreaterThan(probed);
    // The note is on screen too: the session's count above includes it, and it reads back as written.
    expect(await session.envelope(notes[0]?.seq ?? 0)).toEqual(notes[0]);
  });
});
