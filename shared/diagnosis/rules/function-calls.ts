import { uniqueSeqs } from '../json';
import { referenceView } from '../tool-matrix';
import { LANE_NAMES } from '../views/build-views';
import { mcpConfigsOf, type PlaygroundLaneView, type RealtimeLaneView } from '../views/lane-view';
import { isOpenAiLane, list, type DiagnosisFinding, type Rule } from './rule';

/**
 * The model answered with a `function_call` for a tool that is an MCP tool (reported of real
 * models): OpenAI calls MCP servers only for `mcp_call` items, so the server is never called and
 * the client is handed a call for a function it never declared, whose output the turn waits for.
 */
export const functionCallsRule: Rule = ({ views }) => {
  const reference = referenceView(views);
  return (views.filter(isOpenAiLane) as (RealtimeLaneView | PlaygroundLaneView)[]).flatMap((view): DiagnosisFinding[] => {
    const mcpNames = new Set([...view.tools, ...(reference?.tools ?? [])].map((t) => t.name));
    const wrong = view.functionCalls.filter((c) => mcpNames.has(c.name));
    if (wrong.length === 0) return [];
    const names = [...new Set(wrong.map((c) => c.name))];
    const label = mcpConfigsOf(view)[0]?.server_label ?? '<server_label>';
    return [{
      id: 'openai.function-call-for-mcp-tool', severity: 'error', lanes: [view.lane],
      title: `The model asked for MCP tool${names.length === 1 ? '' : 's'} ${list(names)} with function_call on ${LANE_NAMES[view.lane]}, so OpenAI never called the server`,
      detail: `${wrong.map((c) => `function_call ${c.name} (seq ${c.seq})`).join(', ')} arrived where an mcp_call was due. OpenAI runs only mcp_call items against the MCP server; a function_call is handed to the client, which declared no function by that name, so the turn waits for a function_call_output that never comes. Reported of real models, mostly when a function tool and an MCP tool share a name or the instructions describe the tool as a function.`,
      evidence: uniqueSeqs(wrong.map((c) => c.seq)),
      fix: `Do not declare a function tool with an MCP tool's name, and force the MCP call where it matters: tool_choice {"type": "mcp", "server_label": "${label}", "name": "${names[0] ?? ''}"} (Responses and Realtime GA). A client may also answer such a call with function_call_output saying the tool is remote.`,
      headline: `the model asked for ${names.length === 1 ? `\`${names[0] ?? ''}\`` : 'MCP tools'} with function_call, so OpenAI never called the MCP server`,
    }];
  });
};
