import { z } from 'zod';
import { LaneId } from '../capture/envelope';
import { Finding, LaneSummary } from '../lanes/probe-report';
import { ClientsReportSchema } from './clients-report';

/**
 * The diagnosis as it crosses to the UI: the verdict, findings with evidence seqs, the tool
 * matrix, and each lane's tools as that lane saw them (for the side-by-side schema view).
 */
// Values that may be absent are .optional(): JSON (the browser host's wire) drops an undefined
// key, and zod 4 rejects a missing z.unknown() key, which failed every tool without annotations.
const SchemaDifference = z.object({
  field: z.enum(['description', 'schema', 'annotations']),
  paths: z.array(z.string()),
  server: z.unknown().optional(),
  lane: z.unknown().optional(),
});

const MatrixCell = z.object({
  state: z.enum(['present', 'absent', 'filtered', 'invalid', 'not-loaded']),
  evidence: z.array(z.number().int()),
  differences: z.array(SchemaDifference),
});
export type MatrixCell = z.infer<typeof MatrixCell>;

const ListProvenance = z.object({
  revision: z.string().optional(),
  via: z.string().optional(),
  cacheHint: z.object({ ttlMs: z.number().optional(), cacheScope: z.string().optional(), seq: z.number().int() }).optional(),
  evidence: z.array(z.number().int()),
});
export type ListProvenance = z.infer<typeof ListProvenance>;

export const ToolMatrixSchema = z.object({
  lanes: z.array(LaneId),
  provenance: z.partialRecord(LaneId, ListProvenance).default({}),
  reference: LaneId.optional(),
  rows: z.array(z.object({ name: z.string(), cells: z.partialRecord(LaneId, MatrixCell) })),
});

export const LaneTool = z.object({
  name: z.string(),
  description: z.string().nullable().optional(),
  schema: z.unknown().optional(),
  annotations: z.unknown().optional(),
  seq: z.number().int(),
  issues: z.array(z.object({ code: z.string(), severity: z.string(), path: z.string(), message: z.string() }).passthrough()),
});
export type LaneTool = z.infer<typeof LaneTool>;

export const DiagnosisFindingSchema = Finding.extend({
  fix: z.string(),
  lanes: z.array(LaneId),
  headline: z.string().optional(),
});
export type DiagnosisFindingView = z.infer<typeof DiagnosisFindingSchema>;

export const LaneStorySchema = z.object({
  lane: LaneId,
  clauses: z.array(z.object({ text: z.string(), evidence: z.array(z.number().int()) })),
});
export type LaneStoryView = z.infer<typeof LaneStorySchema>;

export const LaneQuestionSchema = z.object({
  id: z.enum(['why-fewer', 'protocol-or-transport', 'capabilities']),
  question: z.string(),
  answer: z.string(),
  evidence: z.array(z.number().int()),
});

export const DiagnosisReport = z.object({
  sessionId: z.string(),
  /** How many frames the diagnosis read; the UI asks again when the session has grown. */
  frames: z.number().int(),
  verdict: z.string(),
  /** When Realtime shows fewer tools than the server offers: the usual questions, answered from the frames. */
  questions: z.array(LaneQuestionSchema).default([]),
  differs: z.boolean(),
  /** One story per lane, in lane order: the verdict's evidence told step by step. */
  stories: z.array(LaneStorySchema).default([]),
  lanes: z.partialRecord(LaneId, LaneSummary),
  findings: z.array(DiagnosisFindingSchema),
  matrix: ToolMatrixSchema,
  tools: z.partialRecord(LaneId, z.array(LaneTool)),
  /** Tools by client of the rulebook (shared/clients), as `parallax diagnose --clients --json` prints it. */
  clients: ClientsReportSchema.optional(),
});
export type DiagnosisReport = z.infer<typeof DiagnosisReport>;
