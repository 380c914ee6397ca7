import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, type OversizedLine, type SplitLine } from './line-splitter';

function split(chunks: Buffer[], maxLineBytes = 1 << 20) {
  const lines: SplitLine[] = [];
  const oversized: OversizedLine[] = [];
  const splitter = new LineSplitter((l) => lines.push(l), (l) => oversized.push(l), maxLineBytes);
  for (const chunk of chunks) splitter.push(chunk);
  return { lines, oversized, rest: splitter.end() };
}

describe('line splitter', () => {
  it('finds every line and its byte offset however the stream is chunked', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 8 }), fc.array(fc.nat(40), { maxLength: 6 }), (texts, cuts) => {
      const bytes = Buffer.from(texts.join('\n'));
      const chunks: Buffer[] = [];
      let at = 0;
      for (const cut of cuts) {
        chunks.push(bytes.subarray(at, Math.min(bytes.length, at + cut)));
        at = Math.min(bytes.length, at + cut);
      }
      chunks.push(bytes.subarray(at));
      const { lines, rest } = split(chunks);
      const expected = bytes.toString('latin1').split('\n');
      const last = expected.pop() as string;
      expect(lines.map((l) => l.bytes.toString('latin1'))).toEqual(expected);
      for (const line of lines) expect(bytes.subarray(line.offset, line.offset + line.length).equals(line.bytes)).toBe(true);
      expect(rest && 'bytes' in rest ? rest.bytes.toString('latin1') : '').toBe(last);
    }), { numRuns: 300 });
  });

  it('drops an over-long line but reports where it was', () => {
    const { lines, oversized, rest } = split([Buffer.from('ok\n0123'), Buffer.from('456789\nfine\n0123456789')], 8);
    expect(lines.map((l) => [l.bytes.toString(), l.offset])).toEqual([['ok', 0], ['fine', 14]]);
    expect(oversized).toEqual([{ offset: 3, length: 10 }]);
    expect(rest).toEqual({ offset: 19, length: 10 });
  });
});
