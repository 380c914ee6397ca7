import { describe, expect, it } from 'vitest';
import { nonPublicHostReason } from './non-public-host';

describe('nonPublicHostReason', () => {
  it.each([
    ['http://localhost:8000/sse', /localhost/],
    ['http://127.0.0.1:9/mcp', /loopback/],
    ['http://10.1.2.3/mcp', /private/],
    ['http://172.20.0.5/mcp', /private/],
    ['http://192.168.1.10/mcp', /private/],
    ['http://169.254.169.254/mcp', /link-local/],
    ['http://100.100.1.1/mcp', /carrier-grade/],
    ['http://[::1]:8000/mcp', /IPv6 loopback/],
    ['http://[fd12:3456::1]/mcp', /unique-local/],
    ['http://[fe80::1]/mcp', /link-local IPv6/],
    ['http://printer.local/mcp', /\.local/],
    ['http://mcp.internal/mcp', /\.internal/],
    ['http://devbox:8000/mcp', /single-label/],
  ])('%s is not public', (url, reason) => {
    expect(nonPublicHostReason(url)).toMatch(reason);
  });

  it.each(['https://mcp.example.com/mcp', 'https://8.8.8.8/sse', 'https://172.32.0.1/mcp', 'not a url'])('%s is public or unknown', (url) => {
    expect(nonPublicHostReason(url)).toBeNull();
  });
});
