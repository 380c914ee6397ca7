import type { CaptureHeader, Envelope, LaneId } from '../../capture/envelope';
import type { ClientsReport } from '../../clients/evaluate';
import type { Finding } from '../../lanes/probe-report';
import type { FindingId } from '../finding-ids';
import type { ToolMatrix } from '../tool-matrix';
import type { LaneView } from '../views/lane-view';

export interface DiagnosisInput {
  envelopes: readonly Envelope[];
  header?: CaptureHeader;
  views: readonly LaneView[];
  matrix: ToolMatrix;
  /** The client rulebook's verdict on the server's tools (computed once per diagnosis). */
  clients?: ClientsReport;
}

/** A finding with its fix always given, the lanes it concerns, and the clause it lends the verdict. */
export interface DiagnosisFinding extends Finding {
  id: FindingId;
  fix: string;
  lanes: LaneId[];
  /** How the one-sentence verdict says it, when this finding leads. */
  headline?: string;
}

/** One finding family: a pure function from the views (and envelopes) to findings. */
export type Rule = (input: DiagnosisInput) => DiagnosisFinding[];

export const OPENAI_LANES: readonly LaneId[] = ['playground', 'realtime', 'client'];
export const isOpenAiLane = (view: LaneView): boolean => OPENAI_LANES.includes(view.lane);

/** "1 tool", "10 tools". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const list = (names: readonly string[], max = 6): string => {
  const shown = names.slice(0, max).map((n) => `\`${n}\``).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
};
