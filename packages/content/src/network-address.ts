/**
 * Which network addresses a webhook may reach. The content validator checks the webhook
 * URLs PMs write (literal addresses and `localhost` names); the collector checks every
 * address a name resolves to, at delivery, and connects to the address it checked. One
 * rule for both, here.
 */

// IPv4 ranges that are not the public internet: [first address as a number, prefix length].
const V4_RANGES: Array<[number, number]> = [
  [0x00000000, 8], // "this network", 0.0.0.0
  [0x0a000000, 8], // private
  [0x64400000, 10], // carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local: cloud metadata services (169.254.169.254)
  [0xac100000, 12], // private
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0000200, 24], // documentation
  [0xc0586300, 24], // 6to4 relay anycast
  [0xc0a80000, 16], // private
  [0xc6120000, 15], // benchmarking
  [0xc6336400, 24], // documentation
  [0xcb007100, 24], // documentation
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved, and the broadcast address
];

/** An IPv4 address in dotted decimal as a 32-bit number, or undefined. */
function parseV4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && +p <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + +p, 0);
}

/** An IPv6 address (with `::`, and a dotted IPv4 tail) as eight 16-bit groups, or undefined. */
function parseV6(ip: string): number[] | undefined {
  let text = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = parseV4(tail[1]!);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, tail.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map((h) => (h ? h.split(':') : []));
  if (!groups.every((g) => g.every((x) => /^[0-9a-f]{1,4}$/i.test(x)))) return undefined;
  const [head, rest] = groups as [string[], string[] | undefined];
  const missing = 8 - head.length - (rest?.length ?? 0);
  if (rest ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<string>(rest ? missing : 0).fill('0'), ...(rest ?? [])].map((x) => parseInt(x, 16));
}

function privateV4(n: number): boolean {
  return V4_RANGES.some(([first, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(first / 2 ** (32 - bits)));
}

function privateV6(g: number[]): boolean {
  const embedded = (hi: number, lo: number) => privateV4(hi * 65536 + lo);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) {
    // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), :: and ::1.
    return g[5] === 0 && g[6] === 0 ? true : embedded(g[6]!, g[7]!);
  }
  if (g[0] === 0x64 && g[1] === 0xff9b) return g[2] !== 0 || !zeros(3, 6) || embedded(g[6]!, g[7]!); // NAT64 (local-use /48 is private)
  if (g[0] === 0x2002) return embedded(g[1]!, g[2]!); // 6to4 carries its IPv4 address
  if (g[0] === 0x2001 && (g[1] === 0 || g[1] === 0xdb8)) return true; // Teredo (obfuscated IPv4), documentation
  if (g[0] === 0x100 && zeros(1, 4)) return true; // discard-only
  const top = g[0]!;
  return (top & 0xfe00) === 0xfc00 || (top & 0xffc0) === 0xfe80 || (top & 0xffc0) === 0xfec0 || (top & 0xff00) === 0xff00; // unique local, link-local, site-local, multicast
}

/**
 * Whether an IP address (dotted IPv4, or IPv6 with or without brackets) is one a webhook
 * must not reach unless private targets are allowed: loopback, private ranges, link-local
 * (where cloud metadata services answer), carrier-grade NAT, unspecified, multicast,
 * documentation and reserved ranges, and IPv6 forms that carry such an IPv4 address
 * (mapped, compatible, NAT64, 6to4). Anything that does not parse counts as private.
 */
export function isPrivateAddress(ip: string): boolean {
  const v4 = parseV4(ip);
  if (v4 !== undefined) return privateV4(v4);
  const v6 = parseV6(ip);
  return v6 === undefined || privateV6(v6);
}

/**
 * Why a webhook URL is refused, or undefined when it may be used: it must be an absolute
 * http(s) URL, and unless `allowPrivate`, its host must not be a private address (see
 * {@link isPrivateAddress}) or a `localhost` name. The URL parser reads the host first, so
 * `http://0x7f000001/`, `http://127.1/` and `http://2130706433/` are all 127.0.0.1 here
 * as they are to any HTTP client. A host name is checked again at delivery, on every
 * address it resolves to.
 */
export function webhookUrlProblem(url: string, allowPrivate = false): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http(s) URL';
  if (allowPrivate) return undefined;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  const literal = /^[\d.]+$/.test(host) || host.startsWith('[');
  if (host === 'localhost' || host.endsWith('.localhost') || (literal && isPrivateAddress(host))) {
    return `must not point to a loopback, private or link-local address (${parsed.hostname}); a self-hosted installation can allow them with \`--allow-private-webhooks\``;
  }
  return undefined;
}
