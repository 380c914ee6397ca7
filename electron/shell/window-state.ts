import { readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PRIVATE_FILE_MODE } from '../private-file';

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect { x: number; y: number; width: number; height: number }

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };

/**
 * Keeps a remembered window on a display that still exists: a window saved on a monitor that
 * has since been unplugged would otherwise open off-screen.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const { x, y } = state;
  if (x === undefined || y === undefined) return state;
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(x + state.width, area.x + area.width) - Math.max(x, area.x);
    const overlapY = Math.min(y + state.height, area.y + area.height) - Math.max(y, area.y);
    return overlapX >= 100 && overlapY >= 50;
  });
  if (visible) return state;
  const { x: _x, y: _y, ...rest } = state;
  return rest;
}

export async function loadWindowState(dir: string): Promise<WindowState> {
  try {
    const parsed = WindowState.safeParse(JSON.parse(await readFile(path.join(dir, 'window-state.json'), 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

export async function saveWindowState(dir: string, state: WindowState): Promise<void> {
  const file = path.join(dir, 'window-state.json');
  await writeFile(`${file}.tmp`, JSON.stringify(WindowState.parse(state)), { mode: PRIVATE_FILE_MODE });
  await rename(`${file}.tmp`, file);
}
