import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BoundedSseSplitter, type BoundedSsePiece } from './bounded-sse';
import { ClippedBody } from './clipped-body';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Feeds the text in pieces of `step` characters, as a socket would. */
function split(text: string, limit: number, step: number): BoundedSsePiece[] {
  const splitter = new BoundedSseSplitter(limit);
  const pieces: BoundedSsePiece[] = [];
  for (let i = 0; i < text.length; i += step) pieces.push(...splitter.push(text.slice(i, i + step)));
  return [...pieces, ...splitter.end()];
}

describe('bounded SSE splitter', () => {
  it('passes events within the limit through whole, and clips one beyond it with its exact length and hash', () => {
    const small = 'data: a\n\n';
    const big = `data: ${'b'.repeat(300_000)}\r\n\r\n`;
    for (const step of [7, 4096, 1_000_000]) {
      const pieces = split(small + big + small, 100_000, step);
      expect(pieces.map((p) => p.kind)).toEqual(['block', 'clipped', 'block']);
      const clipped = pieces[1] as Extract<BoundedSsePiece, { kind: 'clipped' }>;
      expect(clipped.kept).toMatchObject({ size: big.length, truncated: true, clip: { sha256: sha256(big) } });
      expect(clipped.incomplete).toBe(false);
      expect(big.startsWith(clipped.kept.raw.slice(0, clipped.kept.clip?.head))).toBe(true);
      expect(big.endsWith(clipped.kept.raw.slice(clipped.kept.clip?.head))).toBe(true);
    }
  });

  it('finds a block end split across pushes while an event overflows', () => {
    const big = `data: ${'c'.repeat(200_000)}\r\n\r\n`;
    const pieces = split(`${big}data: next\n\n`, 50_000, 65_537);
    expect(pieces.map((p) => p.kind)).toEqual(['clipped', 'block']);
    expect(pieces[1]).toMatchObject({ block: { raw: 'data: next\n\n' } });
  });

  it('gives an event the stream cut off as incomplete, and holds little while one never ends', () => {
    const splitter = new BoundedSseSplitter(10_000);
    for (let i = 0; i < 200; i++) expect(splitter.push('d'.repeat(5_000))).toEqual([]);
    expect(splitter.overflowing).toBe(true);
    const [last] = splitter.end();
    expect(last).toMatchObject({ kind: 'clipped', incomplete: true, kept: { size: 1_000_000, truncated: true } });
  });
});

describe('clipped body', () => {
  it('keeps a payload within its limit whole and unmarked', () => {
    const body = new ClippedBody(10);
    body.push(Buffer.from('0123456789'));
    expect(body.kept()).toEqual({ raw: '0123456789', size: 10 });
    expect(body.hit()).toBeUndefined();
  });

  it('never cuts a UTF-8 character into a replacement character at either end', () => {
    const text = 'é'.repeat(50);
    const body = new ClippedBody(20, 'frameBytes', 5);
    for (const byte of Buffer.from(text)) body.push(Buffer.from([byte]));
    const kept = body.kept();
    expect(kept.raw).not.toContain('\uFFFD');
    expect(kept.raw).toBe('éééé');
    expect(kept.clip).toEqual({ head: 2, sha256: sha256(text) });
    expect(body.hit()).toEqual({ limit: 'frameBytes', value: 20, observed: 100, action: 'kept head/tail/hash' });
  });
});
