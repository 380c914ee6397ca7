import { parentPort } from 'node:worker_threads';
import { compileTextFilter, parseFilter, splitFilter, type TextMatcher } from '../../shared/frames/filter';
import type { BodySearchReply, BodySearchRequest } from './body-search';

// Runs the text and regex part of filters off the engine's thread: a slow regex or a search
// through megabytes of payloads must not stall IPC, proxies or the probe lanes.
let compiled: { filter: string; matcher: TextMatcher } | undefined;

parentPort?.on('message', (request: BodySearchRequest) => {
  let reply: BodySearchReply;
  try {
    if (compiled?.filter !== request.filter) compiled = { filter: request.filter, matcher: compileTextFilter(splitFilter(parseFilter(request.filter)).text) };
    const { matcher } = compiled;
    const hits: number[] = [];
    request.labels.forEach((label, i) => { if (matcher(label, request.bodies[i])) hits.push(i); });
    reply = { id: request.id, hits };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});

const ready: BodySearchReply = { ready: true };
parentPort?.postMessage(ready);
