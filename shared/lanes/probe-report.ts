import { z } from 'zod';
import { LaneId } from '../capture/envelope';

/**
 * What `parallax probe --json` prints and what every lane reduces to, whatever its wire:
 * a status, the tool names it saw, and why it failed or was skipped.
 */
export const LaneStatus = z.enum(['ok', 'failed', 'skipped']);
export type LaneStatus = z.infer<typeof LaneStatus>;

export const LaneSummary = z.object({
  status: LaneStatus,
  tools: z.array(z.string()),
  /** MCP lanes: the protocol revision the lane ended up speaking. */
  protocol: z.string().optional(),
  error: z.string().optional(),
});
export type LaneSummary = z.infer<typeof LaneSummary>;

export const Finding = z.object({
  id: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  title: z.string(),
  detail: z.string(),
  /** `seq` of the envelopes that show it. */
  evidence: z.array(z.number().int()),
  fix: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

export const ProbeReport = z.object({
  lanes: z.partialRecord(LaneId, LaneSummary),
  findings: z.array(Finding),
  capture: z.string(),
});
export type ProbeReport = z.infer<typeof ProbeReport>;
