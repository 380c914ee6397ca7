import { describe, expect, it } from 'vitest';
import {
  CaptureFormatError, CaptureVersionError, decodeJsonStringPrefix, parseEnvelopeLine, parseHeaderLine, RAW_KEY,
  serializeEnvelope, serializeHeader, upgrades,
} from './capture-lines';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader, type Envelope } from './envelope';

const header: CaptureHeader = {
  format: CAPTURE_FORMAT, version: CAPTURE_VERSION, app: { name: 'MCP Parallax', version: '0.1.0' },
  createdAt: '2026-11-25T12:00:00.000Z', lanes: [{ lane: 'inspector' }],
};

describe('capture lines', () => {
  it('round-trips a header and an envelope, raw last', () => {
    expect(parseHeaderLine(serializeHeader(header))).toEqual({ header, fileVersion: CAPTURE_VERSION });
    const envelope: Envelope = {
      raw: '{"jsonrpc":"2.0"}', seq: 1, t: 1.5, lane: 'inspector', conn: 'c', layer: 'http', dir: 'out',
      http: { exchange: 'x', phase: 'request', method: 'POST', url: 'http://127.0.0.1/mcp', headers: [['a', 'b'], ['a', 'c']] },
    };
    const line = serializeEnvelope(envelope);
    expect(line.endsWith(`${RAW_KEY}{\\"jsonrpc\\":\\"2.0\\"}"}`)).toBe(true);
    expect(parseEnvelopeLine(line, CAPTURE_VERSION)).toEqual({ ok: true, envelope });
  });

  it('names both versions when the file is newer than the reader', () => {
    const newer = serializeHeader({ ...header, version: CAPTURE_VERSION + 1 });
    expect(() => parseHeaderLine(newer)).toThrow(CaptureVersionError);
    expect(() => parseHeaderLine(newer)).toThrow(`format version ${CAPTURE_VERSION + 1}`);
    expect(() => parseHeaderLine(newer)).toThrow(`format versions 1 to ${CAPTURE_VERSION}`);
  });

  it('has one upgrade step per older version, so every older file stays readable', () => {
    expect(upgrades).toHaveLength(CAPTURE_VERSION - 1);
  });

  it('refuses files that are not captures with a clear reason', () => {
    expect(() => parseHeaderLine('{"log":{}}')).toThrow(/Not an MCP Parallax capture: the first line has no "format" field/);
    expect(() => parseHeaderLine('PK\u0003\u0004')).toThrow(CaptureFormatError);
    expect(() => parseHeaderLine(JSON.stringify({ ...header, version: 0 }))).toThrow(/invalid version 0/);
    expect(() => parseHeaderLine(JSON.stringify({ ...header, lanes: 'x' }))).toThrow(/header is invalid/);
  });

  it('describes bad envelope lines instead of throwing', () => {
    expect(parseEnvelopeLine('{"seq":1', 1)).toMatchObject({ ok: false, reason: expect.stringContaining('not JSON') });
    expect(parseEnvelopeLine('[]', 1)).toEqual({ ok: false, reason: 'not a JSON object' });
    const bad = parseEnvelopeLine(JSON.stringify({ seq: 1, t: 1, lane: 'nowhere', conn: 'c', layer: 'http', dir: 'out', raw: '' }), 1);
    expect(bad).toMatchObject({ ok: false, reason: expect.stringContaining('lane') });
  });

  it('decodes a JSON string cut anywhere, even inside an escape', () => {
    const encoded = JSON.stringify('a"b\\c\u00e9\n\u2028 end').slice(1);
    for (let cut = 0; cut <= encoded.length; cut++) {
      const { text, complete } = decodeJsonStringPrefix(encoded.slice(0, cut));
      expect('a"b\\c\u00e9\n\u2028 end'.startsWith(text)).toBe(true);
      expect(complete).toBe(cut === encoded.length);
    }
  });
});
