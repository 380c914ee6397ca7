import { evaluateClients, type RuleHit } from '../../clients/evaluate';
import { RULEBOOK } from '../../clients/rulebook';
import type { ClientId, ClientRule } from '../../clients/rulebook/schema';
import { serverReplyOf } from '../../clients/server-reply';
import { uniqueSeqs } from '../json';
import { referenceView } from '../tool-matrix';
import { LANE_NAMES } from '../views/build-views';
import { listingFailed } from '../views/lane-view';
import { count, isOpenAiLane, type DiagnosisFinding, type Rule } from './rule';

/** The clients Parallax's own OpenAI lanes stand for; their rulebook rules marked `lint` feed this finding. */
const HOSTED: readonly ClientId[] = ['openai-responses', 'openai-realtime'];

const lintRules = (): Map<string, ClientRule> => new Map(RULEBOOK.rules.filter((r) => HOSTED.includes(r.client) && r.lint !== undefined).map((r) => [r.id, r]));

/**
 * Shapes MCP allows that OpenAI's documented function rules do not, as the client rulebook
 * states them (shared/clients/rulebook/openai-hosted.ts): adding a rule there adds it here.
 * Undocumented for hosted MCP, so each is reported as what it may cause; rules marked
 * `when-lanes-differ` only when an OpenAI lane lost or changed the tool.
 */
export const schemaRiskRule: Rule = ({ views, matrix, envelopes, clients }) => {
  const reference = referenceView(views);
  if (!reference || reference.toolsState !== 'listed') return [];
  const report = clients ?? evaluateClients(RULEBOOK, serverReplyOf(views, envelopes));
  const rules = lintRules();
  const openAi = views.filter(isOpenAiLane);
  const findings: DiagnosisFinding[] = [];
  for (const tool of reference.tools) {
    const row = matrix.rows.find((r) => r.name === tool.name);
    const affected = openAi.filter((v) => {
      const cell = row?.cells[v.lane];
      return cell && (cell.state === 'absent' || cell.differences.some((d) => d.field === 'schema') || listingFailed(v));
    });
    const clientRow = report.rows.find((r) => r.tool === tool.name && r.seq === tool.seq);
    const hits = HOSTED.flatMap((c) => clientRow?.cells[c]?.hits ?? [])
      .filter((h) => rules.get(h.rule)?.condition.kind !== 'tool-count-above')
      .filter((h) => rules.get(h.rule)?.lint === 'always' || (rules.has(h.rule) && affected.length > 0));
    if (hits.length === 0) continue;
    const byDetail = new Map<string, RuleHit[]>();
    for (const hit of hits) byDetail.set(hit.detail, [...(byDetail.get(hit.detail) ?? []), hit]);
    findings.push({
      id: 'tools.openai-schema-risk', severity: 'warning', lanes: [reference.lane, ...affected.map((v) => v.lane)],
      title: `Tool \`${tool.name.slice(0, 80)}\` has ${count(byDetail.size, 'shape')} OpenAI may not accept`,
      detail: `${[...byDetail].map(([detail, same]) => `${detail} (${same.map((h) => h.rule).join(', ')})`).join('; ')}. OpenAI does not document hosted MCP's limits; these follow its function-calling rules, so they may, not must, explain a difference${affected.length > 0 ? ` (${affected.map((v) => `${LANE_NAMES[v.lane]}: ${row?.cells[v.lane]?.state === 'absent' ? 'tool missing' : listingFailed(v) ? 'listing failed' : 'schema changed'}`).join(', ')})` : ''}.`,
      evidence: uniqueSeqs([tool.seq, ...affected.flatMap((v) => row?.cells[v.lane]?.evidence ?? [])]),
      fix: rules.get((hits[0] as RuleHit).rule)?.fix ?? '',
    });
  }
  const tooMany = report.clients.find((c) => c.client === 'openai-responses')?.notes.find((h) => rules.get(h.rule)?.condition.kind === 'tool-count-above');
  const limit = tooMany ? rules.get(tooMany.rule) : undefined;
  if (tooMany && limit?.condition.kind === 'tool-count-above') {
    const max = limit.condition.max;
    findings.push({
      id: 'tools.too-many', severity: 'warning', lanes: [reference.lane],
      title: `The server offers ${reference.tools.length} tools; OpenAI documents ${max} per request`,
      detail: `OpenAI's function-calling limit is ${max} tools; whether hosted MCP applies it is undocumented, so the import may be cut or refused (${limit.id}).`,
      evidence: reference.toolsEvidence,
      fix: limit.fix,
    });
  }
  return findings;
};
