import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { BodySearchReply, BodySearchRequest } from '../electron/engine/body-search';

// The engine starts its body search worker by a path relative to its own built module; this
// checks the built layout (`npm test` builds before it tests) rather than the source one.
const dist = path.resolve('dist');
const WORKER_PATH = '../electron/body-search-worker.js';

describe.skipIf(!existsSync(path.join(dist, 'electron', 'main.js')))('the built body search worker', () => {
  it('is where every built module that starts it looks for it', () => {
    const starters = ['electron', 'cli', 'chunks']
      .flatMap((dir) => (existsSync(path.join(dist, dir)) ? readdirSync(path.join(dist, dir)).map((f) => path.join(dist, dir, f)) : []))
      .filter((file) => file.endsWith('.js') && readFileSync(file, 'utf8').includes(`"${WORKER_PATH}"`));
    expect(starters.length).toBeGreaterThan(0);
    for (const file of starters) expect(existsSync(path.resolve(path.dirname(file), WORKER_PATH)), file).toBe(true);
  });

  it('answers a search', async () => {
    const worker = new Worker(path.join(dist, 'electron', 'body-search-worker.js'));
    try {
      const request: BodySearchRequest = { id: 1, filter: 'get_patient', labels: ['response', 'response'], bodies: ['{"result":{"tools":[{"name":"get_patient"}]}}', '{}'] };
      const reply = new Promise<BodySearchReply>((resolve, reject) => {
        worker.on('message', (message: BodySearchReply) => { if (!('ready' in message)) resolve(message); });
        worker.on('error', reject);
      });
      worker.postMessage(request);
      expect(await reply).toEqual({ id: 1, hits: [0] });
    } finally {
      await worker.terminate();
    }
  });
});
