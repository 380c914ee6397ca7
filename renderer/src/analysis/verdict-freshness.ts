import type { LaneState } from '../../../shared/ipc/contract';
import { LANE_NAMES } from '../../../shared/diagnosis/views/build-views';

/**
 * Whether the verdict on screen is the last word: a live session is diagnosed as it grows, so
 * while a lane runs (or frames came in after the diagnosis read the session) the sentence speaks
 * of part of the run. A lane still listing looks like "did not ask for tools" or "all failed" to
 * the diagnosis then; the bar says "so far" instead of letting that read as the outcome.
 */
export function provisionalNote(reportFrames: number, sessionTotal: number, lanes: readonly Pick<LaneState, 'lane' | 'status'>[]): string | null {
  const running = lanes.filter((l) => l.status === 'running').map((l) => LANE_NAMES[l.lane]);
  if (running.length > 0) return `so far: ${running.join(', ')} still running`;
  const newer = sessionTotal - reportFrames;
  if (newer > 0) return `so far: ${newer} newer frame${newer === 1 ? '' : 's'} not diagnosed yet`;
  return null;
}
