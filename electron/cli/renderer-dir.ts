import { existsSync } from 'node:fs';
import path from 'node:path';

/** The built renderer, whether the CLI runs from source (tsx) or from dist/cli. */
export function findRendererDir(): string | null {
  const here = import.meta.dirname;
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../dist/renderer')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}
