import { AccessOptionError, parseAllowedHost, parseAllowedOrigin, type AccessOptions } from '../net/request-guard';
import { UsageError } from './command';

/** The `parseArgs` options for `--allow-host` and `--allow-origin`, both repeatable. */
export const ACCESS_FLAG_OPTIONS = {
  'allow-host': { type: 'string', multiple: true },
  'allow-origin': { type: 'string', multiple: true },
} as const;

export const ACCESS_FLAGS_USAGE = [
  '--allow-host NAME answers requests whose Host is NAME (any port; NAME:PORT for one), e.g. a tunnel\'s',
  'public name; other names get 421. --allow-origin ORIGIN lets a web page at ORIGIN call it; pages',
  'other than http(s)://localhost, 127.0.0.1 or [::1] get 403. Both repeat.',
].join('\n');

/**
 * The allowed names and origins from the flags; a malformed one is bad usage, refused before
 * anything starts. Each distinct refusal is told on `err` once: a page retrying must not flood it.
 */
export function accessFromFlags(values: { 'allow-host'?: string[]; 'allow-origin'?: string[] }, command: string, err: (line: string) => void): AccessOptions {
  const told = new Set<string>();
  try {
    return {
      allowHosts: (values['allow-host'] ?? []).map(parseAllowedHost),
      allowOrigins: (values['allow-origin'] ?? []).map(parseAllowedOrigin),
      command,
      onRefused: (refusal) => {
        if (told.has(refusal.body) || told.size >= 20) return;
        told.add(refusal.body);
        err(`${command}: refused a request (${refusal.status}): ${refusal.body.trimEnd()}`);
      },
    };
  } catch (error) {
    if (error instanceof AccessOptionError) throw new UsageError(error.message);
    throw error;
  }
}
