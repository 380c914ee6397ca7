import type { Envelope, LaneId } from '../capture/envelope';
import type { Diagnosis } from '../diagnosis/diagnose';
import { isRecord, jsonDifferences, jsonEqual } from '../diagnosis/json';
import type { DiagnosisFinding } from '../diagnosis/rules/rule';
import type { LaneView, ViewTool } from '../diagnosis/views/lane-view';
import type { LaneStatus } from '../lanes/probe-report';

/** One run to compare: its diagnosis and the envelopes it came from (for timing). */
export interface DiffSide {
  /** How the reports name it: a capture path or a server URL. */
  label: string;
  diagnosis: Diagnosis;
  envelopes: readonly Envelope[];
}

export interface FieldChange {
  /** A top-level field of the tool definition (`description`, `inputSchema`, `annotations`, ...). */
  field: string;
  /** JSON pointers inside the field where the two runs differ (at most five). */
  paths: string[];
  before: unknown;
  after: unknown;
}

export interface ToolChange {
  name: string;
  fields: FieldChange[];
  /** The envelopes that listed the tool in each run. */
  evidence: { before: number; after: number };
}

export interface ValueChange<T> {
  before: T | undefined;
  after: T | undefined;
}

export interface LaneDiff {
  lane: LaneId;
  /** `undefined` on a side where the lane did not run at all. */
  status: ValueChange<LaneStatus>;
  added: string[];
  removed: string[];
  changed: ToolChange[];
  /** MCP lanes: the transport the client settled on, and the protocol version negotiated. */
  transport?: ValueChange<string>;
  protocolVersion?: ValueChange<string>;
  /** How the revision was reached (`server/discover` or `initialize`), when that changed. */
  negotiatedVia?: ValueChange<string>;
  /** ms from the lane's first frame to the frame that proved its tool list, when past the threshold. */
  toolsListedAfterMs?: ValueChange<number>;
}

export interface FindingRef {
  id: string;
  severity: DiagnosisFinding['severity'];
  title: string;
  lanes: LaneId[];
  evidence: number[];
}

export interface CaptureDiff {
  before: string;
  after: string;
  /** Nothing below differs. */
  same: boolean;
  /** Only lanes with a difference. */
  lanes: LaneDiff[];
  findings: { appeared: FindingRef[]; resolved: FindingRef[] };
  timingThresholdMs: number;
}

export interface DiffOptions {
  /** A lane's time to its tool list must move by more than this to count (default 1000 ms). */
  timingThresholdMs?: number;
}

export const DEFAULT_TIMING_THRESHOLD_MS = 1000;

/** A finding's identity across runs: the same rule about the same lanes. Seqs and wording may change. */
export const findingKey = (f: { id: string; lanes: readonly string[] }): string => `${f.id}|${[...f.lanes].sort().join(',')}`;

const findingRef = ({ id, severity, title, lanes, evidence }: DiagnosisFinding): FindingRef => ({ id, severity, title, lanes, evidence });

/** What changed from `before` to `after`: pure, so the CLI, `check --baseline` and the app agree. */
export function diffCaptures(before: DiffSide, after: DiffSide, options: DiffOptions = {}): CaptureDiff {
  const timingThresholdMs = options.timingThresholdMs ?? DEFAULT_TIMING_THRESHOLD_MS;
  const lanes: LaneDiff[] = [];
  const order: LaneId[] = [];
  for (const view of [...before.diagnosis.views, ...after.diagnosis.views]) if (!order.includes(view.lane)) order.push(view.lane);
  for (const lane of order) {
    const a = before.diagnosis.views.find((v) => v.lane === lane);
    const b = after.diagnosis.views.find((v) => v.lane === lane);
    const diff = laneDiff(lane, a, b, before.envelopes, after.envelopes, timingThresholdMs);
    if (diff) lanes.push(diff);
  }
  const beforeKeys = new Set(before.diagnosis.findings.map(findingKey));
  const afterKeys = new Set(after.diagnosis.findings.map(findingKey));
  const findings = {
    appeared: after.diagnosis.findings.filter((f) => !beforeKeys.has(findingKey(f))).map(findingRef),
    resolved: before.diagnosis.findings.filter((f) => !afterKeys.has(findingKey(f))).map(findingRef),
  };
  const same = lanes.length === 0 && findings.appeared.length === 0 && findings.resolved.length === 0;
  return { before: before.label, after: after.label, same, lanes, findings, timingThresholdMs };
}

function laneDiff(lane: LaneId, a: LaneView | undefined, b: LaneView | undefined, aEnvelopes: readonly Envelope[], bEnvelopes: readonly Envelope[], thresholdMs: number): LaneDiff | undefined {
  const aTools = new Map((a?.tools ?? []).map((t) => [t.name, t]));
  const bTools = new Map((b?.tools ?? []).map((t) => [t.name, t]));
  const added = [...bTools.keys()].filter((n) => !aTools.has(n));
  const removed = [...aTools.keys()].filter((n) => !bTools.has(n));
  const changed: ToolChange[] = [];
  for (const [name, before] of aTools) {
    const after = bTools.get(name);
    if (!after) continue;
    const fields = toolFieldChanges(before, after);
    if (fields.length > 0) changed.push({ name, fields, evidence: { before: before.seq, after: after.seq } });
  }
  const diff: LaneDiff = { lane, status: { before: a?.status, after: b?.status }, added, removed, changed };
  let differs = a?.status !== b?.status || added.length > 0 || removed.length > 0 || changed.length > 0;
  const mcpA = a?.kind === 'mcp' ? a : undefined;
  const mcpB = b?.kind === 'mcp' ? b : undefined;
  if (mcpA || mcpB) {
    if (mcpA?.transport !== mcpB?.transport) {
      diff.transport = { before: mcpA?.transport, after: mcpB?.transport };
      differs = true;
    }
    // A 2026-07-28 conversation has no initialize: the client's negotiation record names the revision.
    const negotiated = (v: typeof mcpA) => v?.negotiation?.revision ?? v?.initializes.find((i) => i.negotiated)?.negotiated;
    if (negotiated(mcpA) !== negotiated(mcpB)) {
      diff.protocolVersion = { before: negotiated(mcpA), after: negotiated(mcpB) };
      differs = true;
    }
    const via = (v: typeof mcpA) => v?.negotiation?.via;
    if (via(mcpA) !== via(mcpB) && via(mcpA) !== undefined && via(mcpB) !== undefined) {
      diff.negotiatedVia = { before: via(mcpA), after: via(mcpB) };
      differs = true;
    }
  }
  const aMs = toolsListedAfter(a, aEnvelopes);
  const bMs = toolsListedAfter(b, bEnvelopes);
  if (aMs !== undefined && bMs !== undefined && Math.abs(aMs - bMs) > thresholdMs) {
    diff.toolsListedAfterMs = { before: aMs, after: bMs };
    differs = true;
  }
  return differs ? diff : undefined;
}

/** MCP lanes keep the definition as the server sent it: compare every field. OpenAI lanes: what they report. */
function toolFieldChanges(before: ViewTool, after: ViewTool): FieldChange[] {
  const definition = (t: ViewTool): Record<string, unknown> => {
    if (isRecord(t.raw)) return t.raw;
    return { description: t.description ?? undefined, inputSchema: t.schema, annotations: t.annotations ?? undefined };
  };
  const a = definition(before);
  const b = definition(after);
  const out: FieldChange[] = [];
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (field === 'name' || jsonEqual(a[field], b[field])) continue;
    out.push({ field, paths: jsonDifferences(a[field], b[field]), before: a[field], after: b[field] });
  }
  return out;
}

/** ms from the lane's first frame to the last frame proving its tool list; undefined without a list. */
export function toolsListedAfter(view: LaneView | undefined, envelopes: readonly Envelope[]): number | undefined {
  if (!view || view.toolsState !== 'listed' || view.toolsEvidence.length === 0) return undefined;
  const last = Math.max(...view.toolsEvidence);
  let first: number | undefined;
  let proof: number | undefined;
  for (const e of envelopes) {
    if (e.lane !== view.lane) continue;
    if (first === undefined) first = e.t;
    if (e.seq === last) proof = e.t;
  }
  return first === undefined || proof === undefined ? undefined : Math.round(proof - first);
}
