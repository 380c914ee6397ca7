import { describe, expect, it } from 'vitest';
import { resolveHostAddresses } from './host-addresses';

describe('resolveHostAddresses', () => {
  it('asks the system resolver (so /etc/hosts counts): localhost is loopback', async () => {
    const found = await resolveHostAddresses('http://localhost:8000/sse');
    expect(found?.host).toBe('localhost');
    expect(found?.addresses.length).toBeGreaterThan(0);
    expect(found?.addresses.every((a) => a === '::1' || a.startsWith('127.'))).toBe(true);
  });

  it('gives nothing for an IP literal, a bad URL or a name that cannot resolve (.invalid never does)', async () => {
    expect(await resolveHostAddresses('http://127.0.0.1:8000/sse')).toBeNull();
    expect(await resolveHostAddresses('http://[::1]:8000/sse')).toBeNull();
    expect(await resolveHostAddresses('not a url')).toBeNull();
    expect(await resolveHostAddresses('https://mcp.parallax-test.invalid/sse', 3000)).toBeNull();
  });
});
