import type { z } from 'zod';
import { ClientInfo, ClientRule, RuleFile, type ClientId } from './schema';

export interface Rulebook {
  clients: ClientInfo[];
  rules: ClientRule[];
}

/** A rule file that breaks the contract: the message names the file, the rule id and the field. */
export class RulebookError extends Error {
  constructor(readonly problems: string[]) {
    super(`The client rulebook is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RulebookError';
  }
}

const fieldOf = (issue: z.core.$ZodIssue): string => issue.path.map(String).join('.') || '(the whole entry)';

/** Validates every file and cross-checks them (unique ids, rules only for clients a file declares). */
export function loadRulebook(files: readonly { file: string; data: unknown }[]): Rulebook {
  const problems: string[] = [];
  const clients: ClientInfo[] = [];
  const rules: ClientRule[] = [];
  for (const { file, data } of files) {
    const shape = RuleFile.safeParse(data);
    if (!shape.success) {
      problems.push(...shape.error.issues.map((i) => `${file}: ${fieldOf(i)}: ${i.message}`));
      continue;
    }
    for (const [index, client] of shape.data.clients.entries()) {
      const parsed = ClientInfo.safeParse(client);
      if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${file}: clients.${index}.${fieldOf(i)}: ${i.message}`));
      else if (clients.some((c) => c.id === parsed.data.id)) problems.push(`${file}: client "${parsed.data.id}" is declared twice`);
      else clients.push(parsed.data);
    }
    shape.data.rules.forEach((raw, index) => {
      const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : `#${index}`;
      const parsed = ClientRule.safeParse(raw);
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `${file}: rule "${id}": ${fieldOf(i)}: ${i.message}`));
        return;
      }
      const rule = parsed.data;
      if (rules.some((r) => r.id === rule.id)) problems.push(`${file}: rule "${rule.id}": id: used by another rule`);
      else if (!rule.id.startsWith(`${rule.client}.`)) problems.push(`${file}: rule "${rule.id}": id: must start with its client "${rule.client}."`);
      else if (!shape.data.clients.some((c) => (c as { id?: unknown }).id === rule.client)) problems.push(`${file}: rule "${rule.id}": client: "${rule.client}" is not declared in this file`);
      else rules.push(rule);
    });
  }
  if (problems.length > 0) throw new RulebookError(problems);
  return { clients, rules };
}

export const rulesFor = (book: Rulebook, client: ClientId): ClientRule[] => book.rules.filter((r) => r.client === client);
