import { claudeProbeLane } from '../lanes/claude/probe-lane';
import { eraProbeLane, inspectorProbeLane } from '../lanes/inspector/probe-lane';
import { playgroundProbeLane } from '../lanes/playground/probe-lane';
import { realtimeProbeLane } from '../lanes/realtime/probe-lane';
import type { ProbeLane } from './probe-lane';

/** Every lane `parallax probe` knows, in display order. New lanes register here. */
export const probeLanes: ProbeLane[] = [inspectorProbeLane, eraProbeLane, playgroundProbeLane, realtimeProbeLane, claudeProbeLane];

/**
 * What `probe` runs without `--lanes`: the Claude lane is asked for by name (`--lanes ...,claude`),
 * the era lane by `--compare-protocol`.
 */
export const defaultProbeLanes: ProbeLane[] = probeLanes.filter((lane) => lane.id !== 'claude' && lane.id !== 'era');
