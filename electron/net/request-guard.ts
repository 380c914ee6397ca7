import { hostname as machineHostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isLoopbackHostname } from '../../shared/security/loopback';

/**
 * What the user allowed beyond this machine's own names (`--allow-host`, `--allow-origin`). A
 * host without a port matches it on any port: a tunnel's public name arrives without one.
 */
export interface AccessOptions {
  allowHosts?: readonly string[];
  allowOrigins?: readonly string[];
  /** The CLI command whose `--allow-host`/`--allow-origin` flags a refusal points to; absent when the server was not started by one. */
  command?: string;
  /** Told of each refusal, so a terminal can say why a client (a tunnel without `--allow-host`) gets nothing. */
  onRefused?: (refusal: Refusal) => void;
}

export interface RequestGuardOptions extends AccessOptions {
  /**
   * The address the server listens on. When it is not a loopback address the machine's name is
   * one of the server's names too: that is how another machine on the network reaches it.
   */
  bindHost?: string;
  /**
   * Whether a page on any loopback origin (any port) may call the server: local web tools
   * (a Realtime console on localhost:3000) talk to the tap and the proxy that way. The browser
   * host says no: only its own page may use its socket.
   */
  loopbackOrigins?: boolean;
}

export interface Refusal {
  status: 421 | 403;
  body: string;
}

export interface RequestGuard {
  /** Undefined when the request may go on. */
  check(request: IncomingMessage): Refusal | undefined;
  /** `handler`, run only for requests that pass; the others get the refusal as plain text. */
  http(handler: (request: IncomingMessage, response: ServerResponse) => void): (request: IncomingMessage, response: ServerResponse) => void;
  /** The same for WebSocket upgrades: a refused one gets an HTTP answer and the socket is closed. */
  upgrade<S extends Duplex>(handler: (request: IncomingMessage, socket: S, head: Buffer) => void): (request: IncomingMessage, socket: S, head: Buffer) => void;
  /** The `Host` values accepted on `port`, in words, for a start-up line. */
  describeHosts(port: number): string;
}

export class AccessOptionError extends Error {
  override name = 'AccessOptionError';
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const REASONS = { 421: 'Misdirected Request', 403: 'Forbidden' } as const;

interface HostPort {
  name: string;
  port: number | undefined;
}

/** `name`, `name:port`, `1.2.3.4:port` or `[v6]:port`, lower-cased; undefined for anything else. */
function parseHostHeader(value: string): HostPort | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && port > 65535) return undefined;
  return { name: match[1].toLowerCase().replace(/\.$/, ''), port };
}

/** An `--allow-host` value: a host name or address, optionally with a port. */
export function parseAllowedHost(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new AccessOptionError(`--allow-host takes a host name, not a URL: use ${JSON.stringify(new URL(value).host)} rather than ${JSON.stringify(value)}`);
  const parsed = parseHostHeader(value);
  if (!parsed) throw new AccessOptionError(`--allow-host ${JSON.stringify(value)} is not a host name (e.g. abc.trycloudflare.com, or name:port for one port)`);
  return parsed.port === undefined ? parsed.name : `${parsed.name}:${parsed.port}`;
}

/** An `--allow-origin` value: `scheme://host[:port]`, as a browser sends it. */
export function parseAllowedOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AccessOptionError(`--allow-origin ${JSON.stringify(value)} is not an origin (e.g. https://app.example.com)`);
  }
  if (url.origin === 'null') throw new AccessOptionError(`--allow-origin ${JSON.stringify(value)} has no origin a browser would send (use http:// or https://)`);
  return url.origin;
}

const isLoopbackAddress = (address: string): boolean => address === 'localhost' || address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');

/** A socket's local address as it appears in a Host header (IPv4-mapped IPv6 as plain IPv4). */
function addressAsHostName(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return plain.includes(':') ? `[${plain.toLowerCase()}]` : plain;
}

/**
 * One check for every local server: `Host` must be one of the server's own names (stops DNS
 * rebinding, where a web page's own name resolves to 127.0.0.1), and an `Origin`, which only
 * browsers send, must be local or allowed (stops cross-origin requests from pages the user visits).
 */
export function createRequestGuard(options: RequestGuardOptions = {}): RequestGuard {
  const allowHosts = (options.allowHosts ?? []).map((value) => parseHostHeader(parseAllowedHost(value)) as HostPort);
  const allowOrigins = new Set((options.allowOrigins ?? []).map(parseAllowedOrigin));
  const exposed = options.bindHost !== undefined && !isLoopbackAddress(options.bindHost);
  const wildcard = options.bindHost === '0.0.0.0' || options.bindHost === '::' || options.bindHost === '';
  const machine = exposed ? machineHostname().toLowerCase() : undefined;
  const command = options.command;

  function hostAllowed(host: HostPort, request: IncomingMessage): boolean {
    const local = request.socket.localPort;
    const port = host.port ?? ('encrypted' in request.socket ? 443 : 80);
    // The address the connection arrived on is an IP literal: no DNS name, so no rebinding.
    const own = [...LOOPBACK_NAMES, addressAsHostName(request.socket.localAddress), machine];
    if (port === local && own.includes(host.name)) return true;
    return allowHosts.some((allowed) => allowed.name === host.name && (allowed.port === undefined || allowed.port === port));
  }

  function originAllowed(origin: string, request: IncomingMessage): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (allowOrigins.has(url.origin)) return true;
    if (options.loopbackOrigins !== false && isLoopbackHostname(url.hostname)) return true;
    // A page served under one of the server's own names is the same origin, not a foreign one.
    const host = parseHostHeader(url.host);
    return host !== undefined && hostAllowed({ name: host.name, port: host.port ?? (url.protocol === 'https:' ? 443 : 80) }, request);
  }

  function check(request: IncomingMessage): Refusal | undefined {
    const refusal = judge(request);
    if (refusal) options.onRefused?.(refusal);
    return refusal;
  }

  function judge(request: IncomingMessage): Refusal | undefined {
    const received = request.headers.host ?? '';
    const host = parseHostHeader(received);
    if (!host || !hostAllowed(host, request)) {
      const name = host?.name ?? received;
      const how = command && host ? `If you reach it under that name on purpose (a tunnel, another machine), start it with \`${command} --allow-host ${name}\`.` : command ? 'Send the name you reach it by as Host.' : 'This server takes no other names.';
      return { status: 421, body: `Misdirected Request: this server does not answer to Host ${quote(received)}. It answers to ${describeHosts(request.socket.localPort ?? 0)}. ${how}\n` };
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !originAllowed(origin, request)) {
      const how = command ? `To let that page call it, start it with \`${command} --allow-origin ${origin}\`.` : 'This server takes requests from its own pages only.';
      const who = options.loopbackOrigins === false ? 'only its own page' : 'only local pages (http://localhost, 127.0.0.1 or [::1])';
      return { status: 403, body: `Forbidden: requests from the web page at ${quote(origin)} are refused; ${who} may call this server. ${how}\n` };
    }
    return undefined;
  }

  function describeHosts(port: number): string {
    const bound = exposed && !wildcard ? [addressAsHostName(options.bindHost)] : [];
    const names = [...LOOPBACK_NAMES, ...bound, ...(machine ? [machine] : [])].map((name) => `${name}:${port}`);
    if (wildcard) names.push(`any address of this machine, on port ${port}`);
    names.push(...allowHosts.map((host) => (host.port === undefined ? `${host.name} (any port)` : `${host.name}:${host.port}`)));
    return names.join(', ');
  }

  return {
    check,
    describeHosts,
    http: (handler) => (request, response) => {
      const refusal = check(request);
      if (!refusal) return handler(request, response);
      response.writeHead(refusal.status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', Connection: 'close' }).end(refusal.body);
    },
    upgrade: (handler) => (request, socket, head) => {
      const refusal = check(request);
      if (!refusal) return handler(request, socket, head);
      socket.end(`HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(refusal.body)}\r\nConnection: close\r\n\r\n${refusal.body}`);
    },
  };
}

/** A header value inside a message: quoted, and cut short so a huge one does not fill the answer. */
function quote(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}
