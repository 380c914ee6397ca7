import { expect } from 'vitest';
import { parseEnvelopeLine, parseHeaderLine, serializeEnvelope, serializeHeader } from '../capture-lines';
import { CAPTURE_VERSION, CaptureHeader, Envelope } from '../envelope';
import { checkEnvelope } from '../envelope-validator';
import type { ImportedCapture } from './imported-capture';

/**
 * Test support for the importers' properties: what any conversion must yield. Envelopes zod and
 * the loader's compiled validator accept and keep whole, numbered 1.., carriers before what they
 * carry, in time order, and a header that writes and reads back.
 */
export function expectSoundCapture(imported: ImportedCapture): void {
  expect(imported.envelopes.length).toBeGreaterThan(0);
  expect(CaptureHeader.safeParse(imported.header).success).toBe(true);
  expect(parseHeaderLine(serializeHeader(imported.header)).header).toEqual(imported.header);
  imported.envelopes.forEach((envelope, i) => {
    expect(envelope.seq).toBe(i + 1);
    expect(Envelope.safeParse(envelope).success).toBe(true);
    const line = serializeEnvelope(envelope);
    // What the loader does with each line: JSON.parse, then the compiled validator.
    expect(checkEnvelope(JSON.parse(line))).toEqual(envelope);
    expect(parseEnvelopeLine(line, CAPTURE_VERSION)).toEqual({ ok: true, envelope });
    if (envelope.link?.carrier !== undefined) expect(envelope.link.carrier).toBeLessThan(envelope.seq);
    if (i > 0) expect(envelope.t).toBeGreaterThanOrEqual((imported.envelopes[i - 1] as Envelope).t);
  });
}
