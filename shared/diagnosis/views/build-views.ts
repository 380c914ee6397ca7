import type { Envelope, LaneId } from '../../capture/envelope';
import type { LaneView } from './lane-view';
import { buildClaudeView } from './claude-view';
import { buildMcpView } from './mcp-view';
import { buildPlaygroundView } from './playground-view';
import { buildRealtimeView } from './realtime-view';

/** Lanes in the order the UI and the verdict name them. */
export const LANE_ORDER: readonly LaneId[] = ['inspector', 'era', 'server', 'playground', 'realtime', 'claude', 'client'];

/** One view per lane present in the capture, each built from that lane's envelopes only. */
export function buildLaneViews(envelopes: readonly Envelope[]): LaneView[] {
  const byLane = new Map<LaneId, Envelope[]>();
  for (const envelope of envelopes) {
    const list = byLane.get(envelope.lane) ?? [];
    list.push(envelope);
    byLane.set(envelope.lane, list);
  }
  return LANE_ORDER.filter((lane) => byLane.has(lane)).map((lane) => {
    const own = (byLane.get(lane) as Envelope[]).sort((a, b) => a.seq - b.seq);
    if (lane === 'inspector' || lane === 'era' || lane === 'server') return buildMcpView(lane, own);
    if (lane === 'claude') return buildClaudeView(lane, own);
    if (lane === 'playground' || (lane === 'client' && speaksResponsesOnly(own))) return buildPlaygroundView(lane, own);
    return buildRealtimeView(lane, own);
  });
}

/** The tap carries a user's Responses calls in the client lane too; a lane with no WebSocket frame is read as Responses. */
function speaksResponsesOnly(envelopes: readonly Envelope[]): boolean {
  return !envelopes.some((e) => e.layer === 'ws') && envelopes.some((e) => e.http?.phase === 'request' && /\/responses(\?|$)/.test(e.http.url ?? ''));
}

export const LANE_NAMES: Record<LaneId, string> = {
  inspector: 'Inspector', era: 'Inspector (other revision)', server: 'Server', playground: 'Playground', realtime: 'Realtime', client: 'your client', claude: 'Claude',
};
