import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LIMIT_NAMES, LIMITS, LimitValueError, parseLimitFlag, resolveLimits, type Limits } from '../../shared/capture/limits';
import { parseSettingsFile, SettingsFileError } from '../../shared/settings/settings-file';
import { UsageError } from './command';
import type { CaptureJournal } from '../capture/journal';
import type { CaptureSink } from '../../shared/capture/envelope';
import { keepingWholeBodies } from '../capture/side-body-files';

/**
 * The limits for a run: the defaults, then the `--settings` file's, then each `--limit
 * name=value` flag. A bad flag or file is bad usage whose words name the flag, the file and the key.
 */
export async function limitsFromFlags(settingsPath: string | undefined, flags: readonly string[]): Promise<Limits> {
  try {
    const fromFile = settingsPath === undefined ? undefined : parseSettingsFile(await readSettings(settingsPath), settingsPath).limits;
    return resolveLimits(fromFile, Object.fromEntries(flags.map(parseLimitFlag)) as Partial<Limits>);
  } catch (error) {
    if (error instanceof LimitValueError || error instanceof SettingsFileError) throw new UsageError(error.message);
    throw error;
  }
}

async function readSettings(path: string): Promise<string> {
  try {
    return await readFile(resolve(path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SettingsFileError(`cannot read the settings file ${path}${code ? ` (${code})` : ''}`);
  }
}

/** The names a `--limit` flag takes, for usage text. */
export const LIMIT_FLAG_NAMES = LIMIT_NAMES.map((name) => LIMITS[name].flag).join(', ');

/** The usage words of `--keep-whole-bodies`, which probe and proxy share. */
export const KEEP_WHOLE_BODIES_USAGE = '--keep-whole-bodies streams each body past frame-bytes whole (up to capture-bytes) to a side file beside the capture (run.parallax → run.bodies/body-N.bin), unredacted and never in bug-report bundles.';

/** The sink a command records into: the journal, with side files when `--keep-whole-bodies` asked for them. */
export function recordingSink(journal: CaptureJournal, keepWholeBodies: boolean | undefined, captureBytes: number): CaptureSink {
  return keepWholeBodies ? keepingWholeBodies(journal, journal.path, captureBytes) : journal;
}
