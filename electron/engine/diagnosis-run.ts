import type { CaptureHeader, Envelope } from '../../shared/capture/envelope';
import { diagnose, type DiagnoseOptions } from '../../shared/diagnosis/diagnose';
import type { DiagnosisReport } from '../../shared/ipc/diagnosis-report';

/** What a diagnosis run needs besides the envelopes. */
export interface DiagnosisJob {
  sessionId: string;
  frames: number;
  header?: CaptureHeader;
  skipped: NonNullable<DiagnoseOptions['skipped']>;
  recordingStopped?: string;
}

/** The shared diagnosis over a session's envelopes, as the report the UI reads. */
export function diagnosisReport(envelopes: readonly Envelope[], job: DiagnosisJob): DiagnosisReport {
  const result = diagnose(envelopes, job.header, { skipped: job.skipped, ...(job.recordingStopped !== undefined ? { recordingStopped: job.recordingStopped } : {}) });
  return {
    sessionId: job.sessionId,
    frames: job.frames,
    verdict: result.verdict,
    questions: result.questions,
    differs: result.differs,
    stories: result.stories,
    lanes: result.lanes,
    findings: result.findings,
    matrix: result.matrix,
    clients: result.clients,
    tools: Object.fromEntries(result.views.map((view) => [view.lane, view.tools.map(({ name, description, schema, annotations, seq, issues }) => ({ name, description, schema, annotations, seq, issues }))])),
  };
}

/** Messages to the diagnosis worker: envelopes in batches, then the job that closes the run. */
export type DiagnosisWorkerRequest = { type: 'envelopes'; envelopes: Envelope[] } | { type: 'finish'; job: DiagnosisJob };
export type DiagnosisWorkerReply = { ready: true } | { report: DiagnosisReport } | { error: string };
