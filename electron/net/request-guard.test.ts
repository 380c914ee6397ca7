import http from 'node:http';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './listen';
import { createRequestGuard, parseAllowedHost, parseAllowedOrigin, type RequestGuardOptions } from './request-guard';
import { rawRequest } from './test-support/raw-request';

const servers: http.Server[] = [];
/** The port a name is allowed on when allowed on one port only (nothing listens there: Host is what the client says). */
const ONE_PORT = 40123;
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A server on 127.0.0.1 behind the guard that answers 200 to what passes, and opens upgrades that pass with 101. */
async function guarded(options: RequestGuardOptions = {}): Promise<number> {
  const guard = createRequestGuard(options);
  const server = http.createServer(guard.http((_req, res) => res.end('passed')));
  server.on('upgrade', guard.upgrade((_req, socket) => {
    socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
  }));
  servers.push(server);
  return listen(server, 0, '127.0.0.1');
}

describe('request guard', () => {
  it('answers the loopback names with the listening port, without and with a local Origin', async () => {
    const port = await guarded();
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await rawRequest(port, { host })).status).toBe(200);
      expect((await rawRequest(port, { host, upgrade: true })).status).toBe(101);
    }
    for (const origin of ['http://localhost:3000', 'https://127.0.0.1', 'http://[::1]:8080', 'http://127.0.0.2:5173', `http://127.0.0.1:${port}`]) {
      expect((await rawRequest(port, { origin })).status).toBe(200);
    }
  });

  it('refuses a foreign Host with 421 naming it and the flag, on HTTP and on the upgrade', async () => {
    const port = await guarded({ command: 'parallax proxy' });
    for (const upgrade of [false, true]) {
      const answer = await rawRequest(port, { host: `attacker.example:${port}`, upgrade });
      expect(answer.status).toBe(421);
      expect(answer.body).toContain(`"attacker.example:${port}"`);
      expect(answer.body).toContain('parallax proxy --allow-host attacker.example');
    }
    // The right name on the wrong port is a different server's name.
    expect((await rawRequest(port, { host: `127.0.0.1:${port + 1}` })).status).toBe(421);
    expect((await rawRequest(port, { host: 'localhost' })).status).toBe(421);
    expect((await rawRequest(port, { host: 'a@b' })).status).toBe(421);
  });

  it('refuses a foreign Origin with 403 naming it and the flag, on HTTP and on the upgrade', async () => {
    const port = await guarded({ command: 'parallax tap-realtime' });
    for (const upgrade of [false, true]) {
      const answer = await rawRequest(port, { origin: 'https://evil.example', upgrade });
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('"https://evil.example"');
      expect(answer.body).toContain('parallax tap-realtime --allow-origin https://evil.example');
    }
    for (const origin of ['null', 'file://', 'chrome-extension://abc', 'http://localhost.evil.example', 'not a url']) {
      expect((await rawRequest(port, { origin })).status).toBe(403);
    }
  });

  it('lets in the names and origins the user allowed: a name without a port on any port, with one on that port only', async () => {
    const port = await guarded({ allowHosts: ['abc.trycloudflare.com', `box.lan:${ONE_PORT}`], allowOrigins: ['https://app.example.com/'] });
    expect((await rawRequest(port, { host: 'abc.trycloudflare.com' })).status).toBe(200);
    expect((await rawRequest(port, { host: 'ABC.trycloudflare.com:443', upgrade: true })).status).toBe(101);
    expect((await rawRequest(port, { host: `box.lan:${ONE_PORT}` })).status).toBe(200);
    expect((await rawRequest(port, { host: 'box.lan:1' })).status).toBe(421);
    expect((await rawRequest(port, { origin: 'https://app.example.com' })).status).toBe(200);
    expect((await rawRequest(port, { origin: 'https://app.example.com', upgrade: true })).status).toBe(101);
    // A page served through the tunnel's name is that name's own origin.
    expect((await rawRequest(port, { host: 'abc.trycloudflare.com', origin: 'https://abc.trycloudflare.com' })).status).toBe(200);
    expect((await rawRequest(port, { origin: 'https://other.example.com' })).status).toBe(403);
  });

  it('bound to all addresses, also answers to the machine\'s name and to the address it is reached at, and says so', async () => {
    const guard = createRequestGuard({ bindHost: '0.0.0.0' });
    const port = await guarded({ bindHost: '0.0.0.0' });
    expect((await rawRequest(port, { host: `${hostname()}:${port}` })).status).toBe(200);
    expect((await rawRequest(port, { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await rawRequest(port, { host: `elsewhere.example:${port}` })).status).toBe(421);
    expect(guard.describeHosts(4000)).toContain(`${hostname().toLowerCase()}:4000`);
    expect(guard.describeHosts(4000)).toContain('any address of this machine');
    // On loopback the machine's name is not one of the server's names.
    const loopback = await guarded();
    expect((await rawRequest(loopback, { host: `${hostname()}:${loopback}` })).status).toBe(421);
  });

  it('the browser host\'s variant takes its own origin only, not every loopback one', async () => {
    const port = await guarded({ loopbackOrigins: false });
    expect((await rawRequest(port, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await rawRequest(port, { origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await rawRequest(port, { origin: 'http://localhost:3000' })).status).toBe(403);
  });

  it('refuses malformed flag values before anything listens', () => {
    expect(parseAllowedHost('Abc.trycloudflare.com')).toBe('abc.trycloudflare.com');
    expect(parseAllowedHost('box:8080')).toBe('box:8080');
    expect(() => parseAllowedHost('https://abc.trycloudflare.com')).toThrow(/not a URL: use "abc.trycloudflare.com"/);
    expect(() => parseAllowedHost('a b')).toThrow(/not a host name/);
    expect(parseAllowedOrigin('https://app.example.com/path')).toBe('https://app.example.com');
    expect(() => parseAllowedOrigin('app.example.com')).toThrow(/not an origin/);
    expect(() => parseAllowedOrigin('file:///x')).toThrow(/no origin/);
  });
});
