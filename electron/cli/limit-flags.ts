import { LIMIT_NAMES, LIMITS, LimitValueError, parseLimitFlag, resolveLimits, type Limits } from '../../shared/capture/limits';
import { UsageError } from './command';

/** `--limit name=value` flags over the defaults; a bad one is bad usage that names the valid names. */
export function parseLimitFlags(flags: readonly string[]): Limits {
  try {
    return resolveLimits(Object.fromEntries(flags.map(parseLimitFlag)) as Partial<Limits>);
  } catch (error) {
    if (error instanceof LimitValueError) throw new UsageError(error.message);
    throw error;
  }
}

/** The names a `--limit` flag takes, for usage text. */
export const LIMIT_FLAG_NAMES = LIMIT_NAMES.map((name) => LIMITS[name].flag).join(', ');
