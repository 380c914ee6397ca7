import type { Worker } from 'node:worker_threads';
import { textFilterOf, textHits } from '../../shared/frames/filter';
import { startEngineWorker } from './engine-worker';

export interface BodySearchRequest {
  id: number;
  /** The whole filter text; only its free text and regex terms apply here. */
  filter: string;
  labels: string[];
  bodies: (string | undefined)[];
}

export type BodySearchReply = { id: number; hits: number[] } | { id: number; error: string } | { ready: true };

/** A batch the worker did not finish in time: the search stops rather than pin a core. */
export class BodySearchTimeout extends Error {}

export const BODY_SEARCH_BATCH_TIMEOUT_MS = 10_000;
const IDLE_MS = 30_000;

interface Pending {
  request: BodySearchRequest;
  resolve: (hits: number[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const matchInProcess = ({ filter, labels, bodies }: Omit<BodySearchRequest, 'id'>): number[] => textHits(textFilterOf(filter), labels, bodies);

/**
 * Matches filters that read bodies on a worker thread, one batch at a time, so the engine's
 * event loop (IPC, proxies, lanes) keeps running while a big session is searched. The worker
 * starts on first use and stops when idle. If it cannot start, searching continues on the
 * engine's thread, and `fallback` says why.
 */
export class BodySearch {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private ready: Promise<void> | undefined;
  private markReady: (() => void) | undefined;
  private answered = false;
  fallback: string | undefined;

  constructor(private readonly batchTimeoutMs = BODY_SEARCH_BATCH_TIMEOUT_MS) {}

  /** Indexes of the rows whose label or body the filter's text and regex terms match. */
  async match(batch: Omit<BodySearchRequest, 'id'>): Promise<number[]> {
    const worker = this.fallback === undefined ? this.start() : undefined;
    clearTimeout(this.idleTimer);
    // Loading the worker is not part of a batch's time; a worker that fails to load leaves the fallback set.
    await this.ready;
    if (!worker || worker !== this.worker) return matchInProcess(batch);
    const id = ++this.nextId;
    return new Promise<number[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop(new BodySearchTimeout(`searching ${batch.labels.length} bodies took longer than ${this.batchTimeoutMs / 1000} s`));
      }, this.batchTimeoutMs);
      const request: BodySearchRequest = { id, ...batch };
      this.pending.set(id, { request, resolve, reject, timer });
      worker.postMessage(request);
    });
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = startEngineWorker('body-search');
      worker.unref();
      this.ready = new Promise((resolve) => { this.markReady = resolve; });
      worker.on('message', (reply: BodySearchReply) => this.settle(reply));
      worker.on('error', (error) => this.failed(worker, error));
      worker.on('exit', (code) => this.failed(worker, new Error(`the body search worker exited with code ${code}`)));
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fallback = `body search runs on the engine thread: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    }
  }

  private settle(reply: BodySearchReply): void {
    this.answered = true;
    if ('ready' in reply) {
      this.markReady?.();
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if ('error' in reply) pending.reject(new Error(reply.error));
    else pending.resolve(reply.hits);
    if (this.pending.size === 0) this.idleTimer = setTimeout(() => this.stop(), IDLE_MS).unref();
  }

  /** A worker that dies before its first answer could not load: its batches and later ones run in-process. */
  private failed(worker: Worker, error: Error): void {
    if (worker !== this.worker) return;
    if (!this.answered) {
      this.fallback = `body search runs on the engine thread: ${error.message}`;
      for (const { request, resolve, timer } of this.pending.values()) {
        clearTimeout(timer);
        resolve(matchInProcess(request));
      }
      this.pending.clear();
    }
    this.stop(error);
  }

  /** Stops the worker; whatever it was matching is rejected with `reason`. */
  stop(reason: Error = new Error('the body search stopped')): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.markReady?.();
    this.ready = undefined;
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(reason);
    }
    this.pending.clear();
    void worker?.terminate();
  }
}
