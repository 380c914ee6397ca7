import type { LaneId } from '../capture/envelope';
import type { Diagnosis } from '../diagnosis/diagnose';
import type { ToolMatrix } from '../diagnosis/tool-matrix';
import type { ToolsState } from '../diagnosis/views/lane-view';
import type { LaneStatus } from '../lanes/probe-report';

/** `tools.json`: each lane's tool list as that lane saw it, and the matrix that compares them. */
export interface ToolsJson {
  verdict: string;
  lanes: Partial<Record<LaneId, {
    status: LaneStatus;
    toolsState: ToolsState;
    error?: string;
    /** seqs in the capture that prove the list, or its absence. */
    evidence: number[];
    tools: { name: string; description: string | null; inputSchema: unknown; annotations: unknown; seq: number }[];
  }>>;
  matrix: ToolMatrix;
}

export function buildToolsJson(diagnosis: Diagnosis): ToolsJson {
  const lanes: ToolsJson['lanes'] = {};
  for (const view of diagnosis.views) {
    lanes[view.lane] = {
      status: view.status,
      toolsState: view.toolsState,
      ...(view.error ? { error: view.error.message } : {}),
      evidence: view.toolsEvidence,
      tools: view.tools.map((t) => ({ name: t.name, description: t.description ?? null, inputSchema: t.schema ?? null, annotations: t.annotations ?? null, seq: t.seq })),
    };
  }
  return { verdict: diagnosis.verdict, lanes, matrix: diagnosis.matrix };
}
