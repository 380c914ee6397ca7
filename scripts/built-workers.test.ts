import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { BodySearchReply, BodySearchRequest } from '../electron/engine/body-search';
import type { DiagnosisWorkerReply, DiagnosisWorkerRequest } from '../electron/engine/diagnosis-run';
import { builtWorkerPath, type EngineWorkerName } from '../electron/engine/engine-worker';

// The engine starts its workers by paths relative to its own built module; this checks the
// built layout (`npm test` builds before it tests) rather than the source one.
const dist = path.resolve('dist');
const NAMES: EngineWorkerName[] = ['body-search', 'diagnosis'];

/** Posts the requests to a built worker and resolves with its first answer that is not `ready`. */
async function ask<Reply extends object>(name: EngineWorkerName, requests: unknown[]): Promise<Reply> {
  const worker = new Worker(path.join(dist, 'electron', `${name}-worker.js`));
  try {
    const reply = new Promise<Reply>((resolve, reject) => {
      worker.on('message', (message: Reply) => { if (!('ready' in message)) resolve(message); });
      worker.on('error', reject);
    });
    for (const request of requests) worker.postMessage(request);
    return await reply;
  } finally {
    await worker.terminate();
  }
}

describe.skipIf(!existsSync(path.join(dist, 'electron', 'main.js')))('the built engine workers', () => {
  it('are where every built module that starts them looks for them', () => {
    const modules = ['electron', 'cli', 'chunks']
      .flatMap((dir) => (existsSync(path.join(dist, dir)) ? readdirSync(path.join(dist, dir)).map((f) => path.join(dist, dir, f)) : []))
      .filter((file) => file.endsWith('.js'))
      .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    // The launcher builds each worker's path from its name; find the modules that hold it.
    const launchers = modules.filter(({ text }) => text.includes('-worker.js`') && text.includes('../electron/'));
    expect(launchers.length).toBeGreaterThan(0);
    for (const { file } of launchers) {
      for (const name of NAMES) expect(existsSync(path.resolve(path.dirname(file), builtWorkerPath(name))), `${name} from ${file}`).toBe(true);
    }
  });

  it('search bodies', async () => {
    const request: BodySearchRequest = { id: 1, filter: 'get_patient', labels: ['response', 'response'], bodies: ['{"result":{"tools":[{"name":"get_patient"}]}}', '{}'] };
    expect(await ask<BodySearchReply>('body-search', [request])).toEqual({ id: 1, hits: [0] });
  });

  it('diagnose', async () => {
    const requests: DiagnosisWorkerRequest[] = [
      { type: 'envelopes', envelopes: [{ seq: 1, t: 1, lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'out', raw: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' }] },
      { type: 'finish', job: { sessionId: 's', frames: 1, skipped: [] } },
    ];
    const reply = await ask<DiagnosisWorkerReply>('diagnosis', requests);
    expect(reply).toMatchObject({ report: { sessionId: 's', frames: 1 } });
  });
});
