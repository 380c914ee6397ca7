import { z } from 'zod';
import { ClientId, Confidence, Effect } from '../clients/rulebook/schema';

/**
 * The client rulebook's verdict on one server as it crosses to the UI and as
 * `parallax diagnose --clients --json` prints it: the same object, so the two always agree.
 */
const RuleHitSchema = z.object({
  rule: z.string(),
  effect: Effect,
  confidence: Confidence,
  detail: z.string(),
  evidence: z.array(z.number().int()),
});

export const ClientsReportSchema = z.object({
  serverName: z.string(),
  toolCount: z.number().int().nonnegative(),
  verdict: z.string(),
  clients: z.array(z.object({
    client: ClientId,
    name: z.string(),
    short: z.string(),
    docs: z.string(),
    lost: z.number().int().nonnegative(),
    changed: z.number().int().nonnegative(),
    atRisk: z.number().int().nonnegative(),
    notes: z.array(RuleHitSchema),
  })),
  rows: z.array(z.object({
    tool: z.string(),
    seq: z.number().int(),
    cells: z.partialRecord(ClientId, z.object({ state: z.enum(['kept', 'changed', 'at-risk', 'dropped']), hits: z.array(RuleHitSchema) })),
  })),
});
export type ClientsReportView = z.infer<typeof ClientsReportSchema>;
