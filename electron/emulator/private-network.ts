import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * OpenAI's hosted MCP client must reach the server from the public Internet: `localhost`,
 * private ranges and VPN-only hosts never work. The emulator applies the same rule only when
 * asked (the `public-only` fault, or `allowPrivateNetwork: false`), because its fixture servers
 * live on 127.0.0.1.
 */
const nonPublic = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  nonPublic.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  nonPublic.addSubnet(net, prefix, 'ipv6');
}

export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return nonPublic.check(mapped[1], 'ipv4');
    return nonPublic.check(address, 'ipv6');
  }
  return nonPublic.check(address, 'ipv4');
}

/** The first loopback/private address `url`'s host resolves to, or null when all are public. */
export async function nonPublicAddressOf(url: string): Promise<string | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return host;
  const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true }).catch(() => []);
  return addresses.find((a) => isNonPublicAddress(a.address))?.address ?? null;
}
