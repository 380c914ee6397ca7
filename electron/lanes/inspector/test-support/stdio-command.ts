import { fileURLToPath } from 'node:url';

/** The `stdio:` server string that runs the hand-written stdio server with these flags under this Node. */
export function rawStdioServer(...flags: string[]): string {
  const script = fileURLToPath(new URL('./stdio-server.ts', import.meta.url));
  return `stdio:${quote(process.execPath)} --import tsx ${quote(script)} ${flags.join(' ')}`.trim();
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
