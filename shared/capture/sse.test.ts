import { describe, expect, it } from 'vitest';
import { parseSseEvent } from './sse';

describe('SSE event parsing', () => {
  it('reads fields the way EventSource does', () => {
    expect(parseSseEvent('event: endpoint\r\ndata: /messages/?session_id=ab\r\n\r\n')).toEqual({
      event: 'endpoint', data: '/messages/?session_id=ab', comments: [],
    });
    expect(parseSseEvent(': ping\nid: 7\nretry: 300\ndata:a\ndata:  b\ndata\n\n')).toEqual({
      id: '7', retry: 300, data: 'a\n b\n', comments: ['ping'],
    });
    expect(parseSseEvent('id\nretry: soon\n\n')).toEqual({ id: '', data: '', comments: [] });
  });
});
