import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { HostDialogs } from './engine';

export interface DestinationDeps {
  dialogs?: HostDialogs;
  dataDir: string;
}

/**
 * Where an export goes: a path the UI named (never over an existing file), else the Save
 * dialog (null when cancelled), else, in the browser host, a fresh name in the data
 * directory's exports folder, which the host serves for download.
 */
export async function chooseDestination(
  requested: string | undefined,
  name: string,
  kind: 'capture' | 'bundle' | 'har',
  extensions: readonly string[],
  deps: DestinationDeps,
): Promise<string | null> {
  const fits = (file: string) => extensions.some((ext) => file.toLowerCase().endsWith(ext));
  if (requested !== undefined) {
    if (!fits(requested)) throw new Error(`${requested} must end in ${extensions.join(' or ')}`);
    if (await exists(requested)) throw new Error(`${requested} already exists; choose a new name`);
    return requested;
  }
  if (deps.dialogs) return deps.dialogs.chooseSavePath(name, kind);
  const dir = exportsDir(deps.dataDir);
  await mkdir(dir, { recursive: true });
  const ext = extensions.find((e) => name.toLowerCase().endsWith(e)) ?? '';
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
}

export const exportsDir = (dataDir: string): string => path.join(dataDir, 'exports');

export function fileSafeName(title: string): string {
  return title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'capture';
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
