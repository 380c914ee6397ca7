import { parentPort } from 'node:worker_threads';
import type { Envelope } from '../../shared/capture/envelope';
import { diagnosisReport, type DiagnosisWorkerReply, type DiagnosisWorkerRequest } from './diagnosis-run';

// One diagnosis run: the envelopes arrive in batches, then the job. The pass over a big
// capture takes seconds of CPU; here it does not stall the engine's IPC, proxies or lanes, and
// the envelopes it held go when the run's worker ends.
const envelopes: Envelope[] = [];

const reply = (message: DiagnosisWorkerReply) => parentPort?.postMessage(message);

parentPort?.on('message', (request: DiagnosisWorkerRequest) => {
  if (request.type === 'envelopes') {
    for (const envelope of request.envelopes) envelopes.push(envelope);
    return;
  }
  try {
    reply({ report: diagnosisReport(envelopes, request.job) });
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
});

reply({ ready: true });
