import { Worker } from 'node:worker_threads';

/** The engine's worker threads: each has a source file `<name>.worker.ts` here and a built entry. */
export type EngineWorkerName = 'body-search' | 'diagnosis';

/** Where a built engine module finds a worker's entry, relative to itself. */
export const builtWorkerPath = (name: EngineWorkerName) => `../electron/${name}-worker.js`;

/**
 * Starts one of the engine's workers. Built, each is its own entry,
 * `dist/electron/<name>-worker.js`, and this module sits one folder below `dist/` (in
 * `electron/`, `cli/` or `chunks/`); Electron loads worker scripts from inside the asar since
 * 17.3. From source (tsx, Vitest) it is the .ts file beside this one: a small bootstrap
 * registers tsx in the worker first, since Node 20 does not apply `--import` loader hooks to a
 * worker's entry.
 */
export function startEngineWorker(name: EngineWorkerName): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(builtWorkerPath(name), import.meta.url));
  const tsx = import.meta.resolve('tsx/esm/api');
  const script = new URL(`./${name}.worker.ts`, import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(bootstrap, { eval: true });
}
