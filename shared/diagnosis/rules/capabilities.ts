import { quoteJson, uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { McpLaneView } from '../views/lane-view';
import { count, isOpenAiLane, list, type DiagnosisFinding, type Rule } from './rule';

const GATING = ['roots', 'sampling', 'elicitation', 'tasks'];
const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';

/**
 * Servers may offer tools only to clients that declare a capability (server-everything does).
 * OpenAI's connector has been seen declaring none, so tools the Inspector gets and OpenAI lanes
 * lack, when the Inspector declared such capabilities, may be gated on them.
 */
export const capabilitiesRule: Rule = ({ views, matrix }) => {
  const inspector = views.find((v): v is McpLaneView => isMcp(v) && v.lane === 'inspector');
  const init = inspector?.initializes.at(-1);
  if (!inspector || !init) return [];
  const declared = GATING.filter((c) => c in init.clientCapabilities);
  if (declared.length === 0) return [];
  const findings: DiagnosisFinding[] = [];
  const openAi = views.filter((v) => isOpenAiLane(v) && v.toolsState === 'listed');
  const missing = matrix.rows.filter((r) => r.cells.inspector?.state === 'present' && openAi.some((v) => r.cells[v.lane]?.state === 'absent')).map((r) => r.name);
  if (missing.length === 0) return [];
  const lacking = openAi.filter((v) => missing.some((n) => matrix.rows.find((r) => r.name === n)?.cells[v.lane]?.state === 'absent'));
  // The Server lane, when recorded, shows what OpenAI's connector really declared.
  const connectorInit = views.find((v): v is McpLaneView => isMcp(v) && v.lane === 'server')?.initializes.find((i) => i.clientName === 'openai-mcp');
  findings.push({
    id: 'mcp.capabilities-gated', severity: 'warning', lanes: ['inspector', ...lacking.map((v) => v.lane)],
    title: `${count(missing.length, 'tool')} may be offered only to clients that declare ${declared.join('/')}: ${list(missing)}`,
    detail: `The Inspector declared ${declared.join(', ')} in initialize (seq ${init.requestSeq}) and got ${list(missing)}; ${lacking.map((v) => LANE_NAMES[v.lane]).join(' and ')} did not. OpenAI's hosted client ${connectorInit ? `declared ${quoteJson(connectorInit.clientCapabilities)} here (seq ${connectorInit.requestSeq})` : 'has been seen declaring no client capabilities'}, so the server may list these tools only for clients that declare them.`,
    evidence: uniqueSeqs([init.requestSeq, ...inspector.toolsEvidence, ...lacking.flatMap((v) => v.toolsEvidence), connectorInit?.requestSeq]),
    fix: 'List these tools whatever the client declares, and check the capability when the tool is called (answer with an error if it is missing); or accept that OpenAI clients will not see them.',
  });
  return findings;
};
