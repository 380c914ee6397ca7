import { inspectorProbeLane } from '../lanes/inspector/probe-lane';
import type { ProbeLane } from './probe-lane';

/** Every lane `parallax probe` knows, in display order. New lanes register here. */
export const probeLanes: ProbeLane[] = [inspectorProbeLane];
