import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** What a server URL's host name resolved to here, for the record: OpenAI resolves it from the public Internet. */
export interface HostAddresses {
  host: string;
  addresses: string[];
}

/**
 * The addresses `url`'s host name resolves to on this machine (the system resolver, so
 * /etc/hosts counts), or null for an IP literal, a bad URL, a failed lookup or one slower than
 * `timeoutMs`. A name that resolves only to private addresses here is one OpenAI cannot reach.
 */
export async function resolveHostAddresses(url: string, timeoutMs = 2000): Promise<HostAddresses | null> {
  if (!URL.canParse(url)) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host === '' || isIP(host) !== 0) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); });
  try {
    const found = await Promise.race([lookup(host, { all: true }).catch(() => null), late]);
    return found && found.length > 0 ? { host, addresses: [...new Set(found.map((a) => a.address))].slice(0, 16) } : null;
  } finally {
    clearTimeout(timer);
  }
}
