import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../shared/capture/limits';
import { ResponseBodyRecorder } from './response-body-recorder';

const sse = () => new ResponseBodyRecorder(() => 0, DEFAULT_LIMITS, { sse: true, json: false, jsonRpc: true });

describe('ResponseBodyRecorder line lengths (what sse-line-bytes bounds)', () => {
  it('counts the open line across chunks and CR, LF and CRLF endings', () => {
    const body = sse();
    body.push(Buffer.from('data: ab\r\n'));
    expect(body.openLineBytes).toBe(8);
    body.push(Buffer.from('data: 0123'));
    expect(body.openLineBytes).toBe(10);
    body.push(Buffer.from('456789\r'));
    expect(body.openLineBytes).toBe(16);
    body.push(Buffer.from('\n\n'));
    expect(body.openLineBytes).toBe(0);
    body.push(Buffer.from('id: 1\rdata: a line of 31 bytes, counted\nda'));
    expect(body.openLineBytes).toBe('data: a line of 31 bytes, counted'.length);
    body.push(Buffer.from('ta'));
    expect(body.openLineBytes).toBe(4);
  });

  it('does not count lines of a body that is not SSE', () => {
    const body = new ResponseBodyRecorder(() => 0, DEFAULT_LIMITS, { sse: false, json: true, jsonRpc: true });
    body.push(Buffer.from('x'.repeat(1000)));
    expect(body.openLineBytes).toBe(0);
    expect(body.openMessageBytes).toBe(1000);
  });
});
