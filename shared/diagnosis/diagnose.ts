import type { CaptureHeader, Envelope, LaneId } from '../capture/envelope';
import { evaluateClients, type ClientsReport } from '../clients/evaluate';
import { RULEBOOK } from '../clients/rulebook';
import { serverReplyOf } from '../clients/server-reply';
import type { Finding, LaneSummary, ProbeReport } from '../lanes/probe-report';
import { answerQuestions, type LaneQuestion } from './questions';
import { RULES } from './rules';
import { writeStories, type LaneStory } from './stories';
import type { DiagnosisFinding } from './rules/rule';
import { buildToolMatrix, type ToolMatrix } from './tool-matrix';
import { writeVerdict } from './verdict';
import { buildLaneViews } from './views/build-views';
import type { LaneView } from './views/lane-view';

export interface Diagnosis {
  lanes: Partial<Record<LaneId, LaneSummary>>;
  views: LaneView[];
  matrix: ToolMatrix;
  /** Every tool by client of the rulebook: kept, changed, at risk or dropped, with the rules that decide it. */
  clients: ClientsReport;
  findings: DiagnosisFinding[];
  verdict: string;
  /** When Realtime shows fewer tools than the server offers: the usual questions, answered from the frames. */
  questions: LaneQuestion[];
  /** Each lane's run in a few clauses, each with the frames that prove it. */
  stories: LaneStory[];
  /** Differences or an error finding: what `parallax diagnose` exits 1 for. */
  differs: boolean;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * The whole diagnosis from envelopes (and the capture header's lane configs), nothing else, so a
 * live session and a loaded capture get the same verdict. Never throws for bad input: a rule that
 * trips over a damaged capture becomes a finding saying so.
 */
export interface DiagnoseOptions {
  /** What a capture loader left out of a damaged file, so the verdict can say it may be incomplete. */
  skipped?: readonly { line: number; kind: string; reason: string }[];
  /**
   * Why Parallax itself stopped recording during a live run (a disk that filled, a file it could
   * not write): the lanes were stopped with it, so what looks like a failing server is not one.
   */
  recordingStopped?: string;
}

export function diagnose(envelopes: readonly Envelope[], header?: CaptureHeader, options: DiagnoseOptions = {}): Diagnosis {
  const ordered = [...envelopes].sort((a, b) => a.seq - b.seq);
  const views = buildLaneViews(ordered);
  const matrix = buildToolMatrix(views);
  const clients = evaluateClients(RULEBOOK, serverReplyOf(views, ordered));
  const findings: DiagnosisFinding[] = [];
  for (const { name, rule } of RULES) {
    try {
      findings.push(...rule({ envelopes: ordered, views, matrix, clients, ...(header ? { header } : {}) }));
    } catch (error) {
      findings.push({
        id: 'diagnosis.rule-failed', severity: 'info', lanes: [], evidence: [],
        title: `The ${name} check could not read this capture`,
        detail: `It stopped with: ${error instanceof Error ? error.message : String(error)}. The other checks ran; this capture may be damaged or from a newer lane.`,
        fix: 'Report this with the capture attached.',
      });
    }
  }
  const unreadable = views.flatMap((v) => v.unreadable.map((u) => ({ ...u, lane: v.lane })));
  if (unreadable.length > 0) {
    findings.push({
      id: 'capture.unreadable-frames', severity: 'info', lanes: [...new Set(unreadable.map((u) => u.lane))],
      title: `${unreadable.length} frame(s) could not be read and were skipped`,
      detail: unreadable.slice(0, 5).map((u) => `seq ${u.seq}: ${u.reason}`).join('; '),
      evidence: unreadable.slice(0, 50).map((u) => u.seq),
      fix: 'Open the frames in the timeline; invalid frames from a server are themselves a finding for strict clients.',
    });
  }
  const skipped = options.skipped ?? [];
  if (skipped.length > 0) {
    findings.push({
      id: 'capture.damaged', severity: 'warning', lanes: [], evidence: [],
      title: `The capture is damaged: ${skipped.length} piece(s) could not be read, so this diagnosis may miss frames`,
      detail: skipped.slice(0, 5).map((s) => `line ${s.line}: ${s.kind}: ${s.reason}`).join('; '),
      fix: 'Re-run the probe to get a complete capture, or read the verdict knowing these lines are missing.',
    });
  }
  if (options.recordingStopped !== undefined) findings.unshift(recordingStoppedFinding(options.recordingStopped, ordered));
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const lanes: Diagnosis['lanes'] = {};
  for (const view of views) lanes[view.lane] = summarize(view);
  const ran = views.filter((v) => v.status !== 'skipped');
  const names = (v: LaneView) => [...new Set(v.tools.map((t) => t.name))].sort().join('\u0000');
  // Every lane failing agrees on nothing, not on "no tools": that is no clean bill of health.
  const allFailed = ran.length > 0 && ran.every((v) => v.status === 'failed');
  const differs = allFailed || ran.some((v) => names(v) !== names(ran[0] as LaneView)) || findings.some((f) => f.severity === 'error');
  return { lanes, views, matrix, clients, findings, verdict: writeVerdict(views, findings), questions: answerQuestions(views, findings), stories: writeStories(views), differs };
}

/** Leads the findings (and the verdict, see writeVerdict): the run was cut short by Parallax, not by the server. */
function recordingStoppedFinding(reason: string, envelopes: readonly Envelope[]): DiagnosisFinding {
  const last = envelopes.at(-1)?.seq;
  return {
    id: 'capture.recording-stopped', severity: 'error', lanes: [], evidence: last === undefined ? [] : [last],
    title: 'Parallax stopped recording before the run ended, and stopped the lanes with it',
    detail: `${reason} The lanes were stopped at that moment, so a lane that failed or got no tools here was cut short by Parallax; it says nothing about the server.${last === undefined ? '' : ` The last frame recorded is seq ${last}.`}`,
    fix: 'Free space on the disk that holds the capture (or record to another folder), then run the probe again.',
    headline: 'Parallax stopped recording during the run (see the first finding), so the lanes were cut short and this is no verdict on the server',
  };
}

function summarize(view: LaneView): LaneSummary {
  return { status: view.status, tools: view.tools.map((t) => t.name), ...(view.error ? { error: view.error.message } : {}) };
}

/** The stable JSON shape `parallax probe --json` and `parallax diagnose --json` print. */
export function toProbeReport(diagnosis: Diagnosis, capture: string): ProbeReport & { verdict: string; questions: LaneQuestion[] } {
  const findings: Finding[] = diagnosis.findings.map(({ id, severity, title, detail, evidence, fix }) => ({ id, severity, title, detail, evidence, fix }));
  return { lanes: diagnosis.lanes, findings, capture, verdict: diagnosis.verdict, questions: diagnosis.questions };
}
