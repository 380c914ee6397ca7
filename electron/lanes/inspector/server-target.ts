import { redactUrl } from '../../../shared/security/secret-names';
import { redactArgs } from './redact';
import type { StdioServerCommand } from './stdio-transport';

export type ServerTarget =
  | { kind: 'http'; url: URL }
  | ({ kind: 'stdio' } & StdioServerCommand);

export class BadTargetError extends Error {
  override name = 'BadTargetError';
}

/**
 * Splits a command line the way a POSIX shell would for words and quotes (no expansion, no
 * operators): `node "my server.js" --flag='a b'` -> [node, my server.js, --flag=a b].
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const chars = [...line];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? '';
    const next = chars[i + 1];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && next !== undefined && '"\\$`'.includes(next)) {
        word += next;
        i++;
      }
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && next !== undefined) {
      word += next;
      i++;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new BadTargetError(`unterminated ${quote === '"' ? 'double' : 'single'} quote in the command line: ${line}`);
  if (inWord) words.push(word);
  return words;
}

/** `stdio:<command line>` or an http(s) URL, as `parallax probe --server` takes it. */
export function parseServerTarget(server: string, stdio: Pick<StdioServerCommand, 'cwd' | 'env'> = {}): ServerTarget {
  if (server.startsWith('stdio:')) {
    const [command, ...args] = splitCommandLine(server.slice('stdio:'.length));
    if (!command) throw new BadTargetError('"stdio:" needs a command line after it, e.g. stdio:node server.js');
    return { kind: 'stdio', command, args, ...stdio };
  }
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new BadTargetError(`${JSON.stringify(server)} is neither an http(s) URL nor "stdio:<command line>"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadTargetError(`${url.protocol} URLs are not MCP transports; use http(s)://... or "stdio:<command line>"`);
  }
  return { kind: 'http', url };
}

function quoteWord(word: string): string {
  return word !== '' && !/[\s'"\\$`]/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The target as it may appear in meta events and results: the URL without userinfo, or the command line without credential-looking values. */
export function describeTarget(target: ServerTarget): string {
  if (target.kind === 'stdio') return `stdio:${[target.command, ...redactArgs(target.args)].map(quoteWord).join(' ')}`;
  const url = new URL(target.url);
  url.username = '';
  url.password = '';
  return redactUrl(url.href).url;
}
