import { describeLimitHit, type LimitHit } from '../../../shared/capture/limits';
import { valueNestingDepth } from '../../../shared/json/nesting-depth';
import type { Carrier, WireRecorder } from './wire-recorder';

/**
 * Refuses a result the SDK parsed that nests beyond json-depth, before the lane's own recursive
 * code (tool validation, schema checks) walks it. The recorder refuses such a message on the wire
 * when it sees the frame whole; this covers frames it kept clipped, which the SDK still read.
 * Returns the error to report, having recorded the limit hit, or undefined when the value is fine.
 */
export function refuseTooDeep(value: unknown, recorder: WireRecorder, what: string, carrier?: Carrier): string | undefined {
  const { jsonDepth } = recorder;
  const depth = valueNestingDepth(value);
  if (depth <= jsonDepth) return undefined;
  const hit: LimitHit = { limit: 'jsonDepth', value: jsonDepth, observed: depth, action: 'not read further' };
  recorder.meta('limit-exceeded', { ...hit }, carrier);
  return describeLimitHit(hit, undefined, what);
}
