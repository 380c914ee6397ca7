import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseEventSplitter } from './event-splitter';

const splitAll = (chunks: string[]) => {
  const splitter = new SseEventSplitter();
  const blocks = chunks.flatMap((chunk) => splitter.push(chunk));
  return [...blocks, ...splitter.end()];
};

describe('SseEventSplitter', () => {
  it('keeps each block byte for byte, terminator included, and reads its fields', () => {
    const blocks = splitAll(['event: endpoint\ndata: /messages?sessionId=1\n\n', 'id: 7\ndata: {"a":\ndata: 1}\n\n']);
    expect(blocks.map((b) => b.raw)).toEqual(['event: endpoint\ndata: /messages?sessionId=1\n\n', 'id: 7\ndata: {"a":\ndata: 1}\n\n']);
    expect(blocks[0]?.fields).toMatchObject({ event: 'endpoint', data: '/messages?sessionId=1' });
    expect(blocks[1]?.fields).toMatchObject({ id: '7', data: '{"a":\n1}' });
    expect(blocks.every((b) => !b.incomplete)).toBe(true);
  });

  it('treats CRLF as one line ending, even when the CR and LF arrive in different chunks', () => {
    expect(splitAll(['data: a\r\n\r', '\ndata: b\r\n\r\n']).map((b) => b.raw)).toEqual(['data: a\r\n\r\n', 'data: b\r\n\r\n']);
    expect(splitAll(['data: a\r\n', 'x: y\r\n']).map((b) => [b.raw, b.incomplete])).toEqual([['data: a\r\nx: y\r\n', true]]);
    expect(splitAll(['data: a\r\r']).map((b) => [b.raw, b.incomplete])).toEqual([['data: a\r\r', false]]);
  });

  it('flags a trailing partial block as incomplete', () => {
    const blocks = splitAll(['data: {"complete":true}\n\n', 'data: {"cut']);
    expect(blocks.map((b) => [b.raw, b.incomplete])).toEqual([['data: {"complete":true}\n\n', false], ['data: {"cut', true]]);
  });

  it('keeps comments and priming events (id with empty data)', () => {
    const [ping, priming] = splitAll([': keep-alive\n\n', 'id: 0\ndata:\n\n']);
    expect(ping?.fields.comments).toEqual(['keep-alive']);
    expect(priming?.fields).toMatchObject({ id: '0', data: '' });
  });

  it('gives the same blocks however the stream is cut into chunks', () => {
    const line = fc.stringMatching(/^(data|event|id|: c)(: [a-z{}":,0-9 ]{0,12})?$/);
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    const block = fc.tuple(fc.array(fc.tuple(line, ending), { minLength: 1, maxLength: 4 }), ending)
      .map(([lines, end]) => lines.map(([text, e]) => text + e).join('') + end);
    fc.assert(fc.property(fc.array(block, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (blocks, cuts) => {
      const stream = blocks.join('');
      const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points, stream.length].slice(1).map((end, i, all) => stream.slice(i === 0 ? 0 : all[i - 1], end));
      const whole = splitAll([stream]).map((b) => b.raw);
      expect(splitAll(chunks).map((b) => b.raw)).toEqual(whole);
      expect(whole.join('')).toBe(stream);
    }));
  });
});
