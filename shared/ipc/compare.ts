import { z } from 'zod';
import { LaneId } from '../capture/envelope';
import { LaneStatus } from '../lanes/probe-report';

/** The wire form of `CaptureDiff` (shared/compare/capture-diff.ts), as the Compare view reads it. */
const change = <T extends z.ZodType>(value: T) => z.object({ before: value.optional(), after: value.optional() });

const FindingRefSchema = z.object({
  id: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  title: z.string(),
  lanes: z.array(LaneId),
  evidence: z.array(z.number().int()),
});

export const CaptureDiffSchema = z.object({
  before: z.string(),
  after: z.string(),
  same: z.boolean(),
  lanes: z.array(z.object({
    lane: LaneId,
    status: change(LaneStatus),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.object({
      name: z.string(),
      fields: z.array(z.object({ field: z.string(), paths: z.array(z.string()), before: z.unknown(), after: z.unknown() })),
      evidence: z.object({ before: z.number().int(), after: z.number().int() }),
    })),
    transport: change(z.string()).optional(),
    protocolVersion: change(z.string()).optional(),
    negotiatedVia: change(z.string()).optional(),
    toolsListedAfterMs: change(z.number()).optional(),
  })),
  findings: z.object({ appeared: z.array(FindingRefSchema), resolved: z.array(FindingRefSchema) }),
  timingThresholdMs: z.number(),
});
export type CaptureDiffView = z.infer<typeof CaptureDiffSchema>;

export const ComparableCapture = z.object({
  path: z.string(),
  title: z.string(),
  /** ms since the epoch: when it was opened (recent) or last written (a run's capture). */
  at: z.number(),
  source: z.enum(['recent', 'run']),
});
export type ComparableCapture = z.infer<typeof ComparableCapture>;

export const compareRequests = {
  /** What the current session can be compared with: the app's own earlier runs and the captures opened lately. */
  listComparableCaptures: { request: z.object({}).strict(), response: z.object({ captures: z.array(ComparableCapture) }) },
  /** What changed from `before` to `after` (capture or bundle paths), as `parallax diff` reports it. */
  compareCaptures: {
    request: z.object({ before: z.string().min(1).max(4096), after: z.string().min(1).max(4096) }).strict(),
    response: z.object({ diff: CaptureDiffSchema, headline: z.string() }),
  },
};
