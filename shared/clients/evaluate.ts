import { toolConditionHolds, type ServerReply } from './conditions';
import type { Rulebook } from './rulebook/load';
import type { ClientId, ClientRule, Confidence, Effect } from './rulebook/schema';

/** kept: nothing applies. changed: the model sees another name or schema. at-risk: a warning or refused calls. dropped: the client loses it. */
export type ClientCellState = 'kept' | 'changed' | 'at-risk' | 'dropped';

export interface RuleHit {
  rule: string;
  effect: Effect;
  confidence: Confidence;
  /** Why it fired, for this tool or list. */
  detail: string;
  /** The frames that show it: the tools/list page, the initialize result, the 401. */
  evidence: number[];
}

export interface ClientCell {
  state: ClientCellState;
  hits: RuleHit[];
}

export interface ClientColumn {
  client: ClientId;
  name: string;
  short: string;
  docs: string;
  /** Tools this client loses (dropped or its list emptied). */
  lost: number;
  changed: number;
  atRisk: number;
  /** Hits about the server as a whole (capabilities, OAuth, counts), shown with the client. */
  notes: RuleHit[];
}

export interface ClientsRow {
  tool: string;
  /** The tools/list frame that carried the tool. */
  seq: number;
  cells: Partial<Record<ClientId, ClientCell>>;
}

export interface ClientsReport {
  serverName: string;
  toolCount: number;
  clients: ClientColumn[];
  rows: ClientsRow[];
  /** One sentence naming the clients that lose tools. */
  verdict: string;
}

const STATE_OF: Record<Effect, ClientCellState> = {
  dropped: 'dropped', 'list-emptied': 'dropped', 'call-refused': 'at-risk', warning: 'at-risk', 'name-rewritten': 'changed', 'schema-rewritten': 'changed',
};
const RANK: Record<ClientCellState, number> = { kept: 0, changed: 1, 'at-risk': 2, dropped: 3 };

const hitOf = (rule: ClientRule, detail: string, evidence: number[]): RuleHit => ({ rule: rule.id, effect: rule.effect, confidence: rule.confidence, detail, evidence: [...new Set(evidence)] });

/**
 * Runs every rule of the rulebook against one server reply: each tool gets a cell per client,
 * each cell the hits that decide it. The one engine behind the Clients view, `parallax diagnose
 * --clients` and the schema lint.
 */
export function evaluateClients(book: Rulebook, reply: ServerReply): ClientsReport {
  const rows: ClientsRow[] = reply.tools.map((t) => ({ tool: t.name, seq: t.seq, cells: {} }));
  const columns: ClientColumn[] = [];
  for (const client of book.clients) {
    const hits: RuleHit[][] = reply.tools.map(() => []);
    const notes: RuleHit[] = [];
    for (const rule of book.rules.filter((r) => r.client === client.id)) applyRule(rule, reply, hits, notes);
    const column: ClientColumn = { client: client.id, name: client.name, short: client.short, docs: client.docs, lost: 0, changed: 0, atRisk: 0, notes };
    hits.forEach((toolHits, index) => {
      const state = toolHits.reduce<ClientCellState>((worst, h) => (RANK[STATE_OF[h.effect]] > RANK[worst] ? STATE_OF[h.effect] : worst), 'kept');
      (rows[index] as ClientsRow).cells[client.id] = { state, hits: toolHits };
      if (state === 'dropped') column.lost += 1;
      else if (state === 'at-risk') column.atRisk += 1;
      else if (state === 'changed') column.changed += 1;
    });
    columns.push(column);
  }
  return { serverName: reply.serverName, toolCount: reply.tools.length, clients: columns, rows, verdict: clientsVerdict(columns, rows, reply) };
}

function applyRule(rule: ClientRule, reply: ServerReply, hits: RuleHit[][], notes: RuleHit[]): void {
  const { condition } = rule;
  const everyTool = (detail: string, evidence: number[]) => hits.forEach((h) => h.push(hitOf(rule, detail, evidence)));
  if (condition.kind === 'tool-count-above') {
    const n = reply.tools.length;
    if (n <= condition.max) return;
    const detail = `the server lists ${n} tools, over ${condition.max}`;
    notes.push(hitOf(rule, detail, reply.toolsEvidence));
    if (rule.effect === 'list-emptied') everyTool(detail, reply.toolsEvidence);
    else hits.slice(condition.max).forEach((h, i) => h.push(hitOf(rule, `${detail}; this is tool ${condition.max + i + 1}`, [reply.tools[condition.max + i]?.seq ?? 0])));
    return;
  }
  if (condition.kind === 'capability') {
    const caps = reply.capabilities;
    if (!caps || (condition.capability in caps.value) !== condition.present) return;
    const detail = `the initialize result ${condition.present ? 'declares' : 'does not declare'} the ${condition.capability} capability`;
    notes.push(hitOf(rule, detail, [caps.seq]));
    if (rule.effect === 'list-emptied' || rule.effect === 'dropped') everyTool(detail, [caps.seq]);
    return;
  }
  if (condition.kind === 'oauth-challenge') {
    if (!reply.oauthChallenge) return;
    const detail = 'the server answered 401 with a WWW-Authenticate challenge (OAuth)';
    notes.push(hitOf(rule, detail, [reply.oauthChallenge.seq]));
    if (rule.effect === 'list-emptied' || rule.effect === 'dropped') everyTool(detail, [reply.oauthChallenge.seq]);
    return;
  }
  reply.tools.forEach((tool, index) => {
    const detail = toolConditionHolds(condition, tool, reply);
    if (detail === undefined) return;
    (hits[index] as RuleHit[]).push(hitOf(rule, detail, [tool.seq]));
    if (rule.effect !== 'list-emptied') return;
    // One such tool costs the client the whole list: every other tool is lost because of it.
    const because = `lost with the whole list because of \`${tool.name.slice(0, 80)}\`: ${detail}`;
    hits.forEach((h, other) => {
      if (other !== index && !h.some((x) => x.rule === rule.id && x.detail === because)) h.push(hitOf(rule, because, [tool.seq]));
    });
  });
}

function clientsVerdict(columns: ClientColumn[], rows: ClientsRow[], reply: ServerReply): string {
  const n = reply.tools.length;
  const losing = columns.filter((c) => c.lost > 0 || c.notes.some((h) => h.effect === 'list-emptied'));
  if (n === 0 && losing.length === 0) return 'The server listed no tools, so no client rule applies to its tools.';
  if (losing.length === 0) {
    const changing = columns.filter((c) => c.changed + c.atRisk > 0);
    return `Every client in the rulebook keeps all ${n} tool${n === 1 ? '' : 's'}${changing.length > 0 ? `; ${changing.map((c) => c.name).join(', ')} rename${changing.length === 1 ? 's' : ''} or may refuse some` : ''}.`;
  }
  const parts = losing.map((c) => {
    const why = new Set<string>();
    for (const row of rows) for (const h of row.cells[c.client]?.hits ?? []) if (STATE_OF[h.effect] === 'dropped') why.add(h.rule);
    for (const h of c.notes) if (h.effect === 'list-emptied') why.add(h.rule);
    const lost = n === 0 ? 'its tools' : c.lost === n ? `all ${n}` : `${c.lost} of ${n}`;
    return `${c.name} loses ${lost} (${[...why].join(', ')})`;
  });
  return `${losing.length} client${losing.length === 1 ? '' : 's'} lose${losing.length === 1 ? 's' : ''} tools: ${parts.join('; ')}.`;
}
