import type { LaneId } from '../envelope';

/**
 * Which lane an imported request belongs to, from its URL alone: the OpenAI Realtime socket is
 * the realtime lane and the Responses API the playground lane, as Parallax's own lanes record
 * them. Anything else is MCP only if JSON-RPC is found in it (the caller decides that), and then
 * it is the inspector lane. No recorded lane classifies traffic after the fact, so this is the one
 * place that does.
 */
export function openAiLaneOfUrl(url: string): Extract<LaneId, 'realtime' | 'playground'> | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  if (/\/v1\/realtime(\/|$)/.test(path)) return 'realtime';
  if (/\/v1\/responses(\/|$)/.test(path)) return 'playground';
  return undefined;
}

/** How the notes describe the rule above, so a user knows why a frame sits in its lane. */
export const LANE_RULE = 'Lanes were chosen by URL: OpenAI Realtime (/v1/realtime) is the realtime lane, the Responses API (/v1/responses) the playground lane, and other traffic carrying JSON-RPC the inspector lane.';
