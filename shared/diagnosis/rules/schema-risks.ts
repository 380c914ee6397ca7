import { openAiToolRisks, OPENAI_TOOL_COUNT_LIMIT } from '../../tools/openai-risks';
import { uniqueSeqs } from '../json';
import { referenceView } from '../tool-matrix';
import { LANE_NAMES } from '../views/build-views';
import { listingFailed } from '../views/lane-view';
import { count, isOpenAiLane, type DiagnosisFinding, type Rule } from './rule';

/** Risks that matter whatever happened; the schema-shape ones only when an OpenAI lane lost or changed the tool. */
const ALWAYS = new Set(['name-openai-pattern', 'description-huge']);

/**
 * Shapes MCP allows that OpenAI's documented function rules do not ($ref/$defs, nullable anyOf,
 * names outside ^[a-zA-Z0-9_-]{1,64}$, huge descriptions, many tools). Undocumented for hosted
 * MCP, so each is reported as what it may cause.
 */
export const schemaRiskRule: Rule = ({ views, matrix }) => {
  const reference = referenceView(views);
  if (!reference || reference.toolsState !== 'listed') return [];
  const openAi = views.filter(isOpenAiLane);
  const findings: DiagnosisFinding[] = [];
  for (const tool of reference.tools) {
    const row = matrix.rows.find((r) => r.name === tool.name);
    const affected = openAi.filter((v) => {
      const cell = row?.cells[v.lane];
      return cell && (cell.state === 'absent' || cell.differences.some((d) => d.field === 'schema') || listingFailed(v));
    });
    const risks = [...tool.issues.filter((i) => i.severity === 'risk'), ...openAiToolRisks(tool.raw)].filter((i) => ALWAYS.has(i.code) || affected.length > 0);
    if (risks.length === 0) continue;
    findings.push({
      id: 'tools.openai-schema-risk', severity: 'warning', lanes: [reference.lane, ...affected.map((v) => v.lane)],
      title: `Tool \`${tool.name.slice(0, 80)}\` has ${count(risks.length, 'shape')} OpenAI may not accept`,
      detail: `${risks.map((r) => `${r.path}: ${r.message}`).join('; ')}. OpenAI does not document hosted MCP's limits; these follow its function-calling rules, so they may, not must, explain a difference${affected.length > 0 ? ` (${affected.map((v) => `${LANE_NAMES[v.lane]}: ${row?.cells[v.lane]?.state === 'absent' ? 'tool missing' : listingFailed(v) ? 'listing failed' : 'schema changed'}`).join(', ')})` : ''}.`,
      evidence: uniqueSeqs([tool.seq, ...affected.flatMap((v) => row?.cells[v.lane]?.evidence ?? [])]),
      fix: risks.some((r) => r.code === 'name-openai-pattern') ? 'Rename the tool to letters, digits, "_" and "-" only, at most 64 characters.'
        : risks.some((r) => r.code === 'description-huge') ? 'Shorten the description to a few sentences (under 1024 characters); put long documentation elsewhere.'
          : 'Inline $ref/$defs and write optional parameters as a plain type with a default instead of anyOf [..., {type:"null"}] (FastMCP 3+ does both).',
    });
  }
  if (reference.tools.length > OPENAI_TOOL_COUNT_LIMIT) {
    findings.push({
      id: 'tools.too-many', severity: 'warning', lanes: [reference.lane],
      title: `The server offers ${reference.tools.length} tools; OpenAI documents ${OPENAI_TOOL_COUNT_LIMIT} per request`,
      detail: `OpenAI's function-calling limit is ${OPENAI_TOOL_COUNT_LIMIT} tools; whether hosted MCP applies it is undocumented, so the import may be cut or refused.`,
      evidence: reference.toolsEvidence,
      fix: `Use allowed_tools to import only the tools the model needs (at most ${OPENAI_TOOL_COUNT_LIMIT}).`,
    });
  }
  return findings;
};
