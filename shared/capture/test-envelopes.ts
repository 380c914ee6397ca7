import type { Envelope } from './envelope';

/**
 * Builds envelopes for tests the way a sink would: seq and t assigned in order. Lives beside
 * the code it serves; not imported by anything outside tests.
 */
export function envelopeFactory(startT = Date.UTC(2026, 10, 25, 12, 0, 0)) {
  let seq = 0;
  let t = startT;
  return (fields: Omit<Envelope, 'seq' | 't'> & { dt?: number }): Envelope => {
    const { dt = 1, ...rest } = fields;
    t += dt;
    return { ...rest, seq: ++seq, t };
  };
}
