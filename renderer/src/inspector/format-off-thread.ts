import type { FormatRequest, FormatResponse } from './format.worker';

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, (r: FormatResponse) => void>();

/** Pretty-prints JSON in a worker so a multi-megabyte payload never freezes the list. */
export function formatJsonOffThread(text: string): Promise<FormatResponse> {
  worker ??= new Worker(new URL('./format.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<FormatResponse>) => {
    waiting.get(event.data.id)?.(event.data);
    waiting.delete(event.data.id);
  };
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    const request: FormatRequest = { id, text };
    worker?.postMessage(request);
  });
}
