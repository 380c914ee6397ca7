import { parentPort } from 'node:worker_threads';
import { textFilterOf, textHits, type TextMatcher } from '../../shared/frames/filter';
import type { BodySearchReply, BodySearchRequest } from './body-search';

// Runs the text and regex part of filters off the engine's thread: a slow regex or a search
// through megabytes of payloads must not stall IPC, proxies or the probe lanes.
let compiled: { filter: string; matcher: TextMatcher } | undefined;

parentPort?.on('message', (request: BodySearchRequest) => {
  let reply: BodySearchReply;
  try {
    if (compiled?.filter !== request.filter) compiled = { filter: request.filter, matcher: textFilterOf(request.filter) };
    reply = { id: request.id, hits: textHits(compiled.matcher, request.labels, request.bodies) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});

const ready: BodySearchReply = { ready: true };
parentPort?.postMessage(ready);
