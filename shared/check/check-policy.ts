import type { LaneId } from '../capture/envelope';
import { findingKey, type CaptureDiff } from '../compare/capture-diff';
import type { Diagnosis } from '../diagnosis/diagnose';
import { LANE_NAMES } from '../diagnosis/views/build-views';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** At or above `failOn`: `error` fails only on errors, `info` on anything. */
export const fails = (severity: Severity, failOn: Severity): boolean => RANK[severity] <= RANK[failOn];

/**
 * One thing `parallax check` reports: a diagnosis finding, or (with a baseline) a change from it.
 * Baseline ids start with `baseline.`; they are not diagnosis findings, so they live here.
 */
export interface CheckProblem {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  fix: string;
  lanes: LaneId[];
  evidence: number[];
  failing: boolean;
}

export const BASELINE_RULES = {
  'baseline.tool-removed': { severity: 'error', title: 'A tool the baseline listed is gone', fix: 'Restore the tool on the server, or accept the change by recording a new baseline.' },
  'baseline.lane-worse': { severity: 'error', title: 'A lane that worked in the baseline no longer does', fix: 'Open the capture and read the lane\'s findings and frames; compare them with the baseline\'s.' },
  'baseline.tool-changed': { severity: 'warning', title: 'A tool\'s definition changed since the baseline', fix: 'Check that clients accept the new definition, then record a new baseline.' },
  'baseline.negotiation-changed': { severity: 'warning', title: 'The transport or protocol version changed since the baseline', fix: 'Check the server\'s transport and protocol version are what you meant to ship.' },
  'baseline.tool-added': { severity: 'info', title: 'A tool is new since the baseline', fix: 'Record a new baseline once the tool is meant to stay.' },
} as const satisfies Record<string, { severity: Severity; title: string; fix: string }>;
export type BaselineRuleId = keyof typeof BASELINE_RULES;

export interface CheckOutcome {
  target: string;
  baseline?: string;
  failOn: Severity;
  problems: CheckProblem[];
  /** Lanes and their status, for the reports' pass lines. */
  lanes: { lane: LaneId; status: string; tools: number }[];
  passed: boolean;
}

export interface CheckInput {
  target: string;
  diagnosis: Diagnosis;
  failOn: Severity;
  /** With a baseline: its diagnosis and the diff from it to this run. Only what is new counts. */
  baseline?: { label: string; diagnosis: Diagnosis; diff: CaptureDiff };
}

/** The policy: which findings count, and whether the run fails. Pure; the CLI writes the reports. */
export function evaluateCheck(input: CheckInput): CheckOutcome {
  const { diagnosis, failOn, baseline } = input;
  const known = new Set(baseline?.diagnosis.findings.map(findingKey) ?? []);
  const problems: CheckProblem[] = diagnosis.findings
    .filter((f) => !known.has(findingKey(f)))
    .map((f) => ({ id: f.id, severity: f.severity, title: f.title, detail: f.detail, fix: f.fix, lanes: f.lanes, evidence: f.evidence, failing: fails(f.severity, failOn) }));
  if (baseline) problems.push(...baselineProblems(baseline.diff, failOn));
  else {
    // A lane that failed with no error finding to say why still fails the check.
    for (const view of diagnosis.views) {
      if (view.status !== 'failed' || problems.some((p) => p.severity === 'error' && p.lanes.includes(view.lane))) continue;
      problems.push({
        id: 'check.lane-failed', severity: 'error', title: `The ${LANE_NAMES[view.lane]} lane failed`, detail: view.error?.message ?? 'The lane did not finish.',
        fix: 'Open the capture and read the lane\'s frames.', lanes: [view.lane], evidence: view.error?.evidence ?? [], failing: fails('error', failOn),
      });
    }
  }
  problems.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return {
    target: input.target, ...(baseline ? { baseline: baseline.label } : {}), failOn, problems,
    lanes: diagnosis.views.map((v) => ({ lane: v.lane, status: v.status, tools: v.tools.length })),
    passed: !problems.some((p) => p.failing),
  };
}

function baselineProblems(diff: CaptureDiff, failOn: Severity): CheckProblem[] {
  const out: CheckProblem[] = [];
  const add = (id: BaselineRuleId, lane: LaneId, detail: string, evidence: number[] = []) => {
    const rule = BASELINE_RULES[id];
    out.push({ id, severity: rule.severity, title: rule.title, detail, fix: rule.fix, lanes: [lane], evidence, failing: fails(rule.severity, failOn) });
  };
  for (const lane of diff.lanes) {
    const name = LANE_NAMES[lane.lane];
    for (const tool of lane.removed) add('baseline.tool-removed', lane.lane, `${name} no longer lists \`${tool}\`.`);
    if (lane.status.before === 'ok' && lane.status.after !== 'ok') add('baseline.lane-worse', lane.lane, `${name} was ok in the baseline and is ${lane.status.after ?? 'not run'} now.`);
    for (const tool of lane.changed) add('baseline.tool-changed', lane.lane, `${name}: \`${tool.name}\` changed in ${tool.fields.map((f) => f.field).join(', ')}.`, [tool.evidence.after]);
    if (lane.transport || lane.protocolVersion) {
      const parts = [lane.transport && `transport ${lane.transport.before ?? 'none'} -> ${lane.transport.after ?? 'none'}`, lane.protocolVersion && `protocol ${lane.protocolVersion.before ?? 'none'} -> ${lane.protocolVersion.after ?? 'none'}`].filter(Boolean);
      add('baseline.negotiation-changed', lane.lane, `${name}: ${parts.join(', ')}.`);
    }
    for (const tool of lane.added) add('baseline.tool-added', lane.lane, `${name} now lists \`${tool}\`.`);
  }
  return out;
}

export function checkText(outcome: CheckOutcome): string {
  const lines = [`${outcome.passed ? 'PASS' : 'FAIL'}: ${outcome.target}${outcome.baseline ? ` against the baseline ${outcome.baseline}` : ''} (fails on ${outcome.failOn}${outcome.failOn === 'error' ? '' : ' and above'})`];
  for (const lane of outcome.lanes) lines.push(`  ${LANE_NAMES[lane.lane].padEnd(11)} ${lane.status.padEnd(7)} ${lane.tools} tool(s)`);
  if (outcome.problems.length === 0) lines.push('', outcome.baseline ? 'Nothing new since the baseline.' : 'No findings.');
  for (const p of outcome.problems) {
    lines.push('', `${p.failing ? 'x' : '-'} [${p.severity}] ${p.id}: ${p.title}`, `    ${p.detail}`);
    if (p.evidence.length) lines.push(`    evidence: seq ${p.evidence.slice(0, 8).join(', ')}`);
    lines.push(`    fix: ${p.fix}`);
  }
  return lines.join('\n');
}
