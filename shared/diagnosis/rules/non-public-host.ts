/**
 * Why a host cannot be reached from the public Internet, judged from the URL alone (shared code
 * cannot resolve DNS): loopback, private, link-local and carrier-grade NAT addresses, `localhost`,
 * mDNS `.local`, special-use suffixes and single-label names that public DNS never answers.
 * null when the host looks public.
 */
const PRIVATE_SUFFIXES = ['.local', '.localhost', '.internal', '.lan', '.home.arpa', '.intranet', '.corp', '.home'];

export function nonPublicHostReason(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost') return 'localhost is this machine, not a host OpenAI can reach';
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return ipv4Reason(v4.slice(1).map(Number));
  if (host.includes(':')) return ipv6Reason(host);
  const suffix = PRIVATE_SUFFIXES.find((s) => host.endsWith(s));
  if (suffix) return `${host} ends in ${suffix}, a name public DNS does not serve (mDNS or a private zone)`;
  if (!host.includes('.')) return `${host} is a single-label name that only a local resolver answers`;
  return null;
}

function ipv4Reason([a, b]: number[]): string | null {
  if (a === 127) return 'a loopback address (127.0.0.0/8)';
  if (a === 10 || (a === 172 && (b ?? 0) >= 16 && (b ?? 0) <= 31) || (a === 192 && b === 168)) return 'a private address (RFC 1918)';
  if (a === 169 && b === 254) return 'a link-local address (169.254.0.0/16)';
  if (a === 100 && (b ?? 0) >= 64 && (b ?? 0) <= 127) return 'a carrier-grade NAT address (100.64.0.0/10)';
  if (a === 0) return 'an unspecified address (0.0.0.0/8)';
  return null;
}

function ipv6Reason(host: string): string | null {
  if (host === '::1') return 'the IPv6 loopback address';
  if (host === '::') return 'the unspecified IPv6 address';
  const mapped = /^::ffff:(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (mapped) return ipv4Reason([Number(mapped[1]), Number(mapped[2])]);
  if (/^f[cd][0-9a-f]{0,2}:/.test(host)) return 'a unique-local IPv6 address (fc00::/7)';
  if (/^fe[89ab][0-9a-f]?:/.test(host)) return 'a link-local IPv6 address (fe80::/10)';
  return null;
}
