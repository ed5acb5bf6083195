// The portal's own origin (scheme, host, port): from NEXTAUTH_URL; X-Forwarded-Host/-Proto only
// when the socket peer is a trusted proxy (never reflected from an arbitrary client). Used by
// the CSRF check and for absolute URLs (SCIM Location / meta.location). Pure.

/** "https" + "portal.example.com:8443" → "https://portal.example.com:8443"; null when not a plain http(s) host. */
export function originFrom(proto: string | null | undefined, host: string | null | undefined): string | null {
  const p = proto?.split(",")[0]?.trim().toLowerCase();
  const h = host?.split(",")[0]?.trim();
  if ((p !== "http" && p !== "https") || !h) return null;
  // a host only: no userinfo, path, query or fragment smuggled in
  if (!/^[a-z0-9.\-[\]:]+$/i.test(h)) return null;
  try {
    return new URL(`${p}://${h}`).origin;
  } catch {
    return null;
  }
}

export function originOfUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

export type OriginInputs = {
  /** NEXTAUTH_URL */
  configured?: string;
  /** the socket peer is a trusted proxy */
  viaTrustedProxy: boolean;
  forwardedProto: string | null;
  forwardedHost: string | null;
  /** the Host header (used only when NEXTAUTH_URL is not set) */
  host: string | null;
};

/** Origins a same-site request may carry, best first. */
export function portalOrigins(i: OriginInputs): string[] {
  const out: string[] = [];
  const configured = originOfUrl(i.configured);
  if (configured) out.push(configured);
  if (i.viaTrustedProxy) {
    const fwd = originFrom(i.forwardedProto, i.forwardedHost);
    if (fwd && !out.includes(fwd)) out.push(fwd);
  }
  if (!configured) {
    const direct = originFrom("http", i.host);
    if (direct && !out.includes(direct)) out.push(direct);
  }
  return out;
}
