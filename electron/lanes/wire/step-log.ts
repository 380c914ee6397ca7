import type { HostedStep } from '../../../shared/lanes/hosted-lane-result';
import type { WireRecorder } from '../inspector/wire-recorder';

/** What a lane's status line shows while it runs; the probe runner forwards it to the UI. */
export interface LaneProgress {
  status: 'running' | 'ok' | 'failed' | 'skipped';
  detail: string;
  toolCount: number | null;
}
export type ProgressListener = (progress: LaneProgress) => void;

/**
 * A hosted lane's status steps: each is a `step` meta envelope in the capture (the same kind the
 * Inspector lane writes), an entry in the result, and a progress notice for the live UI.
 */
export class StepLog {
  readonly steps: HostedStep[] = [];

  constructor(private readonly recorder: WireRecorder, private readonly onProgress?: ProgressListener) {}

  step(name: HostedStep['name'], status: HostedStep['status'], detail: string, toolCount: number | null = null): number {
    const seq = this.recorder.meta('step', { name, status, detail, ...(toolCount !== null ? { toolCount } : {}) });
    this.steps.push({ name, status, detail, t: Date.now(), seq });
    this.onProgress?.({ status: status === 'ok' || status === 'skipped' ? 'running' : status, detail, toolCount });
    return seq;
  }
}
