import { describe, expect, it } from 'vitest';
import { EndpointEventRewriter } from './legacy-endpoint';

const toRelative = (data: string) => (data.startsWith('http://up.example') ? data.slice('http://up.example'.length) : null);
const run = (chunks: string[]) => {
  const rewriter = new EndpointEventRewriter(toRelative);
  const out = [...chunks.map((c) => rewriter.push(Buffer.from(c))), rewriter.end()];
  return { text: Buffer.concat(out).toString('utf8'), rewriter };
};

describe('EndpointEventRewriter', () => {
  it('rewrites an absolute endpoint split across chunks, and passes the rest untouched', () => {
    const { text, rewriter } = run(['event: endp', 'oint\ndata: http://up.example/messages?sessionId=1\n', '\nevent: message\ndata: {}\n\n']);
    expect(text).toBe('event: endpoint\ndata: /messages?sessionId=1\n\nevent: message\ndata: {}\n\n');
    expect(rewriter.rewritten).toEqual({ from: 'http://up.example/messages?sessionId=1', to: '/messages?sessionId=1' });
  });

  it('leaves a relative endpoint, comments before it and a CRLF stream exactly as sent', () => {
    const input = ': hello\r\n\r\nevent: endpoint\r\ndata: /messages?sessionId=2\r\n\r\n';
    const { text, rewriter } = run([input]);
    expect(text).toBe(input);
    expect(rewriter.rewritten).toBeNull();
  });

  it('stops looking after the first data event, so later endpoint-looking events are not touched', () => {
    const input = 'event: message\ndata: {}\n\nevent: endpoint\ndata: http://up.example/x\n\n';
    expect(run([input]).text).toBe(input);
  });

  it('holds nothing back once the opening is decided: later chunks come out as they go in', () => {
    const rewriter = new EndpointEventRewriter(toRelative);
    rewriter.push(Buffer.from('event: endpoint\ndata: /m\n\n'));
    expect(rewriter.push(Buffer.from('partial ev')).toString()).toBe('partial ev');
  });

  it('passes a stream that never ends its first event on after the holding limit', () => {
    const rewriter = new EndpointEventRewriter(toRelative);
    const big = Buffer.alloc(70 * 1024, 'a');
    expect(rewriter.push(big).byteLength).toBe(big.byteLength);
  });
});
