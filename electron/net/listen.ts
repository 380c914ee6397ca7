import type { Server } from 'node:net';

/**
 * Starts `server` listening and resolves with the port it got (pass 0 for any free one). A bind
 * failure (the port is taken, the host is not an address here) rejects with that error instead
 * of being thrown later as an unhandled 'error' event.
 */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`${host}:${port} is not a TCP address`);
  return address.port;
}

/** `scheme://host:port`, with an IPv6 host in brackets as URLs need it. */
export function originOf(scheme: string, host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
