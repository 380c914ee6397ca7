import { describe, expect, it } from 'vitest';
import { describeMcpCallError } from './mcp-call-error';

describe('describeMcpCallError', () => {
  it.each([
    [{ type: 'mcp_protocol_error', code: -32602, message: 'Unknown tool: x' }, 'mcp_protocol_error -32602 Unknown tool: x'],
    [{ type: 'mcp_tool_execution_error', content: [{ type: 'text', text: 'patient not found' }, { type: 'image', data: '' }] }, 'mcp_tool_execution_error patient not found'],
    [{ type: 'http_error', code: 424, message: 'timed out' }, 'http_error 424 timed out'],
    [{ type: 'tool_execution_error', message: 'boom' }, 'tool_execution_error boom'],
    ['an old Responses string', 'an old Responses string'],
    [{}, 'unknown error'],
    [null, 'unknown error'],
  ])('reads %j', (error, text) => {
    expect(describeMcpCallError(error)).toBe(text);
  });
});
