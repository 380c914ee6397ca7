import { uniqueSeqs } from '../json';
import { referenceView } from '../tool-matrix';
import { LANE_NAMES } from '../views/build-views';
import { listingFailed } from '../views/lane-view';
import { count, list, type DiagnosisFinding, type Rule } from './rule';

/**
 * One malformed tool and strict clients (the MCP SDK, and possibly OpenAI's hosted client) reject
 * the whole tools/list. Named with the path inside the tool, from the shared tool validation.
 */
export const malformedToolRule: Rule = ({ views }) => {
  const reference = referenceView(views);
  if (!reference || reference.toolsState !== 'listed') return [];
  const looped = reference.kind === 'mcp' && reference.listings.some((l) => l.stoppedBecause === 'cursor-loop');
  const errorsOf = (issues: typeof reference.tools[number]['issues']) => issues.filter((i) => i.severity === 'error' && !(looped && i.code === 'duplicate-name'));
  const broken = reference.tools.filter((t) => errorsOf(t.issues).length > 0);
  if (broken.length === 0) return [];
  const failedLanes = views.filter((v) => v !== reference && listingFailed(v));
  return broken.map((tool): DiagnosisFinding => {
    const errors = errorsOf(tool.issues);
    const first = errors[0] as (typeof errors)[number];
    return {
      id: 'tools.malformed', severity: 'error', lanes: [reference.lane, ...failedLanes.map((v) => v.lane)],
      title: `Tool \`${tool.name}\` is malformed at ${first.path || '/'}: strict clients drop the whole list for it`,
      detail: `${errors.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}. The server sent it in the tools/list answer at seq ${tool.seq} beside ${count(reference.tools.length - 1, 'other tool')}; the MCP SDK validates the list as a whole, so one bad tool rejects all of them.${failedLanes.length > 0 ? ` ${failedLanes.map((v) => LANE_NAMES[v.lane]).join(' and ')} failed to list any tool (${failedLanes.map((v) => v.error?.message ?? 'failed').join('; ')}), which this may explain.` : ''}`,
      evidence: uniqueSeqs([tool.seq, ...failedLanes.flatMap((v) => v.toolsEvidence)]),
      fix: first.code.includes('root-not-object') ? `Give \`${tool.name}\`'s inputSchema "type": "object" at its root (with "properties": {} if it takes no arguments).` : `Fix \`${tool.name}\` at ${first.path || '/'} so it matches the MCP Tool schema.`,
      headline: `the server's tool \`${tool.name}\` is malformed, and strict clients drop the whole list (${list(broken.map((t) => t.name))})`,
    };
  });
};
