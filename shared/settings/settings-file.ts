import { z } from 'zod';
import { LIMIT_NAMES, LIMITS, parseByteSize, LimitValueError, type LimitName, type LimitsSettings } from '../capture/limits';

/**
 * A Parallax settings file (`--settings FILE`): for now the named limits, by their camelCase
 * names, each a number or, for sizes, text such as "64MiB". Unknown keys are errors, so a typo
 * never leaves a limit silently at its default.
 *
 *   { "limits": { "messageBytes": "256MiB", "jsonDepth": 512 } }
 */
const limitValue = (name: LimitName) => z.union([z.number().int().positive(), z.string()]).transform((value, context) => {
  if (typeof value === 'number') return value;
  if (LIMITS[name].unit !== 'bytes') {
    context.addIssue({ code: 'custom', message: `${name} is a count of ${LIMITS[name].unit}: write a whole number, not ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  try {
    return parseByteSize(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: error instanceof LimitValueError ? error.message : String(error) });
    return z.NEVER;
  }
});

export const SettingsFile = z.object({
  limits: z.object(Object.fromEntries(LIMIT_NAMES.map((name) => [name, limitValue(name).optional()])) as Record<LimitName, z.ZodOptional<ReturnType<typeof limitValue>>>).strict().optional(),
}).strict();
export type SettingsFile = { limits?: LimitsSettings };

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

/** The settings in `text` (a file's contents); a problem names the file and the key. */
export function parseSettingsFile(text: string, file: string): SettingsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SettingsFileError(`the settings file ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = SettingsFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new SettingsFileError(`the settings file ${file} has ${problems.length === 1 ? 'a problem' : 'problems'}: ${problems.join('; ')}`);
  }
  return parsed.data as SettingsFile;
}
