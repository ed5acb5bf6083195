// SSRF guard for every outbound request: admins type the URL, so it must not reach
// internal services or the cloud metadata endpoint unless the operator allows it.
import dns from "node:dns";
import net from "node:net";
import type { LookupFunction } from "node:net";

export const ALLOW_PRIVATE_HINT =
  "Requests to private, loopback and link-local addresses are refused; set PROVISIO_ALLOW_PRIVATE_TARGETS=true to allow them (for self-hosted apps on your network).";

export class SsrfBlockedError extends Error {
  readonly code = "ssrf_blocked";
  constructor(
    readonly host: string,
    readonly address?: string,
    reason?: string,
  ) {
    super(
      reason ??
        `Refusing to connect to ${host}${address && address !== host ? ` (${address})` : ""}: it is a private target. ${ALLOW_PRIVATE_HINT}`,
    );
    this.name = "SsrfBlockedError";
  }
}

function v4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
}

const V4_BLOCKS: Array<[string, number]> = [
  ["0.0.0.0", 8], // "this network", includes 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, includes 169.254.169.254 metadata
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["192.0.0.0", 24],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved + broadcast
];

function inV4Block(ip: string, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (v4ToInt(ip) & mask) === (v4ToInt(base) & mask);
}

/** Expand an IPv6 literal to 8 16-bit groups (handles :: and embedded IPv4). */
function v6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!net.isIPv4(tail)) return null;
    const n = v4ToInt(tail);
    s = `${s.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = s.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = rest !== undefined && rest !== "" ? rest.split(":") : [];
  const fill = rest === undefined ? 0 : 8 - h.length - t.length;
  if (fill < 0) return null;
  const groups = [...h, ...Array(fill).fill("0"), ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** True for addresses an outbound SCIM call must not reach by default. */
export function isPrivateAddress(ip: string): boolean {
  if (net.isIPv4(ip)) return V4_BLOCKS.some(([b, bits]) => inV4Block(ip, b, bits));
  if (!net.isIPv6(ip)) return true; // not an IP at all: fail closed
  const g = v6Groups(ip);
  if (!g) return true;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  if (g.every((x) => x === 0)) return true; // ::
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 1) return true; // ::1
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d,
  // RFC 2765 SIIT): judge the embedded IPv4
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && ((g4 === 0 && (g5 === 0xffff || g5 === 0)) || (g4 === 0xffff && g5 === 0))) {
    const v4 = `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
    return isPrivateAddress(v4);
  }
  if (g0 === 0x64 && g1 === 0xff9b) return true; // NAT64 can reach private v4
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2002) return true; // 6to4 can embed private v4
  return false;
}

export type SsrfOptions = {
  allowPrivate: boolean;
  /** test seam: replaces the system resolver */
  resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
};

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** Synchronous checks that need no DNS: scheme, credentials in URL, IP literals. */
export function assertUrlAllowed(rawUrl: string | URL, opts: SsrfOptions): URL {
  let url: URL;
  try {
    url = typeof rawUrl === "string" ? new URL(rawUrl) : rawUrl;
  } catch {
    throw new SsrfBlockedError(String(rawUrl), undefined, `"${String(rawUrl)}" is not a valid URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SsrfBlockedError(url.host, undefined, `Only http and https URLs are allowed (got ${url.protocol}).`);
  }
  const host = stripBrackets(url.hostname);
  if (!opts.allowPrivate && net.isIP(host) && isPrivateAddress(host)) throw new SsrfBlockedError(host, host);
  return url;
}

const systemResolve = (hostname: string) =>
  new Promise<Array<{ address: string; family: number }>>((resolve, reject) =>
    dns.lookup(hostname, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))),
  );

/**
 * A `lookup` for node:http(s)/net: resolves, refuses private answers, and hands the
 * socket the very address it checked, so a second (rebinding) resolution never happens.
 */
export function createGuardedLookup(opts: SsrfOptions): LookupFunction {
  const resolve = opts.resolve ?? systemResolve;
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    const host = stripBrackets(hostname);
    const done = (addrs: Array<{ address: string; family: number }>) => {
      const family = typeof options === "object" ? options.family : undefined;
      let list = addrs;
      if (family === 4 || family === 6) list = addrs.filter((a) => a.family === family);
      if (list.length === 0) {
        const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });
        return callback(e);
      }
      if (!opts.allowPrivate) {
        // any private answer refuses the whole name: a mixed answer is a rebinding tell
        const bad = list.find((a) => isPrivateAddress(a.address));
        if (bad) return callback(new SsrfBlockedError(host, bad.address));
      }
      if (typeof options === "object" && options.all) return callback(null, list);
      const first = list[0]!;
      return callback(null, first.address, first.family);
    };
    if (net.isIP(host)) {
      done([{ address: host, family: net.isIPv6(host) ? 6 : 4 }]);
      return;
    }
    resolve(host).then(done, (err: unknown) => callback(err));
  }) as unknown as LookupFunction;
}
