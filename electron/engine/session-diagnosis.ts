import { diagnose } from '../../shared/diagnosis/diagnose';
import type { Envelope } from '../../shared/capture/envelope';
import type { DiagnosisReport } from '../../shared/ipc/diagnosis-report';
import type { Session } from './session';

/**
 * Runs the shared diagnosis over a session's frames, once per size of the session: a live run
 * is diagnosed again as it grows, a loaded capture once. The same code runs in `parallax diagnose`.
 */
export class SessionDiagnosis {
  private cached: { sessionId: string; frames: number; report: Promise<DiagnosisReport>; settled: boolean } | undefined;

  report(session: Session): Promise<DiagnosisReport> {
    const frames = session.store.total;
    const cached = this.cached;
    // One diagnosis at a time per session: while a live session streams, asking again during a
    // run gets that run's answer instead of piling up full passes over a growing capture.
    if (cached?.sessionId === session.id && (cached.frames === frames || !cached.settled)) return cached.report;
    const entry = { sessionId: session.id, frames, report: this.compute(session, frames), settled: false };
    this.cached = entry;
    entry.report.then(
      () => { entry.settled = true; },
      () => { if (this.cached === entry) this.cached = undefined; },
    );
    return entry.report;
  }

  private async compute(session: Session, frames: number): Promise<DiagnosisReport> {
    const seqs = session.store.seqs(0, frames);
    const envelopes = (await session.envelopes(seqs)).filter((e): e is Envelope => e !== undefined);
    const result = diagnose(envelopes, session.header ?? undefined, { skipped: session.skipped });
    return {
      sessionId: session.id,
      frames,
      verdict: result.verdict,
      differs: result.differs,
      lanes: result.lanes,
      findings: result.findings,
      matrix: result.matrix,
      tools: Object.fromEntries(result.views.map((view) => [view.lane, view.tools.map(({ name, description, schema, annotations, seq, issues }) => ({ name, description, schema, annotations, seq, issues }))])),
    };
  }
}
