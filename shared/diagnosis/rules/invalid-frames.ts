import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { McpLaneView } from '../views/lane-view';
import { count, type DiagnosisFinding, type Rule } from './rule';

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';

/**
 * Bytes from the server that are not JSON-RPC (a banner on stdout, non-JSON SSE data, a frame the
 * SDK's schema refuses). Tolerant clients skip them; strict ones may drop the connection or time
 * out waiting for the answer the frame should have been.
 */
export const invalidFramesRule: Rule = ({ views }) => views.filter(isMcp).flatMap((view): DiagnosisFinding[] => {
  const frames = view.invalidFrames;
  if (frames.length === 0) return [];
  return [{
    id: 'mcp.invalid-frames', severity: 'warning', lanes: [view.lane],
    title: `The server sent ${LANE_NAMES[view.lane]} ${count(frames.length, 'frame')} that ${frames.length === 1 ? 'is' : 'are'} not valid JSON-RPC`,
    detail: `${frames.slice(0, 4).map((f) => `seq ${f.seq}: ${f.reason}`).join('; ')}${frames.length > 4 ? '; …' : ''}. Parallax skipped them and kept reading; a strict client (possibly OpenAI's) may drop the connection or wait for an answer that never parses.`,
    evidence: uniqueSeqs(frames.map((f) => f.seq)),
    fix: 'Write only JSON-RPC messages to the transport: logs go to stderr (stdio) or stay out of the SSE stream; check the frames at these seqs.',
  }];
});
