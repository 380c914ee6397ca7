import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, saveWindowState } from './window-state';

describe('window state', () => {
  const dirs: string[] = [];
  const tmp = async () => { const d = await mkdtemp(path.join(os.tmpdir(), 'parallax-ws-')); dirs.push(d); return d; };
  afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

  it('remembers bounds and maximised state across launches', async () => {
    const dir = await tmp();
    await saveWindowState(dir, { x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(await loadWindowState(dir)).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
  });

  it('falls back to defaults on a missing or damaged file', async () => {
    const dir = await tmp();
    expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
    await writeFile(path.join(dir, 'window-state.json'), '{"width": "wide"');
    expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position that is no longer on any display', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(fitToDisplays({ x: 100, y: 100, width: 800, height: 600, maximized: false }, displays)).toMatchObject({ x: 100, y: 100 });
    const offscreen = fitToDisplays({ x: 3000, y: 100, width: 800, height: 600, maximized: false }, displays);
    expect(offscreen).toEqual({ width: 800, height: 600, maximized: false });
  });
});
