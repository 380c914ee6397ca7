import type { HeaderList } from '../../shared/capture/envelope';

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1) describe one connection, not the message: a proxy must not
 * forward them, nor any field the `Connection` header names. Node writes its own framing
 * (`Transfer-Encoding`, `Content-Length` stays end-to-end) on each side.
 */
const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade']);

/** Node's `rawHeaders` (name, value, name, value, ...) as ordered pairs, case and repeats kept. */
export function pairsFromRaw(raw: readonly string[]): HeaderList {
  const list: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([raw[i] ?? '', raw[i + 1] ?? '']);
  return list;
}

export function flatten(headers: HeaderList): string[] {
  return headers.flat();
}

export function headerValue(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

export function withoutHopByHop(headers: HeaderList, alsoDrop: readonly string[] = []): HeaderList {
  const named = new Set(alsoDrop.map((n) => n.toLowerCase()));
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'connection') continue;
    for (const token of value.split(',')) if (token.trim() !== '') named.add(token.trim().toLowerCase());
  }
  return headers.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()) && !named.has(name.toLowerCase()));
}

/** Replaces (or adds) one header, keeping its position; used for `Host`, which must name the upstream. */
export function withHeader(headers: HeaderList, name: string, value: string): HeaderList {
  const lower = name.toLowerCase();
  const index = headers.findIndex(([n]) => n.toLowerCase() === lower);
  if (index < 0) return [[name, value], ...headers];
  return headers.flatMap(([n, v], i): HeaderList => (n.toLowerCase() !== lower ? [[n, v]] : i === index ? [[n, value]] : []));
}
