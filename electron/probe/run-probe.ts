import type { CaptureSink, LaneId } from '../../shared/capture/envelope';
import type { LaneSummary, ProbeReport } from '../../shared/lanes/probe-report';
import { redactingSink } from '../lanes/wire/redacting-sink';
import type { LaneRun, ProbeLane, ProbeOptions } from './probe-lane';
import { probeSecrets } from './probe-secrets';

export interface ProbeOutcome {
  report: Omit<ProbeReport, 'capture'>;
  runs: Partial<Record<LaneId, LaneRun>>;
  /** 0 when every lane that ran is ok and they saw the same tools; 1 otherwise. */
  exitCode: 0 | 1;
}

/** Runs the chosen lanes concurrently into one sink. A lane that throws is reported as failed, never lost. */
export async function runProbe(lanes: ProbeLane[], options: ProbeOptions, capture: CaptureSink, signal: AbortSignal): Promise<ProbeOutcome> {
  // The server's own credentials travel on the wire but are never recorded.
  const sink = redactingSink(capture, probeSecrets(options));
  const entries = await Promise.all(lanes.map(async (lane): Promise<[LaneId, LaneRun]> => {
    const skip = lane.skipReason?.(options);
    if (skip) return [lane.id, { summary: { status: 'skipped', tools: [], error: skip } }];
    try {
      return [lane.id, await lane.run(options, sink, signal)];
    } catch (error) {
      return [lane.id, { summary: { status: 'failed', tools: [], error: `the ${lane.id} lane crashed: ${error instanceof Error ? error.message : String(error)}` } }];
    }
  }));
  const runs = Object.fromEntries(entries) as Partial<Record<LaneId, LaneRun>>;
  const summaries = Object.fromEntries(entries.map(([id, run]) => [id, run.summary])) as Partial<Record<LaneId, LaneSummary>>;
  const ran = Object.values(summaries).filter((s) => s.status !== 'skipped');
  const toolSets = new Set(ran.map((s) => JSON.stringify([...s.tools].sort())));
  const findings: ProbeReport['findings'] = [];
  const ok = ran.every((s) => s.status === 'ok') && toolSets.size <= 1 && !findings.some((f) => f.severity === 'error');
  return { report: { lanes: summaries, findings }, runs, exitCode: ok ? 0 : 1 };
}
