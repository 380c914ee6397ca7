import type { Envelope } from '../../shared/capture/envelope';
import type { DiagnosisReport } from '../../shared/ipc/diagnosis-report';
import { diagnosisReport, type DiagnosisJob, type DiagnosisWorkerReply, type DiagnosisWorkerRequest } from './diagnosis-run';
import { startEngineWorker } from './engine-worker';
import type { Session } from './session';

/** Envelopes read and handed to the worker at a time: each batch is a short turn of the engine's event loop. */
const BATCH = 2_000;

/** The worker could not start: the run is done in-process instead. */
class WorkerUnavailable extends Error {}

/**
 * Runs the shared diagnosis over a session's frames, once per size of the session: a live run
 * is diagnosed again as it grows, a loaded capture once. The same code runs in `parallax diagnose`.
 * Each run has a worker thread of its own: the engine reads the envelopes in batches and hands
 * them over, so a million-frame capture neither stalls the engine for seconds nor leaves the
 * pass's envelopes in its heap. If workers cannot start, runs happen on the engine's thread.
 */
export class SessionDiagnosis {
  private cached: { sessionId: string; frames: number; stopped: string | undefined; report: Promise<DiagnosisReport>; settled: boolean } | undefined;
  /** Why runs happen on the engine's thread, once a worker failed to start. */
  fallback: string | undefined;

  report(session: Session): Promise<DiagnosisReport> {
    const frames = session.store.total;
    const cached = this.cached;
    // One diagnosis at a time per session: while a live session streams, asking again during a
    // run gets that run's answer instead of piling up full passes over a growing capture.
    if (cached?.sessionId === session.id && ((cached.frames === frames && cached.stopped === session.recordingError) || !cached.settled)) return cached.report;
    const entry = { sessionId: session.id, frames, stopped: session.recordingError, report: this.compute(session, frames), settled: false };
    this.cached = entry;
    entry.report.then(
      () => { entry.settled = true; },
      () => { if (this.cached === entry) this.cached = undefined; },
    );
    return entry.report;
  }

  private async compute(session: Session, frames: number): Promise<DiagnosisReport> {
    const seqs = session.store.seqs(0, frames);
    const job: DiagnosisJob = {
      sessionId: session.id, frames, ...(session.header ? { header: session.header } : {}), skipped: session.skipped,
      ...(session.recordingError !== undefined ? { recordingStopped: session.recordingError } : {}),
    };
    if (this.fallback === undefined) {
      try {
        return await this.inWorker(session, seqs, job);
      } catch (error) {
        if (!(error instanceof WorkerUnavailable)) throw error;
        this.fallback = `diagnosis runs on the engine thread: ${error.message}`;
      }
    }
    const envelopes = (await session.envelopes(seqs)).filter((e): e is Envelope => e !== undefined);
    return diagnosisReport(envelopes, job);
  }

  private async inWorker(session: Session, seqs: number[], job: DiagnosisJob): Promise<DiagnosisReport> {
    let worker;
    try {
      worker = startEngineWorker('diagnosis');
    } catch (error) {
      throw new WorkerUnavailable(error instanceof Error ? error.message : String(error));
    }
    let ready = false;
    let failed: Error | undefined;
    const done = new Promise<DiagnosisReport>((resolve, reject) => {
      const fail = (error: Error) => {
        failed = ready ? error : new WorkerUnavailable(error.message);
        reject(failed);
      };
      worker.on('message', (reply: DiagnosisWorkerReply) => {
        if ('ready' in reply) ready = true;
        else if ('report' in reply) resolve(reply.report);
        else fail(new Error(`the diagnosis stopped: ${reply.error}`));
      });
      worker.on('error', (error) => fail(ready ? new Error(`the diagnosis worker failed: ${error.message}`) : error));
      worker.on('exit', (code) => fail(new Error(`the diagnosis worker exited with code ${code}`)));
    });
    // Settled below; this keeps a failure while batches are still being read from going unhandled.
    done.catch(() => undefined);
    try {
      for (let start = 0; start < seqs.length && !failed; start += BATCH) {
        const envelopes = (await session.envelopes(seqs.slice(start, start + BATCH))).filter((e): e is Envelope => e !== undefined);
        const request: DiagnosisWorkerRequest = { type: 'envelopes', envelopes };
        worker.postMessage(request);
      }
      const finish: DiagnosisWorkerRequest = { type: 'finish', job };
      if (!failed) worker.postMessage(finish);
      return await done;
    } finally {
      void worker.terminate();
    }
  }
}
