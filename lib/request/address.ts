// Who is on the other end of a request. Forwarded headers (X-Forwarded-For) are believed only
// when the socket peer is a proxy listed in PROVISIO_TRUSTED_PROXIES (default: none); otherwise
// anyone could pick a fresh address per attempt and walk past the sign-in lockout. Pure.
import net from "node:net";

/** "::ffff:10.0.0.1" → "10.0.0.1"; trims brackets and spaces. */
export function normaliseIp(raw: string): string {
  const s = raw.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  return (mapped ? mapped[1]! : s).toLowerCase();
}

export type TrustedProxies = { has(ip: string): boolean; readonly empty: boolean };

/** "10.0.0.1, 10.1.0.0/16, ::1" → a matcher; null when an entry is not an address or CIDR. */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies | null {
  const list = new net.BlockList();
  const entries = (spec ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    const [addr, bits, extra] = entry.split("/");
    const ip = normaliseIp(addr ?? "");
    const family = net.isIP(ip);
    if (!family || extra !== undefined) return null;
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(ip, type);
    else {
      const n = Number(bits);
      if (!/^\d+$/.test(bits) || n > (family === 4 ? 32 : 128)) return null;
      list.addSubnet(ip, n, type);
    }
  }
  return {
    empty: entries.length === 0,
    has(raw: string) {
      const ip = normaliseIp(raw);
      const family = net.isIP(ip);
      return family !== 0 && list.check(ip, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then the
 * X-Forwarded-For chain is read from the right, skipping trusted proxies, and the first
 * address that is not one is the client (what the nearest untrusted hop connected from).
 */
export function clientAddress(peer: string | null, xff: string | null, trusted: TrustedProxies): string {
  const p = peer ? normaliseIp(peer) : "unknown";
  if (!peer || trusted.empty || !trusted.has(p)) return p;
  const hops = (xff ?? "").split(",").map((h) => normaliseIp(h)).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!net.isIP(hop)) return p; // garbage in the chain: do not believe any of it
    if (!trusted.has(hop)) return hop;
  }
  return hops[0] ?? p;
}
