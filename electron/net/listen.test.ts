import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, originOf } from './listen';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('listen', () => {
  it('resolves with the port it got, and rejects when the port is taken', async () => {
    const first = http.createServer();
    servers.push(first);
    const port = await listen(first, 0, '127.0.0.1');
    expect(port).toBeGreaterThan(0);
    const second = http.createServer();
    await expect(listen(second, port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('writes origins with IPv6 hosts in brackets', () => {
    expect(originOf('http', '127.0.0.1', 80)).toBe('http://127.0.0.1:80');
    expect(originOf('ws', '::1', 5317)).toBe('ws://[::1]:5317');
  });
});
