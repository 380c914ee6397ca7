// Child of capture.bench.ts: opens one capture in a fresh process and prints how far the load
// raised the process's peak resident memory, so nothing measured earlier in the bench counts.
import { openCapture } from '../electron/capture/capture-loader';

const path = process.argv[2];
if (!path) throw new Error('usage: load-peak.ts <capture>');
global.gc?.();
const before = process.memoryUsage().rss;
const capture = await openCapture(path);
// maxRSS is in KiB and covers the whole life of the process, so it is the load's peak.
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ before, peak, count: capture.count }));
await capture.close();
