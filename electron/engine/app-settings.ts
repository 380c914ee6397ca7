import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LimitsSettings } from '../../shared/capture/limits';
import { parseSettingsFile } from '../../shared/settings/settings-file';

/** The app's settings file: the same format as the CLI's `--settings FILE`, at a fixed place. */
export interface AppSettings {
  path: string;
  /** The limits it sets; Setup's own entries win over them. */
  limits: LimitsSettings;
  /** Why the file cannot be used, naming it and the key; a probe does not start until it is fixed. */
  error?: string;
}

export const appSettingsPath = (dataDir: string) => path.join(dataDir, 'settings.json');

/** Read at each use, so an edit applies to the next probe without a restart. */
export async function readAppSettings(dataDir: string): Promise<AppSettings> {
  const file = appSettingsPath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: file, limits: {} };
    return { path: file, limits: {}, error: `the settings file ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    return { path: file, limits: parseSettingsFile(text, file).limits ?? {} };
  } catch (error) {
    return { path: file, limits: {}, error: error instanceof Error ? error.message : String(error) };
  }
}
